// A small static file server for the demos and the browser tests, on 127.0.0.1 only
// (WebGPU needs a secure context; localhost is one). Every response carries COOP/COEP,
// so pages may use Workers with SharedArrayBuffer, and is never cached. A request whose
// query string has `not-isolated` (e.g. /page/?not-isolated) is answered without
// COOP/COEP: the page is then not cross-origin isolated and has no SharedArrayBuffer.
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

const ISOLATED_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};
const NOT_ISOLATED_HEADERS = { 'Cache-Control': 'no-store' };

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
    const headers = responseHeaders(request.url ?? '/');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
    } else if (found === null) {
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    } else if ('redirect' in found) {
      response.writeHead(301, { ...headers, Location: found.redirect }).end();
    } else {
      const type = CONTENT_TYPES[extname(found.file)] ?? 'application/octet-stream';
      response.writeHead(200, { ...headers, 'Content-Type': type });
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

/** The headers for a request URL: no COOP/COEP when its query string has `not-isolated`. */
function responseHeaders(url) {
  try {
    return new URL(url, 'http://host').searchParams.has('not-isolated') ? NOT_ISOLATED_HEADERS : ISOLATED_HEADERS;
  } catch {
    return ISOLATED_HEADERS;
  }
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
