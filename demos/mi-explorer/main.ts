/**
 * The MI explorer page: reads n, ρ and k, runs one KSG estimate on each engine (WebGPU
 * when there is one, and the CPU) and then a sweep over ρ on the fastest engine, showing
 * progress, times, a table and a uPlot chart. Every value reaches the DOM as textContent.
 *
 * `#explorer[data-state]`: 'starting' | 'ready' | 'running' (the engines' lifecycle);
 * `#explorer[data-outcome]`: 'done' | 'cancelled' | 'failed' (the last run; absent while one runs).
 * `?backend=webgpu` asks for any WebGPU adapter (a software one too); the default is 'auto'.
 */
import { CancelledError, EstimatorClient, type EstimateReply, type ReadyReply } from './estimator-client.js';
import { EstimatePlot } from './plot.js';
import type { EngineSlot, EstimateTask, GpuRequest } from './protocol.js';

const SEED = 1;
const SWEEP_RHOS = [-0.95, -0.8, -0.6, -0.4, -0.2, 0, 0.2, 0.4, 0.6, 0.8, 0.95];

interface Step {
  readonly task: EstimateTask;
  readonly label: string;
  show(reply: EstimateReply): void;
}

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return found;
}

const ui = {
  explorer: element('explorer', HTMLElement),
  gpuEngine: element('gpu-engine', HTMLElement),
  cpuEngine: element('cpu-engine', HTMLElement),
  seed: element('seed', HTMLElement),
  nExponent: element('n-exponent', HTMLInputElement),
  nValue: element('n-value', HTMLOutputElement),
  rho: element('rho', HTMLInputElement),
  rhoValue: element('rho-value', HTMLOutputElement),
  k: element('k', HTMLSelectElement),
  run: element('run', HTMLButtonElement),
  cancel: element('cancel', HTMLButtonElement),
  progress: element('progress', HTMLProgressElement),
  progressText: element('progress-text', HTMLElement),
  truthValue: element('truth-value', HTMLElement),
  gpuValue: element('gpu-value', HTMLElement),
  gpuTime: element('gpu-time', HTMLElement),
  cpuValue: element('cpu-value', HTMLElement),
  cpuTime: element('cpu-time', HTMLElement),
  sweepEngine: element('sweep-engine', HTMLElement),
  plot: element('plot', HTMLElement),
  sweepRows: element('sweep-rows', HTMLTableSectionElement),
};

const gpuRequest: GpuRequest = new URLSearchParams(location.search).get('backend') === 'webgpu' ? 'webgpu' : 'auto';
const client = new EstimatorClient();
let plot: EstimatePlot | null = null;
let engines: ReadyReply | null = null;

/** 10^exponent rounded to two significant digits (100, 130, 160, 200, … 1,000,000). */
function sampleSize(exponent: number): number {
  const magnitude = 10 ** (Math.floor(exponent + 1e-9) - 1);
  return Math.round(10 ** exponent / magnitude) * magnitude;
}

function nats(value: number): string {
  return value.toFixed(4);
}

function duration(milliseconds: number): string {
  return milliseconds < 1000 ? `${milliseconds.toFixed(0)} ms` : `${(milliseconds / 1000).toFixed(2)} s`;
}

function setState(state: 'starting' | 'ready' | 'running'): void {
  ui.explorer.dataset.state = state;
  ui.run.disabled = state !== 'ready';
  ui.cancel.disabled = state !== 'running';
}

function showParameters(): void {
  ui.nValue.textContent = sampleSize(Number(ui.nExponent.value)).toLocaleString('en-US');
  ui.rhoValue.textContent = Number(ui.rho.value).toFixed(2);
}

async function startEngines(): Promise<void> {
  setState('starting');
  engines = await client.start(gpuRequest);
  ui.gpuEngine.textContent = engines.gpuBackend
    ? `in use (createEngine({ backend: '${gpuRequest}' }))`
    : `not used: ${engines.gpuUnavailableReason ?? 'unknown reason'}`;
  ui.cpuEngine.textContent = 'float64 k-d tree (the reference backend)';
  ui.sweepEngine.textContent = engines.gpuBackend ? 'WebGPU' : 'the CPU';
  plot ??= new EstimatePlot(ui.plot, `KSG estimate (${engines.gpuBackend ? 'WebGPU' : 'CPU'})`);
  setState('ready');
}

