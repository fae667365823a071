// `npm run demo`: builds demos/ into demos/dist/ and serves it on 127.0.0.1 until
// interrupted. `--port N` picks the port (default: a free one).
import { buildDemos } from './demo-build.mjs';
import { serveStatic } from './serve.mjs';

const OUTDIR = 'demos/dist';

const portArgument = process.argv.indexOf('--port');
const port = portArgument === -1 ? 0 : Number(process.argv[portArgument + 1]);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer in 0..65535, got ${process.argv[portArgument + 1]}`);
  process.exit(2);
}

await buildDemos(OUTDIR);
const server = await serveStatic(OUTDIR, { port });
console.log(`infogpu demos: ${server.url}  (Ctrl-C to stop)`);
console.log('WebGPU needs a browser with WebGPU enabled; in Chromium without a GPU, start it with --enable-unsafe-webgpu.');

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
