/**
 * The optimal-transport demo, with WebGPU (software adapter) and without (CPU fallback):
 * S_ε, OT_ε and ⟨π, C⟩ at the slider's blur as the built library computes them in Node,
 * and moving the blur slider reruns the solver at the new blur.
 */
import { loadInNode } from './built-library.js';
import { expectLibraryValue, openDemo, runDemo } from './demo-pages.js';
import { expect, test } from './fixtures.js';
import { ESTIMATOR_TOLERANCE } from '../support/estimator-conformance.js';
import { FIRST_STREAM, gaussianCloud, SECOND_STREAM } from '../../demos/shared/synthetic-samples.js';

const ROOT = 'transport';

test('shows the Sinkhorn divergence and plan; the blur slider reruns it', async ({ page, webgpuExpected }, testInfo) => {
  const backend = await openDemo(page, 'transport', ROOT, webgpuExpected);
  const [n, shift, seed] = [80, 2, 1];
  await page.locator('#n').fill(String(n));
  await page.locator('#shift').fill(String(shift));
  await page.locator('#seed').fill(String(seed));
  const x = gaussianCloud({ rows: n, cols: 2, shift: 0, scale: 1, seed, stream: FIRST_STREAM });
  const y = gaussianCloud({ rows: n, cols: 2, shift, scale: 0.5, seed, stream: SECOND_STREAM });
  const library = await loadInNode();
  const engine = await library.createEngine({ backend: 'cpu' });
  try {
    await runDemo(page, ROOT);
    // The slider's default 10^−0.5, shown with three significant digits.
    await expect(page.locator('#blur-value')).toHaveText('0.316');
    const sharp = await engine.sinkhorn(x, y, { blur: 0.316, plan: true });
    await expectLibraryValue(page.locator('#value'), sharp.value, backend, ESTIMATOR_TOLERANCE, 'S_ε at blur 0.316');
    await expectLibraryValue(page.locator('#ot-eps'), sharp.otEps, backend, ESTIMATOR_TOLERANCE, 'OT_ε at blur 0.316');
    await expectLibraryValue(page.locator('#transport-cost'), sharp.transportCost, backend, ESTIMATOR_TOLERANCE, '⟨π, C⟩ at blur 0.316');
    await expect(page.locator('#solver')).toHaveText(/ converged /);
    await expect(page.locator('#progress'), 'the library\'s onProgress, relayed by the worker, ends at 1').toHaveAttribute('data-fraction', '1');
    await page.screenshot({ path: testInfo.outputPath('transport-sharp.png'), fullPage: true });

    await page.locator('#blur-exponent').fill('0');
    await expect(page.locator('#blur-value')).toHaveText('1');
    await expect(page.locator(`#${ROOT}`), 'the slider did not rerun the solver').toHaveAttribute('data-outcome', 'done', { timeout: 120_000 });
    await expect(page.locator('#status')).toHaveText(/^done in /);
    const blurred = await engine.sinkhorn(x, y, { blur: 1 });
    await expectLibraryValue(page.locator('#value'), blurred.value, backend, ESTIMATOR_TOLERANCE, 'S_ε at blur 1');
    expect(blurred.value, 'a larger blur gives a smaller divergence here').toBeLessThan(sharp.value);
    console.log(`transport (${backend}): S_ε ${sharp.value.toPrecision(4)} at blur 0.316, ${blurred.value.toPrecision(4)} at blur 1`);
    await page.screenshot({ path: testInfo.outputPath('transport-blurred.png'), fullPage: true });
  } finally {
    engine.dispose();
  }
});
