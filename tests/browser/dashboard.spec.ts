/**
 * The drift dashboard, with WebGPU (software adapter) and without (CPU fallback): the
 * seeded stream runs to its end with a Pause and a Resume on the way; the monitor's MMD²
 * after the drift is clearly larger than before it, its last p-value is small and the one
 * before the drift is not; the last plotted value (and the panel's) equals the library's
 * batch `mmd` on the same window, at the monitor's bandwidth, computed in Node on the CPU
 * from the same stream (demos/dashboard/simulated-stream.ts).
 */
import type { Locator } from '@playwright/test';
import { loadInNode } from './built-library.js';
import { openDemo, shownValue } from './demo-pages.js';
import { expect, test } from './fixtures.js';
import { ESTIMATOR_TOLERANCE, KERNEL_TOLERANCE } from '../support/estimator-conformance.js';
import type { SampleMatrix } from '../../demos/shared/sample-file.js';
import { BATCHES, DRIFT_BATCH, PERMUTATIONS, simulatedStream, STREAM_SEED, windowAfter } from '../../demos/dashboard/simulated-stream.js';

const ROOT = 'dashboard';

/** The median pairwise Euclidean distance of m's rows: the monitor's 'median' bandwidth, fixed on the reference. */
function medianDistance(m: SampleMatrix): number {
  const distances: number[] = [];
  for (let i = 0; i < m.rows; i++) {
    for (let j = i + 1; j < m.rows; j++) {
      let s = 0;
      for (let c = 0; c < m.cols; c++) s += (m.data[i * m.cols + c] - m.data[j * m.cols + c]) ** 2;
      distances.push(Math.sqrt(s));
    }
  }
  distances.sort((a, b) => a - b);
  const h = distances.length >> 1;
  return distances.length % 2 === 1 ? distances[h] : (distances[h - 1] + distances[h]) / 2;
}

async function reading(row: Locator): Promise<{ value: number; pValue: number }> {
  return { value: await shownValue(row.locator('td.value')), pValue: await shownValue(row.locator('td.p-value')) };
}

test('the stream drifts halfway: the statistic rises, the p-value falls, the last value is the library’s', async ({ page, webgpuExpected }, testInfo) => {
  const backend = await openDemo(page, 'dashboard', ROOT, webgpuExpected);
  const root = page.locator(`#${ROOT}`);
  const toggle = page.locator('#toggle');
  const rows = page.locator('#readings tr');
  await expect(page.locator('#drift-point')).toHaveText(new RegExp(`^from batch ${DRIFT_BATCH + 1} of ${BATCHES} `));

  // Start, Pause once a reading is in (the push in flight, if any, still lands), Resume.
  await toggle.click();
  await expect(toggle).toHaveText('Pause');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  await toggle.click();
  await expect(root).toHaveAttribute('data-state', 'paused');
  await expect(toggle).toHaveText('Resume');
  await expect(page.locator('#status')).toHaveText(/^paused after batch \d+ of /, { timeout: 30_000 });
  const pausedAt = Number(/batch (\d+)/.exec((await page.locator('#status').textContent()) ?? '')![1]);
  await page.waitForTimeout(1_000);
  await expect(rows, 'a paused stream kept pushing').toHaveCount(pausedAt);
  await toggle.click();
  await expect(root, 'the stream did not end').toHaveAttribute('data-state', 'ended', { timeout: 60_000 });
  await expect(toggle).toBeDisabled();
  await expect(rows).toHaveCount(BATCHES);
  await expect(page.locator('#chart')).toHaveAttribute('data-points', String(BATCHES));

  const before = await reading(page.locator(`#readings tr[data-batch="${DRIFT_BATCH}"]`));
  const last = await reading(page.locator(`#readings tr[data-batch="${BATCHES}"]`));
  expect(last.value - before.value, `MMD² ${before.value} before the drift, ${last.value} after`).toBeGreaterThan(0.01);
  expect(last.value).toBeGreaterThan(5 * Math.abs(before.value));
  expect(before.pValue, 'p-value of the window just before the drift').toBeGreaterThan(0.2);
  expect(last.pValue, 'p-value of the last (fully drifted) window').toBeLessThanOrEqual(0.05);

  const stream = simulatedStream(STREAM_SEED);
  const sigma = medianDistance(stream.reference);
  const shownSigma = await shownValue(page.locator('#bandwidth'));
  expect(Math.abs(shownSigma - sigma), `σ shown ${shownSigma}, median of the reference ${sigma}`).toBeLessThanOrEqual(1e-12 * sigma);
  const library = await loadInNode();
  const engine = await library.createEngine({ backend: 'cpu' });
  try {
    const expected = await engine.mmd(stream.reference, windowAfter(stream, BATCHES), { bandwidth: sigma, permutations: PERMUTATIONS, seed: STREAM_SEED });
    const tolerance = backend === 'cpu' ? KERNEL_TOLERANCE : ESTIMATOR_TOLERANCE;
    const plotted = Number(await page.locator('#chart').getAttribute('data-last'));
    expect(Math.abs(plotted - expected.value), `plotted ${plotted}, library ${expected.value} (${backend})`).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(last.value - expected.value), 'the table’s last MMD²').toBeLessThanOrEqual(tolerance);
    expect(last.pValue, 'the last p-value (the same on both backends)').toBe(expected.pValue);
    expect(await shownValue(page.locator('#panel .infogpu-panel-value')), 'the panel shows the last reading').toBe(last.value);
    expect(await shownValue(page.locator('#panel .infogpu-panel-detail')), 'the panel’s p-value').toBe(last.pValue);
    console.log(`dashboard (${backend}): MMD² ${before.value.toPrecision(3)} (p ${before.pValue}) before the drift, ${last.value.toPrecision(4)} (p ${last.pValue}) at the end; library ${expected.value.toPrecision(6)}; ${await page.locator('#status').textContent()}`);
  } finally {
    engine.dispose();
  }
  await expect(page.locator('#panel')).toHaveAttribute('data-readings', String(BATCHES));
  await page.screenshot({ path: testInfo.outputPath('dashboard.png'), fullPage: true });
});
