// Bundles the command line (cli/main.ts and the library it calls) into dist/cli.js, an
// executable ESM file with a `#!/usr/bin/env node` banner; the Node-only `webgpu`
// package stays external. Run by scripts/build.mjs, or alone: `node scripts/build-cli.mjs`.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function buildCli() {
  await build({
    absWorkingDir: root,
    entryPoints: ['cli/main.ts'],
    outfile: 'dist/cli.js',
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    loader: { '.wgsl': 'text' },
    external: ['webgpu'],
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'warning',
  });
  chmodSync(new URL('../dist/cli.js', import.meta.url), 0o755);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
