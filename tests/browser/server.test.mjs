// The test server itself: content types, 404, directory index, and no way out of its root.
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './server.mjs';

let root;
let outside;
let server;

before(async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'veiviser-server-'));
  root = path.join(base, 'site');
  outside = path.join(base, 'secret.txt');
  fs.mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
  fs.writeFileSync(outside, 'secret');
  const files = {
    'index.html': '<!doctype html><title>x</title>',
    'a/b/index.html': '<!doctype html><title>b</title>',
    'style.css': 'body{}',
    'app.js': 'void 0;',
    'doc.pdf': '%PDF-1.7',
    'doc.odt': 'PK',
    'data.json': '{}',
    'feed.xml': '<x/>',
    'æøå fil.html': '<!doctype html><title>æøå</title>',
  };
  for (const [name, body] of Object.entries(files)) fs.writeFileSync(path.join(root, name), body);
  fs.symlinkSync(outside, path.join(root, 'link.txt'));
  server = await startServer(root);
});

after(async () => {
  await server?.close();
  fs.rmSync(path.dirname(root), { recursive: true, force: true });
});

/** A raw GET, so that `..` is sent as written (fetch would normalise it). */
function rawGet(rawPath) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

it('listens on 127.0.0.1 on a free port', () => {
  assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(server.port > 0);
});

it('serves files with the right content types', async () => {
  const expected = {
    '/index.html': 'text/html',
    '/style.css': 'text/css',
    '/app.js': 'text/javascript',
    '/doc.pdf': 'application/pdf',
    '/doc.odt': 'application/vnd.oasis.opendocument.text',
    '/data.json': 'application/json',
    '/feed.xml': 'application/xml',
  };
  for (const [p, type] of Object.entries(expected)) {
    const res = await rawGet(p);
    assert.equal(res.status, 200, p);
    assert.equal(res.headers['content-type'].split(';')[0], type, p);
  }
});

it('serves index.html for a directory, and percent-encoded names', async () => {
  assert.equal((await rawGet('/')).status, 200);
  assert.match((await rawGet('/a/b/')).body, /<title>b/);
  assert.equal((await rawGet('/a/b')).status, 301);
  assert.match((await rawGet('/' + encodeURIComponent('æøå fil.html'))).body, /æøå/);
  assert.equal((await rawGet('/index.html?x=1#y')).status, 200);
});

it('answers 404 for what is not there', async () => {
  assert.equal((await rawGet('/nope.html')).status, 404);
  assert.equal((await rawGet('/a/nope/')).status, 404);
});

it('refuses .. and paths out of its root', async () => {
  for (const p of [
    '/../secret.txt',
    '/a/../../secret.txt',
    '/a/%2e%2e/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/a/..%2f..%2fsecret.txt',
    '/a/..%5c..%5csecret.txt',
    '/..',
    '/index.html%00.css',
  ]) {
    const res = await rawGet(p);
    assert.ok(res.status === 403 || res.status === 400, `${p} answered ${res.status}`);
    assert.doesNotMatch(res.body, /secret/, p);
  }
  // A symlink out of the root is not followed.
  const link = await rawGet('/link.txt');
  assert.notEqual(link.status, 200);
  assert.doesNotMatch(link.body, /secret/);
});
