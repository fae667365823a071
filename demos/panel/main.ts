/**
 * The page that embeds the panel twice: a declarative `<infogpu-panel measure="mmd">` and a
 * `mount(div, { measure: 'kl' })`. Estimate draws two seeded Gaussian samples (y shifted by
 * δ along the first axis) and gives them to both panels in turn; a 100 ms timer counts ticks
 * to show the page stays responsive while they run. `?backend=webgpu|cpu` goes to both.
 * `#panel-page[data-outcome]`: 'done' | 'failed' after each Estimate.
 */
import { InfogpuPanel, mount } from './infogpu-panel.js';
import { element, describeError, engineRequestFromUrl } from '../shared/page-elements.js';
import { FIRST_STREAM, gaussianCloud, SECOND_STREAM } from '../shared/synthetic-samples.js';

const ui = {
  root: element('panel-page', HTMLElement),
  n: element('n', HTMLInputElement),
  d: element('d', HTMLInputElement),
  shift: element('shift', HTMLInputElement),
  seed: element('seed', HTMLInputElement),
  estimate: element('estimate', HTMLButtonElement),
  ticks: element('ticks', HTMLOutputElement),
  status: element('status', HTMLElement),
  mmdPanel: element('mmd-panel', InfogpuPanel),
  klHost: element('kl-panel', HTMLElement),
};

const backend = engineRequestFromUrl();
ui.mmdPanel.setAttribute('backend', backend);
const klPanel = mount(ui.klHost, { measure: 'kl', subsamples: 20, seed: 1, backend });

let ticks = 0;
setInterval(() => (ui.ticks.textContent = String(++ticks)), 100);

ui.estimate.addEventListener('click', async () => {
  delete ui.root.dataset.outcome;
  ui.estimate.disabled = true;
  ui.status.textContent = 'estimating…';
  try {
    const rows = Number(ui.n.value), cols = Number(ui.d.value), seed = Number(ui.seed.value);
    const x = gaussianCloud({ rows, cols, shift: 0, scale: 1, seed, stream: FIRST_STREAM });
    const y = gaussianCloud({ rows, cols, shift: Number(ui.shift.value), scale: 1, seed, stream: SECOND_STREAM });
    await ui.mmdPanel.setSamples(x, y);
    await klPanel.setSamples(x, y);
    ui.status.textContent = 'done';
    ui.root.dataset.outcome = 'done';
  } catch (error) {
    ui.status.textContent = `failed: ${describeError(error)}`;
    ui.root.dataset.outcome = 'failed';
  } finally {
    ui.estimate.disabled = false;
  }
});
