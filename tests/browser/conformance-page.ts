/**
 * The conformance page: in real Chromium, every WebGPU result is compared with the CPU
 * backend's in the same page on the same seeded data —
 * - 'backend': the cases of tests/support/webgpu-conformance.ts on a (CPU, WebGPU)
 *   Backend pair, bundled from source with the page;
 * - 'public-api': the estimators through the built bundle dist/index.js (served beside
 *   the page as ../infogpu/index.js), createEngine 'webgpu' against 'cpu';
 * - 'estimators': every public estimator (tests/support/estimator-conformance.ts) on the
 *   same two engines of the built bundle;
 * - GPU-buffer inputs made by the page's own compute pass and by TensorFlow.js's WebGPU
 *   backend on the engine's device (gpu-input-cases.ts, tfjs-gpu-input-cases.ts).
 * Publishes a ConformanceReport on window.infogpuConformance, renders it as a table and
 * sets #status[data-state] to 'done' (or 'failed' when the page itself broke).
 */
import type * as Infogpu from '../../index.js';
import { runBackendCases } from './backend-cases.js';
import { runEstimatorCases } from './estimator-cases.js';
import type { CaseOutcome, ConformanceReport } from './conformance-report.js';
import { runPublicApiCases } from './public-api-cases.js';
import { runGpuInputCases } from './gpu-input-cases.js';
import { runTfjsGpuInputCases } from './tfjs-gpu-input-cases.js';

const BUILT_BUNDLE = new URL('../infogpu/index.js', import.meta.url).href;

async function describeAdapter(): Promise<string | null> {
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) return null;
  const { vendor, architecture, isFallbackAdapter } = adapter.info;
  return `${[vendor, architecture].filter(Boolean).join(' ') || 'unnamed adapter'}${isFallbackAdapter ? ' (fallback adapter)' : ''}`;
}

function render(cases: readonly CaseOutcome[]): void {
  const body = document.getElementById('cases') as HTMLTableSectionElement;
  for (const outcome of cases) {
    const row = body.insertRow();
    for (const text of [outcome.suite, outcome.name, outcome.ok ? 'pass' : 'FAIL', outcome.detail, outcome.milliseconds.toFixed(0)]) {
      row.insertCell().textContent = text;
    }
    row.className = outcome.ok ? 'pass' : 'fail';
  }
}

async function conformance(): Promise<ConformanceReport> {
  const adapter = await describeAdapter();
  const library = (await import(BUILT_BUNDLE)) as typeof Infogpu;
  let gpu: Infogpu.Engine;
  try {
    gpu = await library.createEngine({ backend: 'webgpu' });
  } catch (error) {
    return { adapter, noAdapterReason: error instanceof Error ? error.message : String(error), cases: [] };
  }
  const cpu = await library.createEngine({ backend: 'cpu' });
  try {
    const backendCases = await runBackendCases();
    const publicApiCases = await runPublicApiCases(library, gpu, cpu);
    const estimatorCases = await runEstimatorCases(gpu, cpu);
    const gpuInputCases = await runGpuInputCases(library, cpu);
    const tfjsCases = await runTfjsGpuInputCases(library, cpu);
    return { adapter, noAdapterReason: null, cases: [...backendCases, ...publicApiCases, ...estimatorCases, ...gpuInputCases, ...tfjsCases] };
  } finally {
    gpu.dispose();
    cpu.dispose();
  }
}

const status = document.getElementById('status') as HTMLElement;
conformance().then(
  (report) => {
    window.infogpuConformance = report;
    render(report.cases);
    const failed = report.cases.filter((c) => !c.ok).length;
    status.textContent = report.noAdapterReason
      ? `no WebGPU adapter: ${report.noAdapterReason}`
      : `${report.cases.length - failed} of ${report.cases.length} cases pass on ${report.adapter ?? 'an unnamed adapter'}`;
    status.dataset.state = 'done';
  },
  (error: unknown) => {
    status.textContent = `the conformance page failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    status.dataset.state = 'failed';
  },
);
