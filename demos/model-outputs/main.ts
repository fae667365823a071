/**
 * The model-outputs page: two logit matrices (generated teacher/student pairs or uploaded
 * files) → `rowDivergence(p, q, { measure, temperature })` in the engine worker; the
 * per-row values as a chart, their mean, and the five rows with the largest divergence.
 * `#model-outputs[data-state|data-outcome|data-backend]` as demo-session.ts.
 */
import type { RowMeasure } from '../../index.js';
import { DemoSession } from '../shared/demo-session.js';
import { defaultWorkerUrl } from '../shared/engine-client.js';
import { element, engineRequestFromUrl, formatDuration, runControls, showValue } from '../shared/page-elements.js';
import type { SampleMatrix } from '../shared/sample-file.js';
import { readChosenFile } from '../shared/sample-upload.js';
import { SeriesChart } from '../shared/series-chart.js';
import { logitPair } from '../shared/synthetic-samples.js';

const TOP_ROWS = 5;

const ui = {
  root: element('model-outputs', HTMLElement),
  ...runControls(),
  source: element('source', HTMLSelectElement),
  generated: element('generated-controls', HTMLElement),
  files: element('file-controls', HTMLElement),
  rows: element('rows', HTMLInputElement),
  vocabulary: element('vocabulary', HTMLInputElement),
  noise: element('noise', HTMLInputElement),
  seed: element('seed', HTMLInputElement),
  pFile: element('p-file', HTMLInputElement),
  qFile: element('q-file', HTMLInputElement),
  shape: element('sample-shape', HTMLElement),
  measure: element('measure', HTMLSelectElement),
  temperature: element('temperature', HTMLInputElement),
  mean: element('mean', HTMLElement),
  unit: element('unit', HTMLElement),
  time: element('time', HTMLElement),
  plot: element('plot', HTMLElement),
  topRows: element('top-rows', HTMLTableSectionElement),
};

const session = new DemoSession(ui, defaultWorkerUrl(import.meta.url), engineRequestFromUrl());
const chart = new SeriesChart(ui.plot, 'row', 'divergence', false);

async function loadLogits(): Promise<{ p: SampleMatrix; q: SampleMatrix }> {
  if (ui.source.value === 'files') return { p: await readChosenFile(ui.pFile, 'logits p'), q: await readChosenFile(ui.qFile, 'logits q') };
  const { teacher, student } = logitPair(Number(ui.rows.value), Number(ui.vocabulary.value), Number(ui.noise.value), Number(ui.seed.value));
  return { p: teacher, q: student };
}

function showTopRows(values: Float64Array): void {
  const order = Array.from(values.keys()).sort((a, b) => values[b] - values[a] || a - b);
  ui.topRows.replaceChildren();
  for (const row of order.slice(0, TOP_ROWS)) {
    const tr = ui.topRows.insertRow();
    tr.insertCell().textContent = String(row);
    showValue(tr.insertCell(), values[row]);
  }
}

ui.source.addEventListener('change', () => {
  ui.generated.hidden = ui.source.value === 'files';
  ui.files.hidden = ui.source.value !== 'files';
});

ui.run.addEventListener('click', () =>
  void session.run(async (progress) => {
    showValue(ui.mean, null);
    ui.topRows.replaceChildren();
    progress.stage('reading the logits');
    const { p, q } = await loadLogits();
    ui.shape.textContent = `p: ${p.rows} × ${p.cols}, q: ${q.rows} × ${q.cols}`;
    progress.stage('row divergences');
    const measure = ui.measure.value as RowMeasure;
    const { result, milliseconds } = await session.client.callWithProgress('rowDivergence', progress.fraction, p, q, { measure, temperature: Number(ui.temperature.value) });
    showValue(ui.mean, result.value);
    ui.unit.textContent = result.unit ?? '';
    ui.time.textContent = formatDuration(milliseconds);
    chart.show(result.values);
    showTopRows(result.values);
  }),
);

void session.start();
