// Shared by the browser tests: where the built site is, how to start Debian's
// chromium, which pages exist, and watching a page for requests and errors.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.VEIVISER_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export const WIDTHS = [320, 1280];
export const viewportFor = (width) => ({ width, height: width <= 320 ? 640 : 800 });

/** The built site (the folder `veiviser build --out` wrote). Throws when it is missing. */
export function siteDir() {
  const dir = process.env.VEIVISER_SITE;
  if (!dir) {
    throw new Error(
      'VEIVISER_SITE is not set: run scripts/browser-tests.sh, or build the site with ' +
        '`cargo run --release -- build --out DIR` and run `VEIVISER_SITE=DIR node --test tests/browser/`',
    );
  }
  const abs = path.resolve(dir);
  if (!fs.existsSync(path.join(abs, 'index.html')) && listHtml(abs).length === 0) {
    throw new Error(`VEIVISER_SITE=${dir} holds no built site (no .html files)`);
  }
  return abs;
}

/** Every .html file under dir, as sorted '/'-separated paths relative to dir. */
export function listHtml(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.html')) out.push(path.relative(dir, full).split(path.sep).join('/'));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}

/** The municipalities: top-level folders that have an index.html. */
export function listSites(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'index.html')))
    .map((e) => e.name)
    .sort();
}

/** Form pages: <site>/skjema/<id>/index.html. */
export function listFormPages(dir) {
  return listHtml(dir).filter((p) => /^[^/]+\/skjema\/[^/]+\/index\.html$/.test(p));
}

export const readPage = (dir, rel) => fs.readFileSync(path.join(dir, rel), 'utf8');

/** True when the (possibly minified) HTML has an element with this class. */
export function hasClass(html, cls) {
  const re = new RegExp(`class=(?:"[^"]*\\b${cls}\\b[^"]*"|'[^']*\\b${cls}\\b[^']*'|${cls}(?=[\\s>]))`);
  return re.test(html);
}

export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (scripts/browser-tests.sh does this)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * A context at this width. Given the test server's origin, every request to another
 * origin is aborted before it leaves the machine (pages still see the 'request' event,
 * so watchPage reports it).
 */
export async function newContext(browser, width, extra = {}, origin = null) {
  const context = await browser.newContext({
    viewport: viewportFor(width),
    locale: 'nb-NO',
    timezoneId: 'Europe/Oslo',
    serviceWorkers: 'block',
    ...extra,
  });
  if (origin) {
    await context.route(
      (url) => url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin,
      (route) => route.abort('blockedbyclient'),
    );
  }
  return context;
}

/**
 * Watches a page: every request that leaves `origin` (data: and blob: are fine),
 * console errors and uncaught page errors. `problems()` lists them as text.
 */
export function watchPage(page, origin) {
  const requests = [];
  const foreign = [];
  const consoleErrors = [];
  const pageErrors = [];
  const onRequest = (req) => {
    const url = req.url();
    requests.push(url);
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    let o;
    try {
      o = new URL(url).origin;
    } catch {
      o = null;
    }
    if (o !== origin) foreign.push(`${req.method()} ${url} (${req.resourceType()})`);
  };
  const onConsole = (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      // Chromium asks for /favicon.ico by itself, once per context, for whichever page
      // comes first; pages.test.mjs checks that once, deterministically, instead.
      if (loc && loc.url === `${origin}/favicon.ico` && /^Failed to load resource/.test(msg.text())) return;
      const where = loc && loc.url ? ` at ${loc.url}:${loc.lineNumber}` : '';
      consoleErrors.push(`${msg.text()}${where}`);
    }
  };
  const onPageError = (err) => pageErrors.push(String(err && err.stack ? err.stack : err));
  page.on('request', onRequest);
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  return {
    requests,
    foreign,
    consoleErrors,
    pageErrors,
    problems() {
      const out = [];
      for (const f of foreign) out.push(`request to another origin (blocked by the test): ${f}`);
      for (const c of consoleErrors) out.push(`console error: ${c}`);
      for (const e of pageErrors) out.push(`page error: ${e}`);
      return out;
    },
    stop() {
      page.off('request', onRequest);
      page.off('console', onConsole);
      page.off('pageerror', onPageError);
    },
  };
}

/** Appends one JSON line to $VEIVISER_BROWSER_REPORT, when set (for summaries). */
export function report(record) {
  const file = process.env.VEIVISER_BROWSER_REPORT;
  if (file) fs.appendFileSync(file, JSON.stringify(record) + '\n');
}

/** Runs fn over items with at most `limit` at once. */
export async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * For working on one page by hand: VEIVISER_ONLY=<regex> keeps the matching page paths.
 * scripts/browser-tests.sh clears it, so a full run always tests everything.
 */
export function onlyMatching(pages) {
  const only = process.env.VEIVISER_ONLY;
  if (!only) return pages;
  const re = new RegExp(only);
  return pages.filter((p) => re.test(p));
}
