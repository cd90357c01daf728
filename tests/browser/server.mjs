// A tiny static file server for the built site, for the browser tests only.
// Listens on 127.0.0.1 on a free port; serves files under `root`; 404 for what is not
// there; refuses any path with a `..` segment (raw or percent-encoded) and anything
// that would resolve outside `root`. Directory URLs serve their index.html.
//
//   import { startServer } from './server.mjs';
//   const server = await startServer('/tmp/site');   // server.origin, server.close()
//
// Run by hand: node tests/browser/server.mjs <dir>
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

function send(res, status, body, headers = {}) {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

/** Resolves a request path to a file under root, or returns an error status. */
function resolve(root, rawUrl) {
  const rawPath = rawUrl.split(/[?#]/, 1)[0];
  let decoded;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { status: 400 };
  }
  // Refuse `..` in the raw and the decoded path, with either slash, and NUL bytes.
  const segments = (p) => p.split(/[\\/]+/);
  if (segments(rawPath).includes('..') || segments(decoded).includes('..') || decoded.includes('\0')) {
    return { status: 403 };
  }
  if (!decoded.startsWith('/')) return { status: 400 };
  const file = path.resolve(root, '.' + decoded);
  if (file !== root && !file.startsWith(root + path.sep)) return { status: 403 };
  return { file, trailingSlash: decoded.endsWith('/') };
}

export function startServer(rootDir, { host = '127.0.0.1', port = 0 } = {}) {
  const root = fs.realpathSync(path.resolve(rootDir));
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'method not allowed\n', { allow: 'GET, HEAD' });
    }
    const r = resolve(root, req.url || '/');
    if (r.status) return send(res, r.status, `${r.status}\n`);
    let file = r.file;
    let stat;
    try {
      stat = fs.statSync(file);
      if (stat.isDirectory()) {
        if (!r.trailingSlash) {
          const [p, q] = (req.url || '/').split('?');
          return send(res, 301, '', { location: p + '/' + (q !== undefined ? '?' + q : '') });
        }
        file = path.join(file, 'index.html');
        stat = fs.statSync(file);
      }
      // A symlink must not lead out of root either.
      const real = fs.realpathSync(file);
      if (real !== root && !real.startsWith(root + path.sep)) return send(res, 403, '403\n');
    } catch {
      return send(res, 404, 'not found\n');
    }
    if (!stat.isFile()) return send(res, 404, 'not found\n');
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    res.writeHead(200, {
      'content-type': type,
      'content-length': stat.size,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolvePromise({
        server,
        root,
        port: actual,
        origin: `http://${host}:${actual}`,
        url: (rel = '') => `http://${host}:${actual}/${rel.replace(/^\/+/, '')}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const dir = process.argv[2] || process.env.VEIVISER_SITE;
  if (!dir) {
    console.error('usage: node tests/browser/server.mjs <built-site-dir>');
    process.exit(2);
  }
  const s = await startServer(dir, { port: Number(process.env.PORT || 0) });
  console.log(`serving ${s.root} at ${s.origin}/`);
}
