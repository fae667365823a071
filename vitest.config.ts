import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// WGSL files are imported as text, exactly as esbuild's `loader: { '.wgsl': 'text' }` does for the bundle.
const wgslAsText = {
  name: 'wgsl-as-text',
  load(id: string) {
    if (id.endsWith('.wgsl')) return `export default ${JSON.stringify(readFileSync(id, 'utf8'))};`;
    return null;
  },
};

export default defineConfig({
  plugins: [wgslAsText],
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
