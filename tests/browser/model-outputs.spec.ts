/**
 * The model-outputs demo, with WebGPU (software adapter) and without (CPU fallback): the
 * mean row divergence and the rows of largest divergence of a generated teacher/student
 * logit pair as the built library's rowDivergence computes them in Node.
 */
import { loadInNode } from './built-library.js';
import { expectLibraryValue, openDemo, runDemo } from './demo-pages.js';
import { expect, test } from './fixtures.js';
import { ESTIMATOR_TOLERANCE } from '../support/estimator-conformance.js';
import { logitPair } from '../../demos/shared/synthetic-samples.js';

const ROOT = 'model-outputs';

test('shows per-row divergences as the library computes them', async ({ page, webgpuExpected }, testInfo) => {
  const backend = await openDemo(page, 'model-outputs', ROOT, webgpuExpected);
  const [rows, vocabulary, noise, seed, temperature] = [60, 300, 1, 1, 2];
  await page.locator('#rows').fill(String(rows));
  await page.locator('#vocabulary').fill(String(vocabulary));
  await page.locator('#noise').fill(String(noise));
  await page.locator('#seed').fill(String(seed));
  await page.locator('#measure').selectOption('js');
  await page.locator('#temperature').fill(String(temperature));
  await runDemo(page, ROOT);

  const library = await loadInNode();
  const engine = await library.createEngine({ backend: 'cpu' });
  try {
    const { teacher, student } = logitPair(rows, vocabulary, noise, seed);
    const expected = await engine.rowDivergence(teacher, student, { measure: 'js', temperature });
    await expectLibraryValue(page.locator('#mean'), expected.value, backend, ESTIMATOR_TOLERANCE, 'mean JS divergence');
    await expect(page.locator('#unit')).toHaveText(expected.unit ?? '');
    const top = Array.from(expected.values.keys()).sort((a, b) => expected.values[b] - expected.values[a]).slice(0, 5);
    const shown = page.locator('#top-rows tr');
    await expect(shown).toHaveCount(5);
    if (backend === 'cpu') {
      for (const [i, row] of top.entries()) {
        await expect(shown.nth(i).locator('td').first(), `rank ${i + 1}`).toHaveText(String(row));
        await expectLibraryValue(shown.nth(i).locator('td').nth(1), expected.values[row], backend, 0, `row ${row}`);
      }
    } else {
      // Near-equal rows may swap ranks within the f32 tolerance: check each shown row's own value.
      for (let i = 0; i < 5; i++) {
        const row = Number(await shown.nth(i).locator('td').first().textContent());
        await expectLibraryValue(shown.nth(i).locator('td').nth(1), expected.values[row], backend, ESTIMATOR_TOLERANCE, `row ${row}`);
      }
    }
    await expect(page.locator('#plot canvas')).toHaveCount(1);
    console.log(`model outputs (${backend}): mean JS ${expected.value.toPrecision(4)} ${expected.unit}, largest at rows ${top.join(', ')}`);
    await page.screenshot({ path: testInfo.outputPath('model-outputs.png'), fullPage: true });
  } finally {
    engine.dispose();
  }
});
