// A small static file server for the demos and the browser tests, on 127.0.0.1 only
// (WebGPU needs a secure context; localhost is one). Every response carries COOP/COEP,
// so pages may use Workers with SharedArrayBuffer, and is never cached.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
};

const HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/**
 * Serves the files under `root` at http://127.0.0.1:<port>/ ('/' and folders serve
 * their index.html). Port 0 (the default) takes a free port.
 * @param {string} root
 * @param {{ port?: number }} [options]
 * @returns {Promise<{ url: string, close: () => Promise<void> }>} url ends with '/'
 */
export async function serveStatic(root, { port = 0 } = {}) {
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    const found = await resolveFile(base, request.url ?? '/');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...HEADERS, Allow: 'GET, HEAD' }).end();
    } else if (found === null) {
      response.writeHead(404, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    } else if ('redirect' in found) {
      response.writeHead(301, { ...HEADERS, Location: found.redirect }).end();
    } else {
      const type = CONTENT_TYPES[extname(found.file)] ?? 'application/octet-stream';
      response.writeHead(200, { ...HEADERS, 'Content-Type': type });
      if (request.method === 'HEAD') response.end();
      else createReadStream(found.file).pipe(response);
    }
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', done);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the static server has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

/**
 * What a URL names inside `base`: { file }, { redirect } for a folder asked without its
 * trailing slash (so the page's relative URLs resolve), or null (missing, or outside `base`).
 */
async function resolveFile(base, url) {
  let pathname, search, path;
  try {
    ({ pathname, search } = new URL(url, 'http://host'));
    path = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const file = resolve(join(base, path));
  if (file !== base && !file.startsWith(base + sep)) return null;
  try {
    if ((await stat(file)).isDirectory()) {
      if (!path.endsWith('/')) return { redirect: `${pathname}/${search}` };
      const index = join(file, 'index.html');
      return (await stat(index)).isFile() ? { file: index } : null;
    }
    return (await stat(file)).isFile() ? { file } : null;
  } catch {
    return null;
  }
}
