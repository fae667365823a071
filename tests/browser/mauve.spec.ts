/**
 * The MAUVE demo, with WebGPU (software adapter) and without (CPU fallback): MAUVE, MAUVE*
 * and the frontier integral of two generated feature sets as the built library computes
 * them in Node, the frontier plotted; an empty upload fails with a message.
 */
import { loadInNode } from './built-library.js';
import { expectLibraryValue, openDemo, runDemo } from './demo-pages.js';
import { expect, test } from './fixtures.js';
import { FIRST_STREAM, gaussianCloud, SECOND_STREAM } from '../../demos/shared/synthetic-samples.js';

const ROOT = 'mauve';
/**
 * On WebGPU only the nearest-centroid assignments run on the device; with the same
 * assignments (the library's conformance claim at these sizes) the rest is host float64,
 * whose last bits may differ between Chromium's V8 and Node's.
 */
const GPU_TOLERANCE = 1e-9;

test('shows MAUVE and its frontier as the library computes them', async ({ page, webgpuExpected }, testInfo) => {
  const backend = await openDemo(page, 'mauve', ROOT, webgpuExpected);
  const [n, d, shift, dataSeed, seed] = [150, 8, 1, 1, 25];
  await page.locator('#n').fill(String(n));
  await page.locator('#d').fill(String(d));
  await page.locator('#shift').fill(String(shift));
  await page.locator('#data-seed').fill(String(dataSeed));
  await page.locator('#seed').fill(String(seed));
  await runDemo(page, ROOT);

  const library = await loadInNode();
  const engine = await library.createEngine({ backend: 'cpu' });
  try {
    const p = gaussianCloud({ rows: n, cols: d, shift: 0, scale: 1, seed: dataSeed, stream: FIRST_STREAM });
    const q = gaussianCloud({ rows: n, cols: d, shift, scale: 1, seed: dataSeed, stream: SECOND_STREAM });
    const expected = await engine.mauve(p, q, { seed, scaling: 5 });
    await expectLibraryValue(page.locator('#value'), expected.value, backend, GPU_TOLERANCE, 'MAUVE');
    await expectLibraryValue(page.locator('#star'), expected.star.value, backend, GPU_TOLERANCE, 'MAUVE*');
    await expectLibraryValue(page.locator('#frontier-integral'), expected.frontierIntegral, backend, GPU_TOLERANCE, 'frontier integral');
    await expect(page.locator('#clustering')).toHaveText(new RegExp(`^${expected.numBuckets} clusters on ${expected.components} principal components`));
    await expect(page.locator('#plot canvas')).toHaveCount(1);
    console.log(`mauve (${backend}): MAUVE ${expected.value.toPrecision(4)}, MAUVE* ${expected.star.value.toPrecision(4)}, ${expected.numBuckets} clusters`);
    await page.screenshot({ path: testInfo.outputPath('mauve.png'), fullPage: true });
  } finally {
    engine.dispose();
  }

  await page.locator('#source').selectOption('files');
  await page.locator('#p-file').setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
  await runDemo(page, ROOT, 'failed');
  await expect(page.locator('#status')).toHaveText(/empty\.csv: the file is empty/);
});
