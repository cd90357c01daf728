// The search page (<site>/sok/index.html, script assets/search.js) on real built sites:
//  - a page whose title holds every word of the query comes before pages that only
//    mention it, however often;
//  - the words that matched are in <mark>, made as elements (no HTML read from text);
//  - results show text, never an HTML entity (the index once held "&#x2F;" for "/");
//  - the contact block is searchable: a label ("barnevernsvakt") and a number ("112",
//    "409 21 233", "40921233") find the number, which links to tel:;
//  - a one-letter typo in a word of five letters or more still finds it;
//  - no request leaves the site, no console or page errors.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { startServer } from './server.mjs';
import { siteDir, listSites, launchBrowser, newContext, watchPage } from './helpers.mjs';

const SITE = siteDir();
const SITES = listSites(SITE);

/** A site's search index, as the build wrote it. */
function readIndex(site) {
  const script = fs.readFileSync(path.join(SITE, site, 'sok/indeks.js'), 'utf8');
  const sandbox = { window: {} };
  vm.runInNewContext(script, sandbox);
  return JSON.parse(JSON.stringify(sandbox.window.veiviserSok.index));
}

let server;
let browser;
let context;
before(async () => {
  server = await startServer(SITE);
  browser = await launchBrowser();
  context = await newContext(browser, 320, {}, server.origin);
});
after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

/** The results for `query` on a site's search page: each link's text, href and marks. */
async function searchFor(site, query) {
  const page = await context.newPage();
  const watch = watchPage(page, server.origin);
  try {
    await page.goto(server.url(`${site}/sok/index.html?q=${encodeURIComponent(query)}`));
    await page.waitForSelector('#sokeresultat .search-summary');
    const results = await page.$$eval('#sokeresultat .search-list > li', (items) =>
      items.map((li) => {
        const a = li.querySelector('a');
        return {
          title: a.textContent,
          href: a.getAttribute('href'),
          text: li.textContent,
          marks: Array.from(li.querySelectorAll('mark'), (m) => m.textContent),
          unmarked: (() => {
            const words = [];
            const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              if (n.parentElement.localName !== 'mark') words.push(...n.textContent.split(/[^\p{L}\p{N}]+/u));
            }
            return words.filter(Boolean);
          })(),
          elements: Array.from(li.querySelectorAll('*'), (e) => e.localName),
        };
      }),
    );
    const summary = await page.textContent('#sokeresultat .search-summary');
    assert.deepEqual(watch.problems(), [], `${site} "${query}"`);
    return { results, summary };
  } finally {
    watch.stop();
    await page.close();
  }
}

const site = (name) => {
  assert.ok(SITES.includes(name), `${name} is not among the built sites: ${SITES.join(', ')}`);
  return name;
};

describe('search', () => {
  it('puts pages whose title holds the words first', async () => {
    const { results } = await searchFor(site('ovre-eiker'), 'samarbeid');
    const inTitle = results.map((r) => /samarbeid/i.test(r.title));
    assert.ok(inTitle[0], `first: ${results[0]?.title}`);
    assert.ok(inTitle.includes(false), 'some results only mention the word');
    assert.equal(inTitle.indexOf(false), inTitle.lastIndexOf(true) + 1, JSON.stringify(results.map((r) => r.title)));
  });

  it('ranks a title above a page that uses the word more often', async () => {
    // The index says which page mentions "familiehjelpa" most; it is not the page of
    // that title, which must come first all the same.
    const index = readIndex('ovre-eiker');
    const { results } = await searchFor('ovre-eiker', 'familiehjelpa');
    const titled = index.pages.findIndex((p) => p.t === 'Familiehjelpa' && !p.h);
    assert.ok(titled >= 0);
    const hits = Object.entries(index.terms)
      .filter(([t]) => t.startsWith('familiehjelp'))
      .flatMap(([, h]) => h);
    const heaviest = hits.reduce((a, b) => (b[1] > a[1] ? b : a));
    assert.ok(results.length > 2);
    assert.match(results[0].title, /^Familiehjelpa$/);
    assert.match(results[1].title, /^Familiehjelpa$/);
    if (heaviest[0] !== titled) assert.notEqual(results[0].title, index.pages[heaviest[0]].t);
  });

  it('marks the matching words, as elements', async () => {
    const { results } = await searchFor(site('ovre-eiker'), 'barnevernet <img src=x>');
    assert.equal(results.length, 0, 'the markup is searched as words, and "img" finds nothing');
    const found = await searchFor('ovre-eiker', 'barnevernet');
    assert.ok(found.results.length > 0);
    assert.ok(found.results.some((r) => r.marks.length > 0), 'something is marked');
    for (const r of found.results) {
      for (const m of r.marks) assert.match(m, /^barnevern/i, r.text);
      // Every word of the title and excerpt that matched is marked: none is left in
      // plain text.
      assert.deepEqual(r.unmarked.filter((w) => /^barnevern/i.test(w)), [], r.text);
      assert.deepEqual([...new Set(r.elements)].sort().filter((e) => !['a', 'mark', 'p'].includes(e)), []);
    }
  });

  it('shows "/" as "/", never as an entity', async () => {
    const { results } = await searchFor(site('ovre-eiker'), 'bistand');
    const pyramid = results.find((r) => r.title === 'BTS-pyramiden');
    assert.ok(pyramid, JSON.stringify(results.map((r) => r.title)));
    assert.match(pyramid.text, /støtte\/bistand/);
    for (const r of results) assert.doesNotMatch(r.text, /&(#x?[0-9a-f]+|[a-z]+);/i, r.title);
  });

  it('finds the contact block by label and by number', async () => {
    const vakt = await searchFor(site('modum'), 'barnevernsvakt');
    assert.match(vakt.results[0].title, /^Barnevernsvakt$/);
    assert.match(vakt.results[0].href, /^tel:\+47/);
    assert.deepEqual(vakt.results[0].marks, ['Barnevernsvakt']);
    for (const query of ['409 21 233', '40921233']) {
      const { results } = await searchFor('modum', query);
      assert.equal(results[0]?.href, 'tel:+4740921233', query);
    }
    const emergency = await searchFor(site('nesbyen'), '112');
    assert.ok(emergency.results.some((r) => r.href === 'tel:112'), JSON.stringify(emergency.results));
  });

  it('finds a word with one letter wrong', async () => {
    for (const [query, title] of [
      ['barnevernsvkat', 'Barnevernsvakt'],
      ['barnevrnsvakt', 'Barnevernsvakt'],
      ['barnevernsvaktt', 'Barnevernsvakt'],
    ]) {
      const { results } = await searchFor('modum', query);
      assert.equal(results[0]?.title, title, query);
      assert.deepEqual(results[0].marks, [title], query);
    }
    const { results, summary } = await searchFor('modum', 'xyzzyq');
    assert.equal(results.length, 0);
    assert.match(summary, /Ingen treff/);
  });
});
