/**
 * The browser tests (tests/browser/*.spec.ts) in real Chromium: Debian's /usr/bin/chromium
 * (CHROMIUM_PATH overrides it), headless, offline, one fresh profile per launch.
 * Two projects: 'webgpu' (--enable-unsafe-webgpu; with no GPU the adapter is SwiftShader,
 * a software fallback adapter) and 'no-webgpu' (WebGPU off: the library's CPU fallback).
 * Run them with `node scripts/browser-test.mjs`, which builds the pages, serves them on
 * 127.0.0.1 and passes the address in INFOGPU_BASE_URL.
 */
import { defineConfig } from '@playwright/test';
import type { BrowserTestOptions } from './tests/browser/fixtures.js';

const baseURL = process.env.INFOGPU_BASE_URL;
if (!baseURL) {
  throw new Error('INFOGPU_BASE_URL is not set: run the browser tests with `node scripts/browser-test.mjs`, which builds and serves the pages');
}

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** No background traffic: the test machine has no network. */
const OFFLINE_ARGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run', '--no-default-browser-check'];

export default defineConfig<BrowserTestOptions>({
  testDir: 'tests/browser',
  testMatch: '*.spec.ts',
  outputDir: 'test-results',
  // SwiftShader is slow and the machine may have two cores: one browser at a time.
  workers: 1,
  timeout: 240_000,
  expect: { timeout: 90_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    screenshot: 'only-on-failure',
    actionTimeout: 30_000,
    navigationTimeout: 30_000,
  },
  projects: [
    {
      name: 'webgpu',
      use: { webgpuExpected: true, launchOptions: { executablePath, args: [...OFFLINE_ARGS, '--enable-unsafe-webgpu'] } },
    },
    {
      name: 'no-webgpu',
      testIgnore: 'conformance.spec.ts',
      use: { webgpuExpected: false, launchOptions: { executablePath, args: [...OFFLINE_ARGS, '--disable-features=WebGPU'] } },
    },
  ],
});
