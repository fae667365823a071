/**
 * The demo index page: which backend `createEngine()` ('auto') picks in this browser and
 * why, which WebGPU adapter the browser offers, and links to the demos. A link to the
 * MI explorer on `backend: 'webgpu'` appears when the only adapter is a software one.
 */
import { createEngine } from '../index.js';

function show(id: string, text: string): void {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  element.textContent = text;
}

/** The browser's own adapter, described; `software` when it is a fallback adapter. */
async function describeAdapter(): Promise<{ text: string; software: boolean }> {
  if (!('gpu' in navigator) || !navigator.gpu) return { text: 'none: this browser has no navigator.gpu', software: false };
  const adapter = (await navigator.gpu.requestAdapter()) ?? (await navigator.gpu.requestAdapter({ forceFallbackAdapter: true }));
  if (!adapter) return { text: 'none: navigator.gpu.requestAdapter() returned null', software: false };
  const { vendor, architecture, isFallbackAdapter } = adapter.info;
  const name = [vendor, architecture].filter(Boolean).join(' ') || 'unnamed adapter';
  return { text: `${name} (${isFallbackAdapter ? 'software fallback adapter' : 'hardware adapter'})`, software: isFallbackAdapter };
}

async function main(): Promise<void> {
  const panel = document.getElementById('backend');
  try {
    const engine = await createEngine();
    show('auto-backend', engine.backend);
    show('auto-reason', engine.fallbackReason ?? 'a hardware WebGPU adapter is available');
    engine.dispose();
    const adapter = await describeAdapter();
    show('adapter', adapter.text);
    show('isolated', crossOriginIsolated ? 'yes (SharedArrayBuffer available)' : 'no');
    const softwareItem = document.getElementById('software-item');
    if (softwareItem) softwareItem.hidden = !(adapter.software && engine.backend === 'cpu');
    panel?.setAttribute('data-state', 'done');
  } catch (error) {
    show('auto-reason', `failed: ${error instanceof Error ? error.message : String(error)}`);
    panel?.setAttribute('data-state', 'failed');
    throw error;
  }
}

void main();
