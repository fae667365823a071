/**
 * The embeddable infogpu panel for ML dashboards, framework-agnostic: a custom element
 * `<infogpu-panel measure="mmd" permutations="99">` or `mount(element, options)`. Given two
 * sample sets (`setSamples(x, y)`) it runs one estimator in a Web Worker (WebGPU when the
 * browser has it, else the float64 CPU engine — either way the page stays responsive) and
 * shows the estimate, its p-value or interval, and a plot:
 *
 *   measure 'mmd'       MMD² (unbiased, Gaussian kernel, median bandwidth) with a permutation
 *                       p-value (1 + #{null ≥ observed})/(1 + P); plot: the null histogram
 *   measure 'kl'        kNN KL divergence (Wang–Kulkarni–Verdú, nats) with a subsampling
 *                       confidence interval (Politis–Romano); plot: the history
 *   measure 'sinkhorn'  debiased Sinkhorn divergence S_ε, ε = blur²; plot: the history
 *
 * Every reading (from `setSamples`, or pushed with `update(value)` by a live source such as
 * a drift monitor) is appended to a history chart and announced with an 'infogpu-reading'
 * event whose detail is the PanelReading. A new `setSamples` while one runs cancels it
 * (latest samples win); `cancel()` aborts the run's call through its AbortSignal (terminating
 * the worker if it does not stop within 2 s).
 * Load the bundle's CSS (infogpu-panel.css, uPlot's styles and the panel's) beside the script.
 */
import type { ConfidenceIntervalShown, PanelMeasure, PanelOptions, PanelReading, PanelSamples } from './panel-types.js';
import { CancelledError, EngineClient, type EngineReady } from '../shared/engine-client.js';
import { asSampleMatrix } from '../shared/as-sample-matrix.js';
import { isBadInput, progressDisplay } from '../shared/demo-session.js';
import { mmdPermutationTest } from '../shared/mmd-permutation-test.js';
import { NullHistogramChart } from '../shared/null-histogram-chart.js';
import { describeError, formatValue, showValue } from '../shared/page-elements.js';
import { SeriesChart } from '../shared/series-chart.js';
import './panel-style.css';

export type { ConfidenceIntervalShown, PanelMeasure, PanelOptions, PanelReading, PanelSamples } from './panel-types.js';

const MEASURES: readonly PanelMeasure[] = ['mmd', 'kl', 'sinkhorn'];
const TITLES: Record<PanelMeasure, string> = { mmd: 'MMD² (two-sample test)', kl: 'KL divergence (kNN), nats', sinkhorn: 'Sinkhorn divergence S_ε' };

/** A mounted panel: what `mount` returns and what the custom element delegates to. */
export interface PanelHandle {
  /** Estimates on (x, y), shows and returns the reading; rejects with CancelledError if a newer call or `cancel()` ended it. */
  setSamples(x: PanelSamples, y: PanelSamples): Promise<PanelReading>;
  /** Shows a value computed elsewhere (e.g. a live drift monitor) and adds it to the history. */
  update(value: number, detail?: { pValue?: number | null; interval?: ConfidenceIntervalShown | null }): PanelReading;
  /** Stops the run in flight (aborts its call; a worker that does not stop within 2 s is terminated and restarted on the next setSamples). */
  cancel(): void;
  /** Every reading so far, oldest first. */
  readonly history: readonly PanelReading[];
  /** Terminates the worker and empties the element. */
  destroy(): void;
}

function make<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, parent: HTMLElement, text = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  parent.append(node);
  return node;
}

function checkOptions(options: PanelOptions): Required<Pick<PanelOptions, 'measure' | 'permutations' | 'seed' | 'subsamples' | 'blur' | 'k' | 'backend'>> {
  const measure = options.measure ?? 'mmd';
  if (!MEASURES.includes(measure)) throw new Error(`infogpu-panel: measure must be one of ${MEASURES.join(', ')}, got '${String(measure)}'`);
  const backend = options.backend ?? 'auto';
  if (!['auto', 'webgpu', 'cpu'].includes(backend)) throw new Error(`infogpu-panel: backend must be 'auto', 'webgpu' or 'cpu', got '${String(backend)}'`);
  return {
    measure,
    backend,
    permutations: options.permutations ?? 99,
    seed: options.seed ?? 0,
    subsamples: options.subsamples ?? 30,
    blur: options.blur ?? 0.5,
    k: options.k ?? 3,
  };
}

