/**
 * The two-sample and drift demo, with WebGPU (software adapter) and without (CPU fallback):
 * generated Gaussians give MMD² (p-value equal to the library's, and equal to the p-value
 * counted from the plotted null), the Sinkhorn divergence and the kNN KL divergence as the
 * built library computes them in Node; uploaded CSV/NPY files are read and estimated the
 * same way; a binary or malformed file fails with a message shown as text; Cancel recovers.
 */
import { loadInNode } from './built-library.js';
import { expectLibraryValue, openDemo, runDemo, shownValue } from './demo-pages.js';
import { expect, test } from './fixtures.js';
import { ESTIMATOR_TOLERANCE, KERNEL_TOLERANCE } from '../support/estimator-conformance.js';
import { FIRST_STREAM, gaussianCloud, SECOND_STREAM } from '../../demos/shared/synthetic-samples.js';
import type { SampleMatrix } from '../../demos/shared/sample-file.js';

const ROOT = 'two-sample';

/** The library's three statistics on (x, y) on the CPU engine in Node. */
async function expectedOnCpu(x: SampleMatrix, y: SampleMatrix, permutations: number, seed: number, blur: number, k: number) {
  const library = await loadInNode();
  const engine = await library.createEngine({ backend: 'cpu' });
  try {
    return {
      mmd: await engine.mmd(x, y, { permutations, seed }),
      sinkhorn: await engine.sinkhorn(x, y, { blur }),
      kl: await engine.divergence(x, y, { measure: 'kl', k }),
    };
  } finally {
    engine.dispose();
  }
}

/** A NumPy 1.0 .npy file of a little-endian float64 matrix. */
function npy(matrix: SampleMatrix): Buffer {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${matrix.rows}, ${matrix.cols}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const preamble = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(preamble);
  preamble.writeUInt16LE(header.length, 8);
  return Buffer.concat([preamble, Buffer.from(header, 'latin1'), Buffer.from(matrix.data.buffer, matrix.data.byteOffset, matrix.data.byteLength)]);
}

function csv(matrix: SampleMatrix): Buffer {
  const lines = ['a,b'];
  for (let i = 0; i < matrix.rows; i++) lines.push(Array.from(matrix.data.subarray(i * matrix.cols, (i + 1) * matrix.cols), String).join(','));
  return Buffer.from(lines.join('\n'));
}

test('generated samples: MMD² with its null, Sinkhorn and KL as the library computes them', async ({ page, webgpuExpected }, testInfo) => {
  const backend = await openDemo(page, 'two-sample', ROOT, webgpuExpected);
  const [n, d, shift, seed, permutations, blur, k] = [200, 2, 0.3, 1, 19, 0.5, 3];
  await page.locator('#n').fill(String(n));
  await page.locator('#d').fill(String(d));
  await page.locator('#shift').fill(String(shift));
  await page.locator('#seed').fill(String(seed));
  await page.locator('#permutations').selectOption(String(permutations));
  await page.locator('#blur').fill(String(blur));
  await page.locator('#k').fill(String(k));
  await runDemo(page, ROOT);

  const x = gaussianCloud({ rows: n, cols: d, shift: 0, scale: 1, seed, stream: FIRST_STREAM });
  const y = gaussianCloud({ rows: n, cols: d, shift, scale: 1, seed, stream: SECOND_STREAM });
  const expected = await expectedOnCpu(x, y, permutations, seed, blur, k);
  await expect(page.locator('#sample-shape')).toHaveText(`x: ${n} × ${d}, y: ${n} × ${d}`);
  await expectLibraryValue(page.locator('#mmd-value'), expected.mmd.value, backend, KERNEL_TOLERANCE, 'MMD²');
  // The design's claim: the same seed gives the same p-value on both backends.
  expect(await shownValue(page.locator('#mmd-p')), 'MMD p-value').toBe(expected.mmd.pValue);
  expect(await shownValue(page.locator('#mmd-null-p')), 'p-value counted from the plotted null').toBe(expected.mmd.pValue);
  await expectLibraryValue(page.locator('#sinkhorn-value'), expected.sinkhorn.value, backend, ESTIMATOR_TOLERANCE, 'Sinkhorn divergence');
  await expect(page.locator('#sinkhorn-detail')).toHaveText(/ iterations, converged /);
  await expectLibraryValue(page.locator('#kl-value'), expected.kl.value, backend, ESTIMATOR_TOLERANCE, 'kNN KL divergence');
  await expect(page.locator('#null-plot canvas')).toHaveCount(1);
  // The last stage (KL) reported the library's onProgress, which ends at exactly 1.
  await expect(page.locator('#progress')).toHaveAttribute('data-fraction', '1');
  console.log(`two-sample (${backend}): MMD² ${expected.mmd.value.toPrecision(4)} p = ${expected.mmd.pValue}, S_ε ${expected.sinkhorn.value.toPrecision(4)}, KL ${expected.kl.value.toPrecision(4)}; ${await page.locator('#status').textContent()}`);
  await page.screenshot({ path: testInfo.outputPath('two-sample.png'), fullPage: true });
});

