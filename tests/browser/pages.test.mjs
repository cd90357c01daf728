// Every HTML page of every built site, at 320 and 1280 px wide:
//  (a) axe-core (WCAG 2.0/2.1/2.2 A and AA) finds no violations;
//  (b) no request leaves the test server's origin (data: and blob: are fine);
//  (c) no console errors and no uncaught page errors;
//  (d) nothing wider than the screen, "Forlat siden" on every page of a site, and on
//      step, form, search and toolbox pages the main heading within a phone's first screen.
// One browser; one context per width; a few pages at once (VEIVISER_CONCURRENCY, default 3).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import axeCore from 'axe-core';
import { startServer } from './server.mjs';
import { siteDir, listHtml, launchBrowser, newContext, watchPage, report, onlyMatching, readPage, WIDTHS } from './helpers.mjs';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const CONCURRENCY = Math.max(1, Number(process.env.VEIVISER_CONCURRENCY || 3));
const SITE = siteDir();
const PAGES = onlyMatching(listHtml(SITE));

let server;
let browser;

before(async () => {
  server = await startServer(SITE);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

it('the built site has pages to test', () => {
  assert.ok(PAGES.length > 0, `no .html files under ${SITE}`);
});

// Chromium's own /favicon.ico request is left out of the per-page console check (it
// happens once per context, for whichever page is first); this checks it once instead.
it('browsers get an icon without a 404 (a <link rel=icon> on every page, or /favicon.ico)', async () => {
  const res = await fetch(server.url('favicon.ico'));
  if (res.ok) return;
  const lacking = PAGES.filter((rel) => !/<link\b[^>]*\brel=(?:"[^"]*\bicon\b[^"]*"|'[^']*\bicon\b[^']*'|icon\b)/i.test(readPage(SITE, rel)));
  assert.deepEqual(
    lacking.slice(0, 5),
    [],
    `/favicon.ico answers ${res.status} and ${lacking.length} of ${PAGES.length} pages declare no <link rel=icon>, ` +
      'so every browser asks for /favicon.ico and logs a 404 console error (first few listed)',
  );
});

function clip(s, n = 300) {
  s = String(s).replace(/\s+/g, ' ').trim();
  return s.length > n ? s.slice(0, n) + '…' : s;
}

function formatViolations(violations) {
  const lines = [];
  for (const v of violations) {
    lines.push(`  [${v.id}] (${v.impact}) ${v.help} — ${v.helpUrl}`);
    for (const node of v.nodes) {
      lines.push(`      at ${JSON.stringify(node.target)}`);
      lines.push(`         ${clip(node.html)}`);
      if (node.failureSummary) lines.push(`         ${clip(node.failureSummary, 400)}`);
    }
  }
  return lines.join('\n');
}

const WORK_PAGE = /\/(steg-[^/]+|skjema\/[^/]+|sok|verktoy)\/index\.html$/;

// What a phone reader needs of every page, beyond axe: nothing wider than the screen,
// and "Forlat siden" on every page of a site (the root list of sites is not one).
async function layoutProblems(page, rel, width) {
  const found = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    wide: Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 3)
      .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '')),
    exit: !!document.querySelector('.exit-this-page a.exit-button[href][aria-describedby]'),
    headingTop: document.querySelector('main h1')?.getBoundingClientRect().top ?? null,
    innerHeight: window.innerHeight,
  }));
  const problems = [];
  if (found.scrollWidth > found.innerWidth) {
    problems.push(`${rel} at ${width}px scrolls sideways: ${found.scrollWidth}px wide (${found.wide.join(', ')})`);
  }
  if (rel.includes('/') && !found.exit) problems.push(`${rel} has no "Forlat siden" button`);
  // Pages an employee works on start with their own heading on a phone's first screen.
  if (width <= 320 && WORK_PAGE.test(rel) && !(found.headingTop !== null && found.headingTop < found.innerHeight)) {
    problems.push(`${rel} at ${width}px: the main heading starts at ${found.headingTop}px, below the first screen (${found.innerHeight}px)`);
  }
  return problems;
}

async function checkPage(context, rel, width) {
  const page = await context.newPage();
  const watch = watchPage(page, server.origin);
  try {
    const response = await page.goto(server.url(rel), { waitUntil: 'load', timeout: 30_000 });
    assert.ok(response, `no response for ${rel}`);
    assert.equal(response.status(), 200, `${rel} answered ${response.status()}`);
    // Anything the page loads late (scripts, fonts, images) still counts.
    await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});

    await page.evaluate(axeCore.source);
    const result = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      AXE_TAGS,
    );
    const violations = result.violations;
    report({
      test: 'pages',
      page: rel,
      width,
      violations: violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, html: clip(n.html, 500), summary: n.failureSummary })),
      })),
      problems: watch.problems(),
    });

    const failures = [];
    failures.push(...(await layoutProblems(page, rel, width)));
    if (violations.length) {
      failures.push(`axe found ${violations.length} violation(s) on ${rel} at ${width}px:\n${formatViolations(violations)}`);
    }
    const problems = watch.problems();
    if (problems.length) failures.push(`${rel} at ${width}px:\n  ` + problems.join('\n  '));
    assert.ok(failures.length === 0, failures.join('\n'));
  } finally {
    watch.stop();
    await page.close();
  }
}

for (const width of WIDTHS) {
  describe(`every page at ${width}px`, { concurrency: CONCURRENCY }, () => {
    let context;
    before(async () => {
      context = await newContext(browser, width, {}, server.origin);
    });
    after(async () => {
      await context?.close();
    });
    for (const rel of PAGES) {
      it(`${rel} @${width}px`, { timeout: 120_000 }, () => checkPage(context, rel, width));
    }
  });
}