/** Builds a panel inside `element` (emptied first). */
export function mount(element: HTMLElement, options: PanelOptions = {}): PanelHandle {
  const settings = checkOptions(options);
  const workerUrl = new URL(options.workerUrl ?? '../shared/engine-worker.js', import.meta.url);
  element.replaceChildren();
  element.classList.add('infogpu-panel');
  element.dataset.state = 'idle';
  make('p', 'infogpu-panel-title', element, options.title ?? TITLES[settings.measure]);
  const reading = make('div', 'infogpu-panel-reading', element);
  const valueCell = make('span', 'infogpu-panel-value', reading, '–');
  const detailCell = make('span', 'infogpu-panel-detail', reading, settings.measure === 'mmd' ? `p-value from ${settings.permutations} permutations` : '');
  const backendCell = make('span', 'infogpu-panel-backend', reading);
  const bar = make('div', 'infogpu-panel-bar', element);
  const progressBar = make('progress', '', bar);
  progressBar.max = 1;
  progressBar.value = 0;
  const cancelButton = make('button', '', bar, 'Cancel');
  cancelButton.type = 'button';
  cancelButton.disabled = true;
  const status = make('p', 'infogpu-panel-status', element);
  status.setAttribute('role', 'status');
  let nullChart: NullHistogramChart | null = null;
  if (settings.measure === 'mmd' && settings.permutations > 0) {
    make('p', 'infogpu-panel-chart-title', element, 'MMD² under the null (bars) and observed (red line)');
    nullChart = new NullHistogramChart(make('div', 'infogpu-panel-null', element), 'MMD²');
  }
  make('p', 'infogpu-panel-chart-title', element, 'history of readings');
  const historyChart = new SeriesChart(make('div', 'infogpu-panel-history', element), 'reading', TITLES[settings.measure], true);

  const client = new EngineClient(workerUrl);
  let engine: Promise<EngineReady> | null = null;
  /** Each setSamples is one generation; a newer one, or cancel(), stops the older. */
  let generation = 0;
  let cancelledGeneration = -1;
  const history: PanelReading[] = [];


  function show(entry: PanelReading): PanelReading {
    history.push(entry);
    showValue(valueCell, entry.value);
    for (const key of ['value', 'lower', 'upper']) delete detailCell.dataset[key];
    if (entry.pValue !== null) {
      detailCell.textContent = `p = ${formatValue(entry.pValue)}`;
      detailCell.dataset.value = String(entry.pValue);
    } else if (entry.interval) {
      detailCell.textContent = `${Math.round(entry.interval.level * 100)} % interval [${formatValue(entry.interval.lower)}, ${formatValue(entry.interval.upper)}]`;
      detailCell.dataset.lower = String(entry.interval.lower);
      detailCell.dataset.upper = String(entry.interval.upper);
    } else detailCell.textContent = '';
    backendCell.textContent = entry.backend ? `on ${entry.backend === 'webgpu' ? 'WebGPU' : 'the CPU'}` : 'pushed value';
    historyChart.show(history.map((h) => h.value));
    element.dataset.readings = String(history.length);
    element.dispatchEvent(new CustomEvent<PanelReading>('infogpu-reading', { detail: entry, bubbles: true }));
    return entry;
  }

  function setRunning(running: boolean): void {
    element.dataset.state = running ? 'running' : 'idle';
    cancelButton.disabled = !running;
  }

  async function estimate(xSamples: PanelSamples, ySamples: PanelSamples, mine: number): Promise<Omit<PanelReading, 'index' | 'milliseconds'> & { milliseconds: number }> {
    const x = asSampleMatrix(xSamples, 'x'), y = asSampleMatrix(ySamples, 'y');
    const progress = progressDisplay(progressBar, status, () => mine !== generation || mine === cancelledGeneration);
    if (!client.alive) engine = null;
    const ready = await (engine ??= client.start(settings.backend));
    element.dataset.backend = ready.backend;
    if (settings.measure === 'mmd') {
      const test = await mmdPermutationTest(client, x, y, { permutations: settings.permutations, seed: settings.seed }, progress, (nulls, observed) => nullChart?.show(nulls, observed));
      return { value: test.estimate.value, pValue: test.estimate.pValue, interval: null, backend: ready.backend, n: x.rows, m: y.rows, milliseconds: test.milliseconds };
    }
    if (settings.measure === 'kl') {
      progress.stage(`KL divergence with a ${settings.subsamples}-subsample interval`);
      const { result, milliseconds } = await client.callWithProgress('divergence', progress.fraction, x, y, { measure: 'kl', k: settings.k, seed: settings.seed, interval: { subsamples: settings.subsamples } });
      return { value: result.value, pValue: null, interval: result.interval, backend: ready.backend, n: x.rows, m: y.rows, milliseconds };
    }
    progress.stage('Sinkhorn divergence');
    const { result, milliseconds } = await client.callWithProgress('sinkhorn', progress.fraction, x, y, { blur: settings.blur });
    return { value: result.value, pValue: null, interval: null, backend: ready.backend, n: x.rows, m: y.rows, milliseconds };
  }

  const handle: PanelHandle = {
    history,
    async setSamples(x, y) {
      if (element.dataset.state === 'running') handle.cancel();
      const mine = ++generation;
      setRunning(true);
      status.classList.remove('infogpu-panel-error');
      try {
        const result = await estimate(x, y, mine);
        status.textContent = `n = ${result.n}, m = ${result.m}, ${result.milliseconds.toFixed(0)} ms`;
        progressBar.max = 1;
        progressBar.value = 1;
        return show({ ...result, index: history.length });
      } catch (error) {
        if (!(error instanceof CancelledError)) {
          status.textContent = `failed: ${describeError(error)}`;
          status.classList.add('infogpu-panel-error');
          if (!isBadInput(error)) console.error(error);
        } else if (mine === generation) status.textContent = 'cancelled';
        throw error;
      } finally {
        if (mine === generation) setRunning(false);
      }
    },
    update(value, detail = {}) {
      if (!Number.isFinite(value)) throw new Error(`infogpu-panel: update(value) needs a finite number, got ${value}`);
      return show({ value, pValue: detail.pValue ?? null, interval: detail.interval ?? null, backend: null, n: null, m: null, milliseconds: null, index: history.length });
    },
    cancel() {
      cancelledGeneration = generation;
      client.abort();
      progressBar.value = 0;
    },
    destroy() {
      client.cancel();
      element.replaceChildren();
    },
  };
  cancelButton.addEventListener('click', () => handle.cancel());
  return handle;
}

