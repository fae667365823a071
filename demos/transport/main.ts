/**
 * The optimal-transport page: two seeded 2-D clouds, `sinkhorn(x, y, { blur, plan: true })`
 * in the engine worker, S_ε, OT_ε and ⟨π, C⟩, and the plan drawn as lines (transport-chart.ts).
 * The blur slider is logarithmic: blur = 10^slider. Moving it reruns when the page is idle.
 * `#transport[data-state|data-outcome|data-backend]` as demo-session.ts.
 */
import { DemoSession } from '../shared/demo-session.js';
import { defaultWorkerUrl } from '../shared/engine-client.js';
import { element, engineRequestFromUrl, formatDuration, runControls, showValue } from '../shared/page-elements.js';
import { FIRST_STREAM, gaussianCloud, SECOND_STREAM } from '../shared/synthetic-samples.js';
import { TransportChart } from '../shared/transport-chart.js';

const ui = {
  root: element('transport', HTMLElement),
  ...runControls(),
  n: element('n', HTMLInputElement),
  shift: element('shift', HTMLInputElement),
  seed: element('seed', HTMLInputElement),
  blurExponent: element('blur-exponent', HTMLInputElement),
  blurValue: element('blur-value', HTMLOutputElement),
  value: element('value', HTMLElement),
  otEps: element('ot-eps', HTMLElement),
  transportCost: element('transport-cost', HTMLElement),
  solver: element('solver', HTMLElement),
  time: element('time', HTMLElement),
  plot: element('plot', HTMLElement),
};

const session = new DemoSession(ui, defaultWorkerUrl(import.meta.url), engineRequestFromUrl());
const chart = new TransportChart(ui.plot);

/** blur = 10^slider, rounded to three significant digits (what the page shows and uses). */
function blur(): number {
  return Number((10 ** Number(ui.blurExponent.value)).toPrecision(3));
}

function run(): Promise<void> {
  return session.run(async (progress) => {
    const rows = Number(ui.n.value), seed = Number(ui.seed.value);
    const x = gaussianCloud({ rows, cols: 2, shift: 0, scale: 1, seed, stream: FIRST_STREAM });
    const y = gaussianCloud({ rows, cols: 2, shift: Number(ui.shift.value), scale: 0.5, seed, stream: SECOND_STREAM });
    chart.show(x, y, null);
    progress.stage(`Sinkhorn at blur ${blur()}`);
    const { result, milliseconds } = await session.client.callWithProgress('sinkhorn', progress.fraction, x, y, { blur: blur(), plan: true });
    showValue(ui.value, result.value);
    showValue(ui.otEps, result.otEps);
    showValue(ui.transportCost, result.transportCost);
    ui.solver.textContent = `${result.iterations} iterations after ${result.annealingSteps} ε-scaling steps, ${result.converged ? 'converged' : 'NOT converged'} (marginal error ${result.marginalError.toExponential(1)})`;
    ui.time.textContent = formatDuration(milliseconds);
    chart.show(x, y, result.plan);
  });
}

ui.blurExponent.addEventListener('input', () => (ui.blurValue.textContent = String(blur())));
ui.blurExponent.addEventListener('change', () => void run());
ui.run.addEventListener('click', () => void run());
ui.blurValue.textContent = String(blur());
void session.start();
