/**
 * The built bundle dist/index.js (what package.json exports), for specs to recompute what
 * a page shows: `loadInNode()` imports it into the test process; BUNDLE_PATH is where
 * scripts/browser-test.mjs serves a copy, for `import()` inside a page.
 */
import type { Page } from '@playwright/test';
import type * as Infogpu from '../../index.js';

export type Library = typeof Infogpu;

/** Its path on the test server (root-relative, so `import(BUNDLE_PATH)` works from any page there). */
export const BUNDLE_PATH = '/infogpu/index.js';

export async function loadInNode(): Promise<Library> {
  return (await import(new URL('../../dist/index.js', import.meta.url).href)) as Library;
}

/** What the bundle's `createEngine()` ('auto') picks in the page's browser, and why. */
export async function autoEngineInPage(page: Page): Promise<{ backend: string; fallbackReason: string | null }> {
  return page.evaluate(async (bundle) => {
    const { createEngine } = await import(bundle);
    const engine = await createEngine();
    engine.dispose();
    return { backend: String(engine.backend), fallbackReason: engine.fallbackReason === undefined ? null : String(engine.fallbackReason) };
  }, BUNDLE_PATH);
}
