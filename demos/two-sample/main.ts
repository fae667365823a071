/**
 * The two-sample and drift page: two sample sets (generated Gaussians with a mean shift,
 * or two uploaded .csv/.npy files) → MMD² with a permutation p-value and a histogram of
 * its null, the debiased Sinkhorn divergence, and the kNN KL divergence, all run in the
 * engine worker. `#two-sample[data-state|data-outcome|data-backend]` as demo-session.ts.
 */
import { DemoSession } from '../shared/demo-session.js';
import { defaultWorkerUrl } from '../shared/engine-client.js';
import { mmdPermutationTest } from '../shared/mmd-permutation-test.js';
import { NullHistogramChart } from '../shared/null-histogram-chart.js';
import { element, engineRequestFromUrl, formatDuration, runControls, showValue } from '../shared/page-elements.js';
import { permutationPValue } from '../shared/permutation-null.js';
import type { SampleMatrix } from '../shared/sample-file.js';
import { readChosenFile } from '../shared/sample-upload.js';
import { FIRST_STREAM, gaussianCloud, SECOND_STREAM } from '../shared/synthetic-samples.js';

const ui = {
  root: element('two-sample', HTMLElement),
  ...runControls(),
  source: element('source', HTMLSelectElement),
  generated: element('generated-controls', HTMLElement),
  files: element('file-controls', HTMLElement),
  n: element('n', HTMLInputElement),
  d: element('d', HTMLInputElement),
  shift: element('shift', HTMLInputElement),
  seed: element('seed', HTMLInputElement),
  xFile: element('x-file', HTMLInputElement),
  yFile: element('y-file', HTMLInputElement),
  shape: element('sample-shape', HTMLElement),
  permutations: element('permutations', HTMLSelectElement),
  blur: element('blur', HTMLInputElement),
  k: element('k', HTMLInputElement),
  mmdValue: element('mmd-value', HTMLElement),
  mmdP: element('mmd-p', HTMLElement),
  mmdNullP: element('mmd-null-p', HTMLElement),
  mmdTime: element('mmd-time', HTMLElement),
  sinkhornValue: element('sinkhorn-value', HTMLElement),
  sinkhornDetail: element('sinkhorn-detail', HTMLElement),
  sinkhornTime: element('sinkhorn-time', HTMLElement),
  klValue: element('kl-value', HTMLElement),
  klTime: element('kl-time', HTMLElement),
  nullPlot: element('null-plot', HTMLElement),
};

const session = new DemoSession(ui, defaultWorkerUrl(import.meta.url), engineRequestFromUrl());
const nullChart = new NullHistogramChart(ui.nullPlot, 'MMD²');

async function loadSamples(): Promise<{ x: SampleMatrix; y: SampleMatrix }> {
  if (ui.source.value === 'files') return { x: await readChosenFile(ui.xFile, 'sample x'), y: await readChosenFile(ui.yFile, 'sample y') };
  const rows = Number(ui.n.value), cols = Number(ui.d.value), seed = Number(ui.seed.value);
  return {
    x: gaussianCloud({ rows, cols, shift: 0, scale: 1, seed, stream: FIRST_STREAM }),
    y: gaussianCloud({ rows, cols, shift: Number(ui.shift.value), scale: 1, seed, stream: SECOND_STREAM }),
  };
}

function clearResults(): void {
  for (const cell of [ui.mmdValue, ui.mmdP, ui.mmdNullP, ui.sinkhornValue, ui.klValue]) showValue(cell, null);
  for (const cell of [ui.mmdTime, ui.sinkhornDetail, ui.sinkhornTime, ui.klTime]) cell.textContent = '–';
  ui.shape.textContent = '–';
  nullChart.clear();
}

ui.source.addEventListener('change', () => {
  ui.generated.hidden = ui.source.value === 'files';
  ui.files.hidden = ui.source.value !== 'files';
});

ui.run.addEventListener('click', () =>
  void session.run(async (progress) => {
    clearResults();
    progress.stage('reading the samples');
    const { x, y } = await loadSamples();
    ui.shape.textContent = `x: ${x.rows} × ${x.cols}, y: ${y.rows} × ${y.cols}`;
    const client = session.client;
    const seed = Number(ui.seed.value);
    const permutations = Number(ui.permutations.value);
    const test = await mmdPermutationTest(client, x, y, { permutations, seed }, progress, (nulls, observed) => nullChart.show(nulls, observed));
    showValue(ui.mmdValue, test.estimate.value);
    showValue(ui.mmdP, test.estimate.pValue);
    showValue(ui.mmdNullP, permutations > 0 ? permutationPValue(test.estimate.value, test.nulls) : null);
    ui.mmdTime.textContent = formatDuration(test.milliseconds);

    progress.stage('Sinkhorn divergence');
    const sinkhorn = await client.callWithProgress('sinkhorn', progress.fraction, x, y, { blur: Number(ui.blur.value) });
    showValue(ui.sinkhornValue, sinkhorn.result.value);
    ui.sinkhornDetail.textContent = `${sinkhorn.result.iterations} iterations, ${sinkhorn.result.converged ? 'converged' : 'NOT converged'} (marginal error ${sinkhorn.result.marginalError.toExponential(1)})`;
    ui.sinkhornTime.textContent = formatDuration(sinkhorn.milliseconds);

    progress.stage('kNN KL divergence');
    const kl = await client.callWithProgress('divergence', progress.fraction, x, y, { measure: 'kl', k: Number(ui.k.value) });
    showValue(ui.klValue, kl.result.value);
    ui.klTime.textContent = formatDuration(kl.milliseconds);
  }),
);

void session.start();