test('uploaded CSV and NPY files are estimated; binary and malformed files fail with a message', async ({ page, webgpuExpected }, testInfo) => {
  const backend = await openDemo(page, 'two-sample', ROOT, webgpuExpected);
  const x = gaussianCloud({ rows: 60, cols: 3, shift: 0, scale: 1, seed: 7, stream: FIRST_STREAM });
  const y = gaussianCloud({ rows: 50, cols: 3, shift: 1, scale: 1, seed: 7, stream: SECOND_STREAM });
  await page.locator('#source').selectOption('files');
  await page.locator('#permutations').selectOption('0');
  await page.locator('#x-file').setInputFiles({ name: 'x.csv', mimeType: 'text/csv', buffer: csv(x) });
  await page.locator('#y-file').setInputFiles({ name: 'y.npy', mimeType: 'application/octet-stream', buffer: npy(y) });
  await runDemo(page, ROOT);
  await expect(page.locator('#sample-shape')).toHaveText('x: 60 × 3, y: 50 × 3');
  const expected = await expectedOnCpu(x, y, 0, 1, 0.5, 3);
  await expectLibraryValue(page.locator('#mmd-value'), expected.mmd.value, backend, KERNEL_TOLERANCE, 'MMD² of the uploaded files');
  await expectLibraryValue(page.locator('#kl-value'), expected.kl.value, backend, ESTIMATOR_TOLERANCE, 'KL of the uploaded files');
  await expect(page.locator('#mmd-p')).toHaveText('–');

  // A binary file (not NPY): a clean failure naming the file.
  await page.locator('#x-file').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) });
  await runDemo(page, ROOT, 'failed');
  await expect(page.locator('#status')).toHaveText(/photo\.png: this is a binary file/);
  // Markup in a file stays text: the message quotes it and no element is made from it.
  const markup = '<img id="injected" src="x">';
  await page.locator('#x-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`1,2,3\n4,${markup},6\n`) });
  await runDemo(page, ROOT, 'failed');
  await expect(page.locator('#status')).toContainText(`bad.csv: line 2, field 2: ${JSON.stringify(markup)} is not a number`);
  await expect(page.locator('#injected')).toHaveCount(0);
  // A truncated .npy.
  await page.locator('#x-file').setInputFiles({ name: 'short.npy', mimeType: 'application/octet-stream', buffer: npy(x).subarray(0, 200) });
  await runDemo(page, ROOT, 'failed');
  await expect(page.locator('#status')).toHaveText(/short\.npy: malformed \.npy: shape \(60, 3\) needs 1440 bytes of data/);
  // Ragged rows; then columns that differ between x and y (the library's InvalidInputError).
  await page.locator('#x-file').setInputFiles({ name: 'ragged.csv', mimeType: 'text/csv', buffer: Buffer.from('1,2,3\n4,5\n') });
  await runDemo(page, ROOT, 'failed');
  await expect(page.locator('#status')).toHaveText(/ragged\.csv: line 2 has 2 fields but the first data row has 3/);
  await page.locator('#x-file').setInputFiles({ name: 'two-columns.csv', mimeType: 'text/csv', buffer: Buffer.from('1,2\n3,4\n5,6\n7,8\n9,1\n') });
  await runDemo(page, ROOT, 'failed');
  await expect(page.locator('#status')).toHaveText(/failed during MMD² with 0 permutations: \S+: .*column/);
  await page.screenshot({ path: testInfo.outputPath('two-sample-bad-file.png'), fullPage: true });
});

test('Cancel ends a long run and the page recovers', async ({ page, webgpuExpected }) => {
  await openDemo(page, 'two-sample', ROOT, webgpuExpected);
  await page.locator('#n').fill(webgpuExpected ? '500' : '1000');
  await page.locator('#permutations').selectOption('199');
  await page.locator('#run').click();
  await expect(page.locator('#status')).toHaveText(/^null distribution for the plot: \d+ of 199/, { timeout: 60_000 });
  await page.locator('#cancel').click();
  await expect(page.locator(`#${ROOT}`)).toHaveAttribute('data-outcome', 'cancelled', { timeout: 5_000 });
  await expect(page.locator('#status')).toHaveText(/^cancelled during: null distribution/);
  await expect(page.locator(`#${ROOT}`), 'no new worker after Cancel').toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
});
