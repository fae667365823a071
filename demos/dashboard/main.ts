/**
 * The drift dashboard: the seeded stream of simulated-stream.ts is pushed batch by batch,
 * on a timer, to an `engine.driftMonitor({ measure: 'mmd', permutations })` living in the
 * engine worker; each reading goes to the live chart, the embeddable panel (`update`) and
 * the readings table. Start/Pause toggles the timer (a push in flight finishes first; then
 * the status says "paused after batch N").
 * `?backend=webgpu|cpu` as the other demos. For the tests, on #dashboard:
 *
 *   data-state    'starting' | 'ready' | 'streaming' | 'paused' | 'ended' | 'failed'
 *   data-backend  the engine's backend once ready
 */
import { mount } from '../panel/infogpu-panel.js';
import type { DriftReading } from '../../index.js';
import { defaultWorkerUrl, EngineClient } from '../shared/engine-client.js';
import { describeError, element, engineRequestFromUrl, formatDuration, showValue } from '../shared/page-elements.js';
import { DriftChart } from './drift-chart.js';
import { BATCH_ROWS, BATCHES, DIMENSION, DRIFT_BATCH, DRIFT_SHIFT, PERMUTATIONS, REFERENCE_ROWS, simulatedStream, STREAM_SEED, WINDOW_ROWS } from './simulated-stream.js';

/** Pause between the end of one push and the next. */
const PUSH_INTERVAL_MS = 300;

type State = 'starting' | 'ready' | 'streaming' | 'paused' | 'ended' | 'failed';

const ui = {
  root: element('dashboard', HTMLElement),
  engine: element('engine', HTMLElement),
  streamFacts: element('stream-facts', HTMLElement),
  driftPoint: element('drift-point', HTMLElement),
  bandwidth: element('bandwidth', HTMLElement),
  toggle: element('toggle', HTMLButtonElement),
  progress: element('progress', HTMLProgressElement),
  status: element('status', HTMLElement),
  chart: element('chart', HTMLElement),
  panel: element('panel', HTMLElement),
  readings: element('readings', HTMLTableSectionElement),
};

const request = engineRequestFromUrl();
const stream = simulatedStream(STREAM_SEED);
const driftRow = DRIFT_BATCH * BATCH_ROWS;
const client = new EngineClient(defaultWorkerUrl(import.meta.url));
const chart = new DriftChart(ui.chart, BATCHES * BATCH_ROWS, driftRow);
const panel = mount(ui.panel, { measure: 'mmd', permutations: 0, title: `Current drift: MMD² of the last ${WINDOW_ROWS} rows against the reference` });

let monitor: number | null = null;
/** Batches pushed so far. */
let pushed = 0;
let pushing = false;
let timer: ReturnType<typeof setTimeout> | null = null;

ui.streamFacts.textContent =
  `reference ${REFERENCE_ROWS} rows of N(0, I) in d = ${DIMENSION}; ${BATCHES} batches of ${BATCH_ROWS} rows (seed ${STREAM_SEED}); ` +
  `window ${WINDOW_ROWS} rows; p-value from ${PERMUTATIONS} permutations`;
ui.driftPoint.textContent = `from batch ${DRIFT_BATCH + 1} of ${BATCHES} (row ${driftRow + 1} of the stream) the mean moves by ${DRIFT_SHIFT} standard deviation along the first axis`;
ui.progress.max = BATCHES;

function setState(state: State): void {
  ui.root.dataset.state = state;
  ui.toggle.disabled = state !== 'ready' && state !== 'streaming' && state !== 'paused';
  ui.toggle.textContent = state === 'streaming' ? 'Pause' : state === 'paused' ? 'Resume' : state === 'ended' ? 'Ended' : 'Start';
}

function fail(error: unknown): void {
  ui.status.textContent = `failed: ${describeError(error)}`;
  ui.status.classList.add('error');
  setState('failed');
  console.error(error);
}

/** Appends a row to the readings table. */
function record(batch: number, reading: DriftReading, milliseconds: number): void {
  const row = document.createElement('tr');
  row.dataset.batch = String(batch + 1);
  const cell = (text: string, className = ''): HTMLTableCellElement => {
    const td = document.createElement('td');
    td.textContent = text;
    td.className = className;
    row.append(td);
    return td;
  };
  cell(String(batch + 1));
  cell(String(reading.pushed));
  cell(String(Math.min(reading.m, Math.max(0, reading.pushed - driftRow))));
  showValue(cell('', 'value'), reading.value);
  showValue(cell('', 'p-value'), reading.pValue);
  cell(formatDuration(milliseconds));
  ui.readings.append(row);
}

async function pushNext(): Promise<void> {
  timer = null;
  if (monitor === null || pushing) return;
  pushing = true;
  try {
    const batch = pushed;
    const { result, milliseconds } = await client.push(monitor, stream.batches[batch]);
    pushed++;
    ui.progress.value = pushed;
    record(batch, result, milliseconds);
    if (result.value !== null) {
      chart.add(result.pushed, result.value, result.pValue);
      panel.update(result.value, { pValue: result.pValue });
    }
    showValue(ui.bandwidth, result.bandwidths[0] ?? null);
    ui.status.textContent = `batch ${pushed} of ${BATCHES} pushed${pushed > DRIFT_BATCH ? ' (after the drift point)' : ''}, ${formatDuration(milliseconds)}`;
  } catch (error) {
    fail(error);
    return;
  } finally {
    pushing = false;
  }
  if (pushed === BATCHES) {
    client.disposeMonitor(monitor);
    monitor = null;
    ui.status.textContent = `the stream ended after ${BATCHES} batches`;
    setState('ended');
  } else if (ui.root.dataset.state === 'streaming') timer = setTimeout(() => void pushNext(), PUSH_INTERVAL_MS);
  else showPaused();
}

function showPaused(): void {
  ui.status.textContent = `paused after batch ${pushed} of ${BATCHES}`;
}

ui.toggle.addEventListener('click', () => {
  if (ui.root.dataset.state === 'streaming') {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    setState('paused');
    if (!pushing) showPaused();
    return;
  }
  setState('streaming');
  if (!pushing) void pushNext();
});

async function start(): Promise<void> {
  setState('starting');
  const ready = await client.start(request);
  ui.root.dataset.backend = ready.backend;
  ui.engine.textContent = ready.backend === 'webgpu' ? `WebGPU (createEngine({ backend: '${request}' }))` : `the float64 CPU backend: ${ready.cpuReason ?? ''}`;
  monitor = await client.createMonitor({ reference: stream.reference, windowSize: WINDOW_ROWS, measure: 'mmd', permutations: PERMUTATIONS, seed: STREAM_SEED });
  ui.status.textContent = 'ready: press Start';
  setState('ready');
}

start().catch(fail);
