/**
 * The MAUVE page: two feature sets (generated Gaussians or uploaded files) →
 * `mauve(p, q, { seed, scaling })` in the engine worker; MAUVE, MAUVE*, the frontier
 * integral, the clustering, and the divergence frontier (frontier-chart.ts).
 * `#mauve[data-state|data-outcome|data-backend]` as demo-session.ts.
 */
import { DemoSession } from '../shared/demo-session.js';
import { defaultWorkerUrl } from '../shared/engine-client.js';
import { FrontierChart } from '../shared/frontier-chart.js';
import { element, engineRequestFromUrl, formatDuration, runControls, showValue } from '../shared/page-elements.js';
import type { SampleMatrix } from '../shared/sample-file.js';
import { readChosenFile } from '../shared/sample-upload.js';
import { FIRST_STREAM, gaussianCloud, SECOND_STREAM } from '../shared/synthetic-samples.js';

const ui = {
  root: element('mauve', HTMLElement),
  ...runControls(),
  source: element('source', HTMLSelectElement),
  generated: element('generated-controls', HTMLElement),
  files: element('file-controls', HTMLElement),
  n: element('n', HTMLInputElement),
  d: element('d', HTMLInputElement),
  shift: element('shift', HTMLInputElement),
  dataSeed: element('data-seed', HTMLInputElement),
  pFile: element('p-file', HTMLInputElement),
  qFile: element('q-file', HTMLInputElement),
  shape: element('sample-shape', HTMLElement),
  seed: element('seed', HTMLInputElement),
  scaling: element('scaling', HTMLInputElement),
  value: element('value', HTMLElement),
  star: element('star', HTMLElement),
  frontierIntegral: element('frontier-integral', HTMLElement),
  clustering: element('clustering', HTMLElement),
  time: element('time', HTMLElement),
  plot: element('plot', HTMLElement),
};

const session = new DemoSession(ui, defaultWorkerUrl(import.meta.url), engineRequestFromUrl());
const chart = new FrontierChart(ui.plot);

async function loadFeatures(): Promise<{ p: SampleMatrix; q: SampleMatrix }> {
  if (ui.source.value === 'files') return { p: await readChosenFile(ui.pFile, 'features p'), q: await readChosenFile(ui.qFile, 'features q') };
  const rows = Number(ui.n.value), cols = Number(ui.d.value), seed = Number(ui.dataSeed.value);
  return {
    p: gaussianCloud({ rows, cols, shift: 0, scale: 1, seed, stream: FIRST_STREAM }),
    q: gaussianCloud({ rows, cols, shift: Number(ui.shift.value), scale: 1, seed, stream: SECOND_STREAM }),
  };
}

ui.source.addEventListener('change', () => {
  ui.generated.hidden = ui.source.value === 'files';
  ui.files.hidden = ui.source.value !== 'files';
});

ui.run.addEventListener('click', () =>
  void session.run(async (progress) => {
    for (const cell of [ui.value, ui.star, ui.frontierIntegral]) showValue(cell, null);
    progress.stage('reading the feature sets');
    const { p, q } = await loadFeatures();
    ui.shape.textContent = `p: ${p.rows} × ${p.cols}, q: ${q.rows} × ${q.cols}`;
    progress.stage('PCA, k-means and the divergence frontier');
    const { result, milliseconds } = await session.client.callWithProgress('mauve', progress.fraction, p, q, { seed: Number(ui.seed.value), scaling: Number(ui.scaling.value) });
    showValue(ui.value, result.value);
    showValue(ui.star, result.star.value);
    showValue(ui.frontierIntegral, result.frontierIntegral);
    ui.clustering.textContent = `${result.numBuckets} clusters on ${result.components} principal components (${(100 * result.keptVariance).toFixed(1)} % of the variance); k-means ${result.kmeans.iterations} iterations, ${result.kmeans.converged ? 'converged' : 'not converged'}`;
    ui.time.textContent = formatDuration(milliseconds);
    chart.show(result.frontier);
  }),
);

void session.start();
