// The web editor: `veiviser serve` on a copy of the content, Decap CMS at /admin/,
// a phone number and a step's title changed in the forms and saved, and the new text
// on the served pages after the rebuild. No request leaves the machine.
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, newContext } from './helpers.mjs';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

/** The veiviser binary: VEIVISER_BIN, else the newer of the release and debug builds. */
function binary() {
  if (process.env.VEIVISER_BIN) return process.env.VEIVISER_BIN;
  const built = ['release', 'debug']
    .map((p) => path.join(repo, 'target', p, 'veiviser'))
    .filter((p) => fs.existsSync(p))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (!built.length) throw new Error('no veiviser binary: run `cargo build` (or set VEIVISER_BIN)');
  return built[0];
}

let root;
let serve;
let origin;
let browser;

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'veiviser-admin-'));
  for (const dir of ['municipalities', 'content', 'themes', 'schemas']) {
    fs.cpSync(path.join(repo, dir), path.join(root, dir), { recursive: true });
  }
  serve = spawn(binary(), ['serve', '--port', '0'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  origin = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${err}`)), 180_000);
    serve.stderr.setEncoding('utf8');
    serve.stderr.on('data', (chunk) => {
      err += chunk;
      const m = err.match(/at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    serve.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${err}`)));
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (serve && serve.exitCode === null) {
    serve.kill('SIGINT');
    await new Promise((resolve) => serve.once('exit', resolve));
  }
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

/** The served page's text, once it contains `wanted` (the rebuild takes a moment). */
async function servedTextContaining(rel, wanted) {
  let text = '';
  for (let i = 0; i < 120; i++) {
    const res = await fetch(`${origin}/${rel}`);
    text = await res.text();
    if (text.includes(wanted)) return text;
    await new Promise((r) => setTimeout(r, 500));
  }
  return text;
}

/** The list field labelled `label` (Decap marks each with aria-label="list field"). */
function listField(page, scope, label) {
  return scope
    .locator('[aria-label="list field"]', { has: page.locator('label', { hasText: new RegExp(`^${label}`) }) })
    .first();
}

async function publish(page) {
  await page.getByText('Publiser', { exact: true }).first().click();
  await page.getByText('Publiser nå').click();
  await page.getByText('Endringer lagret', { exact: false }).first().waitFor({ timeout: 30_000 });
  // Back to the collection, as an editor would after saving.
  await page.locator('a[href*="#/collections/"]').first().click();
}

it('edits a phone number and a step title in /admin/ and shows them on the served site', async () => {
  const context = await newContext(browser, 1280, {}, origin);
  const page = await context.newPage();
  const foreign = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin) foreign.push(r.url());
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  await page.goto(`${origin}/admin/`);
  await page.getByRole('link', { name: 'ovre-eiker' }).click();
  await page.getByRole('button', { name: 'Logg inn' }).click();

  // site.yaml: the first phone number.
  await page.goto(`${origin}/admin/ovre-eiker/#/collections/kommunen/entries/site`);
  const phones = listField(page, page, 'Telefonnumre');
  await phones.locator('button[aria-label="Expand"]').first().click();
  const number = phones.getByLabel('Nummer').first();
  assert.equal(await number.inputValue(), '476 92 052');
  await number.fill('47692099');
  await publish(page);
  await servedTextContaining('ovre-eiker/', '476 92 099');
  const site = fs.readFileSync(path.join(root, 'municipalities/ovre-eiker/site.yaml'), 'utf8');
  assert.match(site, /^# yaml-language-server: \$schema=\.\.\/\.\.\/schemas\/site\.schema\.json\n/);
  assert.match(site, /number: "47692099"|number: '47692099'/, 'the number stays a string');

  // The guide: the first step of the first level.
  await page.getByRole('link', { name: 'Handlingsveiledere (nivåer og steg)' }).first().click();
  await page.getByText('Handlingsveileder – fra bekymring til handling').first().click();
  const levels = listField(page, page, 'Nivåer');
  await levels.locator('button[aria-label="Expand"]').first().click();
  const steps = listField(page, levels, 'Steg');
  await steps.locator('button[aria-label="Expand"]').first().click();
  const title = steps.getByLabel('Tittel').first();
  const before = await title.inputValue();
  assert.ok(before.length > 0);
  await title.fill('Undring – endret i nettredigeringen');
  await publish(page);
  const home = await servedTextContaining('ovre-eiker/', '476 92 099');
  assert.match(home, /476 92 099/);
  const step = await servedTextContaining(
    'ovre-eiker/veileder/handlingsveileder/steg-0-1/',
    'Undring – endret i nettredigeringen',
  );
  assert.match(step, /Undring – endret i nettredigeringen/);

  assert.deepEqual(foreign, [], 'no request leaves the machine');
  assert.deepEqual(errors, []);
  await context.close();
});

it('refuses API requests that are not the editor’s own', async () => {
  const res = await fetch(`${origin}/admin/api/v1`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain', Origin: 'http://evil.example' },
    body: JSON.stringify({ action: 'getEntry', params: { path: 'municipalities/ovre-eiker/site.yaml' } }),
  });
  assert.equal(res.status, 403);
  const cross = await fetch(`${origin}/admin/api/v1`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example' },
    body: JSON.stringify({ action: 'info' }),
  });
  assert.equal(cross.status, 403);
});
