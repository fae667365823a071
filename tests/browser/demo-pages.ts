/**
 * Helpers of the specs of the demo pages built on demos/shared/demo-session.ts: open a
 * page (on the software adapter with `?backend=webgpu` in the 'webgpu' project, on the
 * 'auto' CPU fallback in 'no-webgpu'), run it, and compare a shown value with the number
 * the built library computes in Node on the CPU.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, requireAdapter } from './fixtures.js';

/** SwiftShader runs at ~0.4 GFLOP/s: a run's time limit. */
export const RUN_TIMEOUT = 180_000;

/** Opens `demos/<path>/` and waits until its engine worker is ready; returns the engine's backend. */
export async function openDemo(page: Page, path: string, rootId: string, webgpuExpected: boolean): Promise<string> {
  await page.goto(`demos/${path}/${webgpuExpected ? '?backend=webgpu' : ''}`);
  if (webgpuExpected) await requireAdapter(page);
  const root = page.locator(`#${rootId}`);
  await expect(root, 'the engine worker did not become ready').toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const backend = (await root.getAttribute('data-backend')) ?? '';
  expect(backend, 'the engine the page uses').toBe(webgpuExpected ? 'webgpu' : 'cpu');
  return backend;
}

/** Clicks Run and waits for the run's outcome. */
export async function runDemo(page: Page, rootId: string, outcome: 'done' | 'failed' = 'done'): Promise<void> {
  await page.locator('#run').click();
  await expect(page.locator(`#${rootId}`), `the run did not end '${outcome}'`).toHaveAttribute('data-outcome', outcome, { timeout: RUN_TIMEOUT });
}

/** The full-precision value a page keeps in data-value beside the formatted text. */
export async function shownValue(cell: Locator): Promise<number> {
  const raw = await cell.getAttribute('data-value');
  expect(raw, 'the cell has no data-value').not.toBeNull();
  return Number(raw);
}

/**
 * Chromium's V8 and Node's may round transcendental functions (exp, log) differently in the
 * last bit, which iterative estimators (Sinkhorn) carry into the last few digits: the CPU
 * engine in the page and in Node agree to this relative bound, not bit for bit.
 */
const CPU_RELATIVE_TOLERANCE = 1e-12;

/**
 * On the CPU the page must show the library's CPU value (same text, six significant digits;
 * the full value within CPU_RELATIVE_TOLERANCE); on WebGPU within `gpuTolerance` (absolute).
 */
export async function expectLibraryValue(cell: Locator, expected: number, backend: string, gpuTolerance: number, what: string): Promise<void> {
  if (backend === 'cpu') {
    await expect(cell, what).toHaveText(expected.toPrecision(6));
    const shown = await shownValue(cell);
    expect(Math.abs(shown - expected), `${what}: page ${shown} vs Node ${expected}`).toBeLessThanOrEqual(CPU_RELATIVE_TOLERANCE * Math.abs(expected));
  } else {
    const shown = await shownValue(cell);
    expect(Math.abs(shown - expected), `${what}: WebGPU ${shown} vs CPU ${expected}`).toBeLessThanOrEqual(gpuTolerance);
  }
}
