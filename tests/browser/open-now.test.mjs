// "Åpen nå" never lies, as the page's own script (themes/default/static/veiviser.js)
// decides it in a real browser with a fixed clock: for every moment of
// tests/open_now_vectors.json (which tests/open_now.rs holds the Rust rules to), a real
// built page is loaded with the moment's time and one of its numbers given the case's
// hours, and the marks the script sets are read:
//  - the number's `data-open-state` is the expected open / closed / unknown;
//  - "Åpen nå" only when open; "Stengt nå" only when closed and not an emergency line;
//  - an emergency line that is closed shows the pointer to 112 and 116 111 instead;
//  - nothing else when the hours prove nothing.
// The browser runs in New York time: the script must use Norwegian time by itself.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { siteDir, launchBrowser, newContext, watchPage } from './helpers.mjs';

const SITE = siteDir();
const HERE = path.dirname(fileURLToPath(import.meta.url));
const VECTORS = JSON.parse(fs.readFileSync(path.join(HERE, '..', 'open_now_vectors.json'), 'utf8'));
// A page with both an emergency line and another line with opening hours.
const PAGE = 'ovre-eiker/index.html';

// Runs in the page before its scripts: when parsing is done (readystatechange to
// "interactive" comes before deferred scripts run), give the first own number of the
// wanted kind the case's hours and mark it for the test.
function giveHours({ rules, emergency }) {
  document.addEventListener('readystatechange', () => {
    if (document.readyState !== 'interactive') return;
    const items = Array.from(document.querySelectorAll('.phones li[data-hours]'));
    const target = items.find(
      (li) => li.classList.contains('phone-emergency') === emergency && !li.classList.contains('phone-national'),
    );
    if (!target) return;
    target.setAttribute('data-hours', JSON.stringify(rules));
    target.setAttribute('data-test-target', '');
  });
}

/** What the script left on a number: its state, its mark and whether it points on. */
async function marks(page, selector) {
  return page.$eval(selector, (li) => {
    const mark = li.querySelector('.phone-open');
    const fallback = li.querySelector('.phone-fallback');
    return {
      state: li.getAttribute('data-open-state'),
      mark: mark ? mark.textContent.trim() : null,
      markClass: mark ? mark.className : null,
      fallbackShown: !!fallback && !fallback.hidden && fallback.getClientRects().length > 0,
      fallbackLinks: fallback ? Array.from(fallback.querySelectorAll('a')).map((a) => a.getAttribute('href')) : [],
      text: li.textContent.replace(/\s+/g, ' ').trim(),
    };
  });
}

function assertMarks(got, expect, emergency, label) {
  assert.equal(got.state, expect, `${label}: state`);
  assert.ok(!(emergency && /Stengt nå/.test(got.text)), `${label}: an emergency line marked closed: ${got.text}`);
  if (expect === 'open') {
    assert.equal(got.mark, '· Åpen nå', `${label}: mark`);
    assert.equal(got.fallbackShown, false, `${label}: pointer`);
  } else if (expect === 'closed' && !emergency) {
    assert.equal(got.mark, '· Stengt nå', `${label}: mark`);
  } else if (expect === 'closed') {
    assert.equal(got.mark, '', `${label}: no mark`);
    assert.equal(got.fallbackShown, true, `${label}: the pointer to the national numbers`);
    assert.deepEqual(got.fallbackLinks, ['tel:112', 'tel:116111'], `${label}: pointer links`);
  } else {
    assert.equal(got.mark, '', `${label}: no mark when the hours prove nothing`);
    assert.equal(got.fallbackShown, false, `${label}: no pointer when the hours prove nothing`);
  }
}

describe('open now, with a fixed clock', () => {
  let server;
  let browser;
  let context;
  before(async () => {
    assert.ok(fs.existsSync(path.join(SITE, PAGE)), `${PAGE} is not in ${SITE}`);
    server = await startServer(SITE);
    browser = await launchBrowser();
    context = await newContext(browser, 1280, { timezoneId: 'America/New_York' }, server.origin);
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const moments = VECTORS.cases.flatMap((c) => c.moments.map((m) => ({ c, m })));
  it(`has at least 30 moments (${moments.length})`, () => assert.ok(moments.length >= 30));

  for (const { c, m } of moments) {
    it(`${c.name}: ${m.why} (${m.utc}) is ${m.expect}`, async () => {
      const page = await context.newPage();
      const watch = watchPage(page, server.origin);
      try {
        await page.clock.setFixedTime(new Date(m.utc));
        await page.addInitScript(giveHours, { rules: c.rules, emergency: c.emergency });
        await page.goto(`${server.origin}/${PAGE}`);
        await page.waitForSelector('[data-test-target][data-open-state]', { timeout: 5000 });
        const got = await marks(page, '[data-test-target]');
        assertMarks(got, m.expect, c.emergency, `${c.name} at ${m.utc}`);
        assert.deepEqual(watch.problems(), []);
      } finally {
        watch.stop();
        await page.close();
      }
    });
  }

  it("a real page's own hours: Modum on a Monday at 10.00", async () => {
    const page = await context.newPage();
    try {
      // 2026-06-08 is a Monday; 08:00 UTC is 10:00 in Norway.
      await page.clock.setFixedTime(new Date('2026-06-08T08:00:00Z'));
      await page.goto(`${server.origin}/modum/index.html`);
      const evening = await marks(page, ".phones li:has(> a[href='tel:+4740921233'])");
      assertMarks(evening, 'closed', true, 'barnevernsvakt 409 21 233 (evenings)');
      const day = await marks(page, ".phones li:has(> a[href='tel:+4732789350'])");
      assertMarks(day, 'open', true, 'barnevernsvakt 32 78 93 50 (daytime)');
      const police = await marks(page, ".phones li:has(> a[href='tel:02800'])");
      assertMarks(police, 'open', false, 'politiet 02800');
      const alarm = await marks(page, ".phones li:has(> a[href='tel:116111'])");
      assertMarks(alarm, 'open', true, '116 111');
    } finally {
      await page.close();
    }
  });
});
