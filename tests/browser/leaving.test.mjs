// Leaving and finding one's way on a phone: "Forlat siden" (button and Shift three
// times) replaces the page with the neutral site and leaves it out of the back history;
// the menu folds behind "Meny" at 320 px and works without JavaScript; wide screens
// show it open. Requests to the neutral site are answered here, never sent.
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { siteDir, listSites, launchBrowser, newContext } from './helpers.mjs';

const SITE = siteDir();
const SITES = listSites(SITE);
const NEUTRAL = 'Nøytral side';

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

/** A context whose requests to other hosts get a stub page instead of leaving. */
async function contextWithNeutralSite(width, extra = {}) {
  const context = await newContext(browser, width, extra);
  await context.route(
    (url) => url.origin !== server.origin,
    (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: `<title>${NEUTRAL}</title>` }),
  );
  return context;
}

/** The first site and two of its pages: the front page and the toolbox. */
function twoPages() {
  assert.ok(SITES.length > 0, 'no sites built');
  const slug = SITES[0];
  return [server.url(`${slug}/index.html`), server.url(`${slug}/verktoy/index.html`)];
}

it('"Forlat siden" replaces the page and leaves it out of the back history', async () => {
  const context = await contextWithNeutralSite(320);
  try {
    const page = await context.newPage();
    const [front, toolbox] = twoPages();
    await page.goto(front);
    await page.goto(toolbox);
    const exitUrl = await page.getAttribute('.exit-button', 'data-exit');
    await Promise.all([page.waitForURL((u) => u.href.startsWith(exitUrl)), page.click('.exit-button')]);
    assert.equal(await page.title(), NEUTRAL);
    await page.goBack();
    assert.equal(page.url(), front, 'Back leads past the page that was left');
  } finally {
    await context.close();
  }
});

it('pressing Shift three times leaves too', async () => {
  const context = await contextWithNeutralSite(1280);
  try {
    const page = await context.newPage();
    const [front] = twoPages();
    await page.goto(front);
    const exitUrl = await page.getAttribute('.exit-button', 'data-exit');
    const left = page.waitForURL((u) => u.href.startsWith(exitUrl));
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
    await left;
    assert.equal(await page.title(), NEUTRAL);
  } finally {
    await context.close();
  }
});

it('every site has a page on hiding the visit, linked from the exit help', async () => {
  const context = await contextWithNeutralSite(320);
  try {
    const page = await context.newPage();
    for (const slug of SITES) {
      await page.goto(server.url(`${slug}/index.html`));
      const help = page.locator('#forlat-hjelp a');
      await Promise.all([page.waitForURL(/skjul-besoket\/index\.html$/), help.click()]);
      assert.ok((await page.locator('h1').innerText()).length > 0, `${slug}: the page has a heading`);
    }
  } finally {
    await context.close();
  }
});

for (const javaScriptEnabled of [false, true]) {
  const how = javaScriptEnabled ? 'with' : 'without';
  it(`at 320 px the menu folds behind "Meny" and opens ${how} JavaScript`, async () => {
    const context = await contextWithNeutralSite(320, { javaScriptEnabled });
    try {
      const page = await context.newPage();
      await page.goto(twoPages()[0]);
      const link = page.locator('.main-nav a').first();
      assert.equal(await link.isVisible(), false, 'the menu starts folded');
      const button = page.locator('.menu > summary');
      assert.equal(await button.isVisible(), true);
      await button.click();
      assert.equal(await link.isVisible(), true, 'the menu opens');
    } finally {
      await context.close();
    }
  });

  it(`at 1280 px the menu is open ${how} JavaScript, with no "Meny" button`, async () => {
    const context = await contextWithNeutralSite(1280, { javaScriptEnabled });
    try {
      const page = await context.newPage();
      await page.goto(twoPages()[0]);
      assert.equal(await page.locator('.main-nav a').first().isVisible(), true);
      assert.equal(await page.locator('.menu > summary').isVisible(), false);
    } finally {
      await context.close();
    }
  });
}
