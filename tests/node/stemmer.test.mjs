// The browser's search script (themes/default/static/search.js) outside a browser:
// its Norwegian stemmer against the vectors the Rust stemmer is tested with
// (tests/stem-vectors.json, held by src/render/search/stem.rs against the reference
// Snowball implementation), and its search over a small index. Plain `node --test
// tests/node/`, no browser.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The script's exports, run as the browser would load it but with `module` set. */
function loadSearch() {
  const source = fs.readFileSync(path.join(ROOT, 'themes/default/static/search.js'), 'utf8');
  const sandbox = { module: { exports: {} } };
  vm.runInNewContext(source, sandbox, { filename: 'search.js' });
  return sandbox.module.exports;
}

const { stem, edits, makeSearch } = loadSearch();
const vectors = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/stem-vectors.json'), 'utf8'));

describe('the browser stemmer', () => {
  it('has the vectors to check', () => {
    assert.ok(vectors.length > 5000, `${vectors.length} vectors`);
  });

  it('stems every vector as the Rust stemmer and the reference do', () => {
    const wrong = vectors.filter(([word, expected]) => stem(word) !== expected);
    assert.deepEqual(
      wrong.slice(0, 10).map(([w, e]) => `${w}: ${stem(w)}, expected ${e}`),
      [],
      `${wrong.length} of ${vectors.length} differ (first 10 listed)`,
    );
  });
});

describe('the browser search', () => {
  // Pages and terms as the build writes them (src/render/search/mod.rs).
  const index = {
    pages: [
      { t: 'Samarbeid med skolen', p: 'a/index.html', x: 'Barnevernet og skolen.' },
      { t: 'Barnevernet', p: 'b/index.html', x: 'Om tjenesten.' },
      { t: 'Barnevernsvakt', p: 'index.html#kontakt-tittel', x: '476 92 052', h: 'tel:+4747692052' },
    ],
    terms: {},
  };
  const add = (page, text, weight) => {
    for (const w of text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)) {
      const s = stem(w);
      const hits = (index.terms[s] ||= []);
      const hit = hits.find((h) => h[0] === page);
      if (hit) hit[1] += weight;
      else hits.push([page, weight]);
    }
  };
  // The first page says "barnevernet" more often than the second, whose title it is.
  add(0, 'samarbeid med skolen', 10);
  add(0, 'barnevernet barnevernet barnevernet barnevernet barnevernet barnevernet barnevernet barnevernet barnevernet barnevernet barnevernet barnevernet skolen', 1);
  add(1, 'barnevernet', 10);
  add(1, 'om tjenesten', 1);
  add(2, 'barnevernsvakt', 10);
  add(2, '476 92 052 47692052', 1);
  for (const hits of Object.values(index.terms)) hits.sort((a, b) => a[0] - b[0]);
  const search = makeSearch(index);
  // Arrays made in the script's context are copied into this one to compare.
  const pages = (query) => Array.from(search(query).hits, (h) => h.page);

  it('puts a page whose title matches first, above one that says the word more often', () => {
    const result = search('barnevernet');
    assert.ok(result.hits[0].score < result.hits[1].score || result.hits[0].page === 1);
    assert.equal(result.hits[0].page, 1);
    assert.ok(pages('barnevernet').includes(0));
  });

  it('finds a word with one letter wrong, dropped, added or two swapped (five letters or more)', () => {
    for (const typo of ['barnevernat', 'barnevrnet', 'barneverneet', 'barnevrenet', 'tjenestne']) {
      assert.ok(search(typo).hits.length > 0, typo);
    }
    assert.deepEqual(pages('tjenestne'), [1]);
    // Shorter words are taken as typed.
    assert.deepEqual(pages('skolx'), [0], 'five letters');
    assert.equal(search('ska').hits.length, 0);
  });

  it('finds a number, with or without spaces', () => {
    assert.deepEqual(pages('476 92 052'), [2]);
    assert.deepEqual(pages('47692052'), [2]);
  });

  it('marks the terms it matched', () => {
    const { terms } = search('barnev');
    assert.equal(terms[stem('barnevernet')], true);
    assert.equal(terms[stem('barnevernsvakt')], true);
  });

  it('makes about 60 candidates per letter for a typo, not one per term of the index', () => {
    const word = 'barnevernstjenesten';
    const n = edits(word).length;
    assert.ok(n > 29 * word.length && n < 62 * (word.length + 1), `${n} edits`);
    assert.ok(!edits(word).includes(word));
  });
});