/**
 * `<infogpu-panel measure="mmd|kl|sinkhorn" permutations="99" seed="0" subsamples="30"
 * blur="0.5" k="3" backend="auto|webgpu|cpu" label="…" worker-url="…">`: the panel as a custom
 * element; attributes are read when it is connected, and changing one rebuilds it. `setSamples`, `update`, `cancel` and
 * `history` as PanelHandle.
 */
export class InfogpuPanel extends HTMLElement {
  static readonly observedAttributes = ['measure', 'backend', 'permutations', 'seed', 'subsamples', 'blur', 'k', 'label', 'worker-url'];
  private handle: PanelHandle | null = null;

  /** A changed attribute rebuilds a connected panel with the new settings (its history starts afresh). */
  attributeChangedCallback(): void {
    if (!this.handle) return;
    this.handle.destroy();
    this.connectedCallback();
  }

  connectedCallback(): void {
    const number = (name: string) => (this.hasAttribute(name) ? Number(this.getAttribute(name)) : undefined);
    this.handle = mount(this, {
      measure: (this.getAttribute('measure') ?? undefined) as PanelMeasure | undefined,
      backend: (this.getAttribute('backend') ?? undefined) as PanelOptions['backend'],
      permutations: number('permutations'),
      seed: number('seed'),
      subsamples: number('subsamples'),
      blur: number('blur'),
      k: number('k'),
      title: this.getAttribute('label') ?? undefined,
      workerUrl: this.getAttribute('worker-url') ?? undefined,
    });
  }

  disconnectedCallback(): void {
    this.handle?.destroy();
    this.handle = null;
  }

  setSamples(x: PanelSamples, y: PanelSamples): Promise<PanelReading> {
    return this.mounted().setSamples(x, y);
  }

  update(value: number, detail?: { pValue?: number | null; interval?: ConfidenceIntervalShown | null }): PanelReading {
    return this.mounted().update(value, detail);
  }

  cancel(): void {
    this.handle?.cancel();
  }

  get history(): readonly PanelReading[] {
    return this.handle?.history ?? [];
  }

  private mounted(): PanelHandle {
    if (!this.handle) throw new Error('infogpu-panel: the element is not in the document yet');
    return this.handle;
  }
}

if (!customElements.get('infogpu-panel')) customElements.define('infogpu-panel', InfogpuPanel);