function addSweepRow(rho: number, reply: EstimateReply): void {
  const row = ui.sweepRows.insertRow();
  for (const text of [rho.toFixed(2), nats(reply.truth), nats(reply.value), nats(reply.value - reply.truth), duration(reply.milliseconds)]) {
    row.insertCell().textContent = text;
  }
  row.dataset.backend = reply.backend;
}

/** The steps of one run: the chosen (n, ρ) on each engine, then the sweep on the fastest. */
function planRun(ready: ReadyReply): Step[] {
  const n = sampleSize(Number(ui.nExponent.value));
  const rho = Number(ui.rho.value);
  const k = Number(ui.k.value);
  const fastest: EngineSlot = ready.gpuBackend ? 'gpu' : 'cpu';
  const pointSteps: Step[] = (ready.gpuBackend ? (['gpu', 'cpu'] as const) : (['cpu'] as const)).map((slot) => ({
    task: { slot, n, rho, k, seed: SEED },
    label: `ρ = ${rho.toFixed(2)} on ${slot === 'gpu' ? 'WebGPU' : 'the CPU'}`,
    show: (reply) => {
      ui.truthValue.textContent = nats(reply.truth);
      (slot === 'gpu' ? ui.gpuValue : ui.cpuValue).textContent = nats(reply.value);
      (slot === 'gpu' ? ui.gpuTime : ui.cpuTime).textContent = duration(reply.milliseconds);
    },
  }));
  const sweepSteps: Step[] = SWEEP_RHOS.map((sweepRho) => ({
    task: { slot: fastest, n, rho: sweepRho, k, seed: SEED },
    label: `sweep, ρ = ${sweepRho.toFixed(2)}`,
    show: (reply) => {
      addSweepRow(sweepRho, reply);
      plot?.addEstimate(sweepRho, reply.value);
    },
  }));
  return [...pointSteps, ...sweepSteps];
}

function clearResults(): void {
  for (const cell of [ui.truthValue, ui.gpuValue, ui.gpuTime, ui.cpuValue, ui.cpuTime]) cell.textContent = '–';
  ui.sweepRows.replaceChildren();
  plot?.clearEstimates();
  ui.progressText.classList.remove('error');
}

async function run(): Promise<void> {
  if (!engines) return;
  const steps = planRun(engines);
  clearResults();
  delete ui.explorer.dataset.outcome;
  setState('running');
  ui.progress.max = steps.length;
  const start = performance.now();
  let done = 0;
  try {
    for (const step of steps) {
      ui.progress.value = done;
      ui.progressText.textContent = `step ${done + 1} of ${steps.length}: ${step.label}…`;
      step.show(await client.estimate(step.task));
      done++;
    }
    ui.progress.value = done;
    ui.progressText.textContent = `done: ${steps.length} estimates in ${duration(performance.now() - start)}`;
    ui.explorer.dataset.outcome = 'done';
    setState('ready');
  } catch (error) {
    const cancelled = error instanceof CancelledError;
    ui.progressText.textContent = cancelled
      ? `cancelled during step ${done + 1} of ${steps.length}; ${done === 0 ? 'no step had finished' : `the ${done} finished results are kept`}`
      : `failed during step ${done + 1} of ${steps.length}: ${error instanceof Error ? error.message : String(error)}`;
    ui.progressText.classList.toggle('error', !cancelled);
    ui.explorer.dataset.outcome = cancelled ? 'cancelled' : 'failed';
    if (!cancelled) {
      console.error(error);
      client.cancel();
    }
    await startEngines();
  }
}

ui.seed.textContent = String(SEED);
ui.nExponent.addEventListener('input', showParameters);
ui.rho.addEventListener('input', showParameters);
ui.run.addEventListener('click', () => void run());
ui.cancel.addEventListener('click', () => client.cancel());
showParameters();
startEngines().catch((error: unknown) => {
  ui.gpuEngine.textContent = `the estimator worker did not start: ${error instanceof Error ? error.message : String(error)}`;
  ui.gpuEngine.classList.add('error');
  console.error(error);
});
