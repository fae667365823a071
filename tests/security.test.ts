/**
 * Security properties of the sources (issue 16): no `eval`, `new Function` or computed
 * dynamic import anywhere in the shipped code (engine/, host/, index.ts, cli/); WGSL reaches
 * the compiler only through the pipeline cache, assembled from bundled .wgsl texts plus
 * branch flags and override constants that checkKernelSpec restricts to identifiers,
 * booleans and safe integers.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkKernelSpec } from '../host/kernel-spec-check.js';
import type { KernelSpec } from '../host/pipeline-cache.js';

const ROOT = join(import.meta.dirname, '..');
const SHIPPED = ['engine', 'host', 'cli', 'index.ts'];

function sourceFiles(path: string): string[] {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return /\.(ts|js|mjs)$/.test(full) ? [full] : [];
  return readdirSync(full).flatMap((entry) => sourceFiles(join(path, entry)));
}

const files = SHIPPED.flatMap(sourceFiles).map((file) => ({ file: relative(ROOT, file), text: readFileSync(file, 'utf8') }));

describe('no code from strings', () => {
  it('finds the shipped sources', () => {
    expect(files.some((f) => f.file === 'index.ts')).toBe(true);
    expect(files.filter((f) => f.file.startsWith('host/')).length).toBeGreaterThan(5);
  });

  it('has no eval, new Function, Function(…), string timers or computed dynamic import', () => {
    const forbidden: [string, RegExp][] = [
      ['eval', /\beval\s*\(/],
      ['new Function', /\bnew\s+Function\b/],
      ['Function constructor', /(^|[^\w.])Function\s*\(/],
      ['string timer', /\bset(Timeout|Interval)\s*\(\s*['"`]/],
      ['computed import', /\bimport\s*\(\s*[^'"\s)]/],
    ];
    const hits = files.flatMap(({ file, text }) => forbidden.filter(([, pattern]) => pattern.test(text)).map(([name]) => `${file}: ${name}`));
    expect(hits).toEqual([]);
  });
});

describe('WGSL assembly', () => {
  it('only host/pipeline-cache.ts creates shader modules', () => {
    const creators = files.filter(({ text }) => /createShaderModule\s*\(/.test(text)).map((f) => f.file);
    expect(creators).toEqual(['host/pipeline-cache.ts']);
  });

  it("every kernel's sources are bundled .wgsl texts (imports or arrays of them), never built strings", () => {
    const wgslImports = (text: string) => new Set([...text.matchAll(/^import\s+(\w+)\s+from\s+'[^']+\.wgsl';/gm)].map((m) => m[1]));
    // WGSL texts re-exported by host/ modules (e.g. metricSource) and arrays of them
    // (e.g. columnSpaceSources), each checked to be a .wgsl import of its module.
    const exportedTexts = new Set<string>();
    const exportedArrays = new Map<string, string[]>();
    for (const { text } of files.filter((f) => f.file.startsWith('host/'))) {
      const own = wgslImports(text);
      for (const m of text.matchAll(/export const (\w+Source) = (\w+);/g)) {
        expect(own.has(m[2]), `${m[1]} is a .wgsl import`).toBe(true);
        exportedTexts.add(m[1]);
      }
      for (const m of text.matchAll(/export const (\w+Sources) = \[([^\]]*)\]/g)) {
        const items = m[2].split(',').map((s) => s.trim()).filter(Boolean);
        expect(items.every((item) => own.has(item)), `${m[1]} lists only .wgsl imports`).toBe(true);
        exportedArrays.set(m[1], items);
      }
    }
    const kernels = files.filter((f) => /sources:\s*\[/.test(f.text) && f.file.startsWith('host/'));
    expect(kernels.length).toBeGreaterThan(5);
    for (const { file, text } of kernels) {
      const own = wgslImports(text);
      for (const m of text.matchAll(/sources:\s*\[([^\]]*)\]/g)) {
        for (const item of m[1].split(',').map((s) => s.trim()).filter(Boolean)) {
          const spread = item.startsWith('...') ? item.slice(3) : undefined;
          const ok = spread !== undefined ? exportedArrays.has(spread) : own.has(item) || exportedTexts.has(item);
          expect(ok, `${file}: source '${item}' must be a .wgsl import or an array of them`).toBe(true);
        }
      }
    }
  });

  it('checkKernelSpec admits identifiers, booleans and safe integers only', () => {
    const good: KernelSpec = { name: 'knn-topk', sources: ['fn main() {}'], branches: { CHEBYSHEV: true }, constants: { WORKGROUP_SIZE: 64 }, storage: ['read'], paramsBytes: 16 };
    expect(() => checkKernelSpec(good)).not.toThrow();
    const bad: Partial<KernelSpec>[] = [
      { name: 'knn topk; fn evil' },
      { branches: { 'A) || true': true } },
      { branches: { FLAG: 'true' as unknown as boolean } },
      { constants: { WORKGROUP_SIZE: 1.5 } },
      { constants: { WORKGROUP_SIZE: Number.NaN } },
      { constants: { WORKGROUP_SIZE: '64u; @compute fn x() {}' as unknown as number } },
      { constants: { 'X=1,Y': 2 } },
      { sources: [42 as unknown as string] },
    ];
    for (const change of bad) expect(() => checkKernelSpec({ ...good, ...change }), JSON.stringify(change)).toThrow();
  });
});
