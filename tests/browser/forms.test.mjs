// The fillable HTML forms (<site>/skjema/<id>/index.html, script assets/skjema.js), each
// one of them:
//  - the <form> has no action and cannot navigate: Enter in a text field leaves the URL
//    alone and makes no request;
//  - fødselsnummer: an invalid number sets aria-invalid="true" and fills the field's
//    #<id>-error live region on blur; a valid one (mod 11) clears both; with an invalid
//    one, "Lagre til fil" saves nothing and shows the error summary (role=alert, the
//    form's first child) with focus, its link moving focus to the field;
//  - a table's <caption> is its first child and shows above the header row; its
//    columns follow the definition's widths;
//  - every field (text, fødselsnummer, text area, date, checkbox, radio, table cell) is
//    filled; "Lagre til fil" downloads a file; after a reload the form is empty and the
//    browser keeps nothing (localStorage, sessionStorage, cookies, IndexedDB, Cache API);
//    opening the saved file on "Åpne fil" (#apne-fil) brings every value back;
//  - hostile files (another form's, not JSON, unknown field, wrong types, ...) change
//    nothing and the status line (.form-status) says the file could not be opened;
//  - no request leaves the site's origin; no console errors; no page errors.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './server.mjs';
import { siteDir, listFormPages, launchBrowser, newContext, watchPage, report, onlyMatching } from './helpers.mjs';

const SITE = siteDir();
const FORMS = onlyMatching(listFormPages(SITE));
const INVALID_FNR = '12345678901';

/** Control digits of a fødselsnummer by modulus 11; null when a control digit would be 10. */
export function fnrControlDigits(nine) {
  const d = nine.split('').map(Number);
  const control = (digits, weights) => {
    const sum = weights.reduce((acc, w, i) => acc + digits[i] * w, 0);
    const k = 11 - (sum % 11);
    return k === 11 ? 0 : k;
  };
  const k1 = control(d, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
  if (k1 === 10) return null;
  const k2 = control([...d, k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
  if (k2 === 10) return null;
  return `${k1}${k2}`;
}

/** A valid fødselsnummer for 1 January 2001: the first individual number that works. */
export function validFnr(date = '010101') {
  for (let n = 100; n <= 999; n++) {
    const nine = date + String(n);
    const k = fnrControlDigits(nine);
    if (k !== null) return nine + k;
  }
  throw new Error('no valid fødselsnummer found');
}
const VALID_FNR = validFnr();

let server;
let browser;
let context;
let tmp;
before(async () => {
  server = await startServer(SITE);
  browser = await launchBrowser();
  context = await newContext(browser, 1280, { acceptDownloads: true }, server.origin);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'veiviser-forms-'));
});
after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

it('the fødselsnummer check in this test is right', () => {
  assert.equal(VALID_FNR.length, 11);
  assert.equal(fnrControlDigits(VALID_FNR.slice(0, 9)), VALID_FNR.slice(9));
  assert.notEqual(fnrControlDigits(INVALID_FNR.slice(0, 9)), INVALID_FNR.slice(9));
  // Mod 11 with these weights catches every single wrong digit.
  const valid = (n) => fnrControlDigits(n.slice(0, 9)) === n.slice(9);
  assert.ok(valid(VALID_FNR));
  for (let i = 0; i < 11; i++) {
    for (let d = 0; d <= 9; d++) {
      if (String(d) === VALID_FNR[i]) continue;
      const changed = VALID_FNR.slice(0, i) + d + VALID_FNR.slice(i + 1);
      assert.ok(!valid(changed), `${changed} (one digit off ${VALID_FNR}) counts as valid`);
    }
  }
});

// In-page helpers: the form's controls and a snapshot of their values.
const inventory = () => {
  const form = document.getElementById('skjema');
  if (!form) return null;
  const controls = Array.from(form.elements)
    .filter((el) => el.name && el.type !== 'file' && el.type !== 'button' && el.type !== 'submit' && el.type !== 'reset')
    .map((el) => ({
      name: el.name,
      id: el.id,
      tag: el.tagName.toLowerCase(),
      type: el.type,
      value: el.value,
      fnr: el.classList.contains('fnr'),
      inTable: !!el.closest('table'),
    }));
  return {
    formId: form.getAttribute('data-form'),
    action: form.getAttribute('action'),
    method: form.getAttribute('method'),
    messages: {
      fnrInvalid: form.getAttribute('data-fnr-invalid'),
      openError: form.getAttribute('data-open-error'),
      opened: form.getAttribute('data-opened'),
      saved: form.getAttribute('data-saved'),
    },
    hasStatus: !!form.querySelector('.form-status'),
    hasPicker: !!document.getElementById('apne-fil'),
    controls,
  };
};
const snapshot = () => {
  const form = document.getElementById('skjema');
  const out = {};
  for (const el of Array.from(form.elements)) {
    if (!el.name || ['file', 'button', 'submit', 'reset'].includes(el.type)) continue;
    const key = el.type === 'radio' ? `${el.name}=${el.value}` : el.name;
    out[key] = el.type === 'checkbox' || el.type === 'radio' ? el.checked : el.value;
  }
  return out;
};
const statusText = () => {
  const s = document.querySelector('#skjema .form-status');
  return s ? s.textContent.trim() : null;
};

function kinds(inv) {
  const c = inv.controls;
  return {
    text: c.some((x) => x.type === 'text' && !x.fnr && !x.inTable),
    fnr: c.some((x) => x.fnr),
    checkbox: c.some((x) => x.type === 'checkbox'),
    table: c.some((x) => x.inTable),
    textarea: c.some((x) => x.tag === 'textarea'),
    date: c.some((x) => x.type === 'date'),
    radio: c.some((x) => x.type === 'radio'),
    select: c.some((x) => x.tag === 'select'),
  };
}
const covered = {};

const byName = (page, name) => page.locator(`#skjema [name="${name.replace(/"/g, '\\"')}"]`);

async function openForm(page, rel) {
  const res = await page.goto(server.url(rel), { waitUntil: 'load' });
  assert.equal(res && res.status(), 200, `${rel} did not load`);
}

/** Fills every field; returns what the snapshot must be afterwards. */
async function fillAll(page, inv) {
  let checkboxIndex = 0;
  const radioGroups = new Map();
  for (const c of inv.controls) {
    if (c.type === 'radio') {
      radioGroups.set(c.name, c); // the last option of each group
      continue;
    }
    const loc = byName(page, c.name);
    if (c.fnr) await loc.fill(VALID_FNR);
    else if (c.type === 'checkbox') {
      if (checkboxIndex++ % 2 === 0) await loc.check();
    } else if (c.type === 'date') await loc.fill('2025-03-14');
    else if (c.tag === 'textarea') await loc.fill(`Første linje for ${c.name}\nAndre linje: «æøå ÆØÅ» & <b>ikke html</b>`);
    else if (c.tag === 'select') {
      const last = await loc.evaluate((el) => el.options[el.options.length - 1].value);
      await loc.selectOption(last);
    } else await loc.fill(`Verdi for ${c.name}: æøå "sitat" <tag> \\ 100%`);
  }
  for (const c of radioGroups.values()) await page.locator(`#skjema input[type=radio][name="${c.name}"][value="${c.value}"]`).check();
  return page.evaluate(snapshot);
}

function diffSnapshots(expected, actual) {
  const out = [];
  for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    if (expected[key] !== actual[key]) out.push(`${key}: expected ${JSON.stringify(expected[key])}, got ${JSON.stringify(actual[key])}`);
  }
  return out;
}

async function checkNothingKept(page) {
  const kept = await page.evaluate(async () => {
    const out = {
      localStorage: localStorage.length,
      sessionStorage: sessionStorage.length,
      cookie: document.cookie,
      indexedDB: indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [],
      caches: typeof caches !== 'undefined' ? await caches.keys() : [],
    };
    return out;
  });
  assert.equal(kept.localStorage, 0, 'localStorage is not empty');
  assert.equal(kept.sessionStorage, 0, 'sessionStorage is not empty');
  assert.equal(kept.cookie, '', 'document.cookie is not empty');
  assert.deepEqual(kept.indexedDB, [], 'IndexedDB databases exist');
  assert.deepEqual(kept.caches, [], 'Cache API caches exist');
  assert.deepEqual(await context.cookies(), [], 'the browser holds cookies');
}

async function openFile(page, file) {
  await page.evaluate(() => {
    const s = document.querySelector('#skjema .form-status');
    if (s) s.textContent = '';
  });
  await page.locator('#apne-fil').setInputFiles(file);
  await page.waitForFunction(
    () => {
      const s = document.querySelector('#skjema .form-status');
      return s && s.textContent.trim() !== '';
    },
    null,
    { timeout: 5000 },
  );
  return page.evaluate(statusText);
}

function hostileFiles(inv) {
  const real = inv.controls.find((c) => c.type === 'text' && !c.fnr) || inv.controls[0];
  const json = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
  const ok = (values) => ({ form: inv.formId, version: 1, values });
  return [
    ['another form', json({ form: `${inv.formId}-annet`, version: 1, values: { [real.name]: 'fra et annet skjema' } })],
    ['no form id', json({ version: 1, values: { [real.name]: 'uten skjema-id' } })],
    ['not JSON', json('dette er ikke JSON { "form": ')],
    ['an empty file', Buffer.alloc(0)],
    ['a JSON array', json([inv.formId, { [real.name]: 'liste' }])],
    ['a JSON string', json(JSON.stringify(inv.formId))],
    ['values missing', json({ form: inv.formId, version: 1 })],
    ['values is an array', json({ form: inv.formId, version: 1, values: ['a', 'b'] })],
    ['a number as a value', json(ok({ [real.name]: 12345 }))],
    ['an object as a value', json(ok({ [real.name]: { toString: 'x' } }))],
    ['false for a field', json(ok({ [real.name]: false }))],
    ['a __proto__ key', json(`{"form":${JSON.stringify(inv.formId)},"version":1,"values":{"__proto__":{"polluted":"ja"},${JSON.stringify(real.name)}:"x"}}`)],
  ];
}

// Files saved before the form lost a field (or with keys no field has) still open:
// the known values are filled in, the rest is ignored.
function toleratedFiles(inv) {
  const real = inv.controls.find((c) => c.type === 'text' && !c.fnr) || inv.controls[0];
  const json = (v) => Buffer.from(JSON.stringify(v));
  const ok = (values) => ({ form: inv.formId, version: 1, values });
  return [
    ['a field that does not exist', real.name, json(ok({ [real.name]: 'ekte felt', 'finnes-ikke': 'ukjent felt' }))],
    ['a constructor key', real.name, json(ok({ constructor: 'x', [real.name]: 'konstruktør' }))],
  ];
}

describe('forms', { concurrency: 1 }, () => {
  it('there are form pages to test', () => {
    assert.ok(FORMS.length > 0, `no <site>/skjema/<id>/index.html under ${SITE}`);
  });

  for (const rel of FORMS) {
    it(rel, { timeout: 180_000 }, async () => {
      const page = await context.newPage();
      const watch = watchPage(page, server.origin);
      const name = rel.replace(/\//g, '_');
      try {
        await openForm(page, rel);
        const inv = await page.evaluate(inventory);
        assert.ok(inv, `${rel} has no form#skjema`);
        assert.ok(inv.formId, `form#skjema on ${rel} has no data-form`);
        for (const [k, v] of Object.entries(kinds(inv))) if (v) (covered[k] ||= []).push(rel);
        report({ test: 'forms', page: rel, kinds: kinds(inv), controls: inv.controls.length });

        // The form has no action and cannot navigate.
        assert.equal(inv.action, null, `form#skjema has action="${inv.action}"`);
        assert.ok(inv.hasStatus, 'form#skjema has no .form-status');
        assert.ok(inv.hasPicker, 'the page has no #apne-fil');
        const firstText = inv.controls.find((c) => c.type === 'text' && !c.fnr);
        assert.ok(firstText, 'the form has no text field');
        {
          const url = page.url();
          const before = watch.requests.length;
          let navigated = 0;
          const onNav = (frame) => {
            if (frame === page.mainFrame()) navigated++;
          };
          page.on('framenavigated', onNav);
          const field = byName(page, firstText.name);
          await field.fill('Enter-test');
          await field.press('Enter');
          await page.waitForTimeout(500);
          page.off('framenavigated', onNav);
          assert.equal(page.url(), url, 'Enter in a text field changed the URL');
          assert.equal(navigated, 0, 'Enter in a text field navigated');
          assert.deepEqual(watch.requests.slice(before), [], 'Enter in a text field made requests');
          assert.equal(await field.inputValue(), 'Enter-test', 'Enter in a text field reset the form');
          await field.fill('');
        }

        // Fødselsnummer.
        for (const c of inv.controls.filter((x) => x.fnr)) {
          const input = byName(page, c.name);
          const errorId = `${c.id}-error`;
          const error = page.locator(`[id="${errorId}"]`);
          assert.equal(await error.count(), 1, `no #${errorId} for fødselsnummer field #${c.id}`);
          const live = await error.evaluate(
            (el) => el.getAttribute('aria-live') || (['alert', 'status'].includes(el.getAttribute('role')) ? el.getAttribute('role') : null),
          );
          assert.ok(live, `#${errorId} is not a live region`);
          const describedBy = ((await input.getAttribute('aria-describedby')) || '').split(/\s+/);
          assert.ok(describedBy.includes(errorId), `#${c.id} is not aria-describedby #${errorId}`);

          await input.fill(INVALID_FNR);
          await input.blur();
          await page.waitForFunction((id) => document.getElementById(id).getAttribute('aria-invalid') === 'true', c.id, { timeout: 3000 }).catch(() => {});
          assert.equal(await input.getAttribute('aria-invalid'), 'true', `${INVALID_FNR} did not set aria-invalid="true" on #${c.id}`);
          const message = (await error.textContent()).trim();
          assert.ok(message.length > 0, `no error message in #${errorId} for ${INVALID_FNR}`);
          assert.equal(message, inv.messages.fnrInvalid, `#${errorId} does not say the form's data-fnr-invalid message`);

          await input.fill(VALID_FNR);
          await input.blur();
          await page.waitForFunction((id) => document.getElementById(id).getAttribute('aria-invalid') !== 'true', c.id, { timeout: 3000 }).catch(() => {});
          assert.notEqual(await input.getAttribute('aria-invalid'), 'true', `valid ${VALID_FNR} left aria-invalid="true" on #${c.id}`);
          assert.equal((await error.textContent()).trim(), '', `valid ${VALID_FNR} left an error in #${errorId}`);
        }

        // A wrong fødselsnummer stops print and save: an error summary (GOV.UK
        // pattern) at the top of the form takes focus and links to the field.
        for (const c of inv.controls.filter((x) => x.fnr)) {
          const input = byName(page, c.name);
          await input.fill(INVALID_FNR);
          await input.blur();
          const summary = page.locator('#skjema > .error-summary');
          assert.equal(await summary.count(), 1, 'no error summary as the first thing in the form');
          assert.equal(await page.evaluate(() => document.getElementById('skjema').firstElementChild.id), 'feiloversikt');
          assert.equal(await summary.getAttribute('role'), 'alert');
          assert.ok(await summary.isHidden(), 'the summary shows before any check');
          let downloads = 0;
          const onDownload = () => downloads++;
          page.on('download', onDownload);
          await page.getByRole('button', { name: 'Lagre til fil', exact: true }).click();
          await page.waitForTimeout(300);
          page.off('download', onDownload);
          assert.equal(downloads, 0, 'a form with a wrong fødselsnummer was saved');
          assert.ok(await summary.isVisible(), 'no error summary after a failed check');
          assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'feiloversikt', 'focus did not move to the summary');
          assert.ok((await summary.locator('h2').textContent()).trim().length > 0, 'the summary has no heading');
          const links = summary.locator('a');
          assert.equal(await links.count(), 1, 'the summary does not list the one wrong field');
          assert.equal(await links.first().getAttribute('href'), `#${c.id}`);
          assert.ok((await links.first().textContent()).includes(inv.messages.fnrInvalid), 'the link does not say what is wrong');
          await links.first().click();
          assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), c.id, 'the link did not move focus to the field');
          // Put right, the summary goes.
          await input.fill(VALID_FNR);
          await input.blur();
          assert.ok(await summary.isHidden(), 'the summary stays after the field was put right');
          await input.fill('');
        }

        // A table's caption is its first child and shows above the header row.
        for (const table of await page.locator('#skjema table').all()) {
          const layout = await table.evaluate((t) => ({
            first: t.firstElementChild && t.firstElementChild.localName,
            display: t.caption && getComputedStyle(t.caption).display,
            side: t.caption && getComputedStyle(t.caption).captionSide,
            captionBottom: t.caption && t.caption.getBoundingClientRect().bottom,
            captionWidth: t.caption && t.caption.getBoundingClientRect().width,
            headTop: t.tHead && t.tHead.getBoundingClientRect().top,
            tableWidth: t.getBoundingClientRect().width,
            shares: Array.from(t.querySelectorAll('colgroup col'), (c) => Number(c.getAttribute('data-share'))),
            widths: Array.from(t.tHead ? t.tHead.rows[0].cells : [], (c) => c.getBoundingClientRect().width),
          }));
          // Columns as wide as the definition's shares: a share four times another
          // gets a column at least twice as wide (headings have a minimum width).
          if (layout.shares.length > 0) {
            assert.equal(layout.shares.length, layout.widths.length);
            const narrow = layout.shares.indexOf(Math.min(...layout.shares));
            const wide = layout.shares.indexOf(Math.max(...layout.shares));
            if (layout.shares[wide] >= 4 * layout.shares[narrow]) {
              assert.ok(layout.widths[wide] >= 2 * layout.widths[narrow], `column widths ${layout.widths} do not follow ${layout.shares}`);
            }
          }
          assert.equal(layout.first, 'caption', 'the table does not start with its caption');
          assert.equal(layout.display, 'table-caption');
          assert.equal(layout.side, 'top');
          assert.ok(layout.captionBottom <= layout.headTop + 0.5, `the caption is not above the header row: ${JSON.stringify(layout)}`);
          assert.ok(layout.captionWidth >= layout.tableWidth - 1, `the caption is narrower than its table: ${JSON.stringify(layout)}`);
        }

        // Fill everything, save to a file.
        const filled = await fillAll(page, inv);
        const [download] = await Promise.all([
          page.waitForEvent('download', { timeout: 10_000 }),
          page.getByRole('button', { name: 'Lagre til fil', exact: true }).click(),
        ]);
        const saved = path.join(tmp, `${name}.json`);
        await download.saveAs(saved);
        assert.match(download.suggestedFilename(), /\.json$/, 'the saved file is not named .json');
        assert.equal(await page.evaluate(statusText), inv.messages.saved, 'the status line does not say the form was saved');
        const data = JSON.parse(fs.readFileSync(saved, 'utf8'));
        assert.equal(data.form, inv.formId, 'the saved file names another form');
        assert.equal(typeof data.values, 'object');

        // Reload: nothing is kept.
        await page.reload({ waitUntil: 'load' });
        const empty = await page.evaluate(snapshot);
        const leftovers = Object.entries(empty).filter(([, v]) => v !== '' && v !== false);
        assert.deepEqual(leftovers, [], 'after a reload the form still has values');
        await checkNothingKept(page);

        // Open the saved file: every value comes back.
        const status = await openFile(page, saved);
        assert.equal(status, inv.messages.opened, 'opening the saved file did not say it was opened');
        const back = await page.evaluate(snapshot);
        assert.deepEqual(diffSnapshots(filled, back), [], 'values did not come back from the saved file');
        for (const c of inv.controls.filter((x) => x.fnr)) {
          assert.notEqual(await byName(page, c.name).getAttribute('aria-invalid'), 'true', 'a valid fødselsnummer is marked invalid after opening');
        }
        await checkNothingKept(page);

        // Hostile files change nothing.
        const problems = [];
        for (const [what, buffer] of hostileFiles(inv)) {
          await page.reload({ waitUntil: 'load' });
          const first = byName(page, firstText.name);
          await first.fill('uendret');
          const box = inv.controls.find((c) => c.type === 'checkbox');
          if (box) await byName(page, box.name).check();
          const beforeOpen = await page.evaluate(snapshot);
          let said;
          try {
            said = await openFile(page, { name: `${inv.formId}.json`, mimeType: 'application/json', buffer });
          } catch {
            said = await page.evaluate(statusText);
          }
          const afterOpen = await page.evaluate(snapshot);
          const changed = diffSnapshots(beforeOpen, afterOpen);
          if (changed.length) problems.push(`${what}: the form changed: ${changed.slice(0, 5).join('; ')}`);
          if (said !== inv.messages.openError || !/kunne ikk/i.test(said || '')) {
            problems.push(`${what}: the status line says ${JSON.stringify(said)}, not that the file could not be opened`);
          }
          const polluted = await page.evaluate(() => ({}).polluted);
          if (polluted !== undefined) problems.push(`${what}: Object.prototype was polluted`);
        }
        for (const [what, field, buffer] of toleratedFiles(inv)) {
          await page.reload({ waitUntil: 'load' });
          const said = await openFile(page, { name: `${inv.formId}.json`, mimeType: 'application/json', buffer });
          if (said !== inv.messages.opened) problems.push(`${what}: the status line says ${JSON.stringify(said)}`);
          const value = await byName(page, field).inputValue();
          const expected = JSON.parse(buffer.toString()).values[field];
          if (value !== expected) problems.push(`${what}: the known field holds ${JSON.stringify(value)}`);
          const polluted = await page.evaluate(() => ({}).polluted);
          if (polluted !== undefined) problems.push(`${what}: Object.prototype was polluted`);
        }
        // Reported together, so that one kind of failure does not hide another.
        assert.deepEqual(
          problems.map((p) => `hostile file, ${p}`).concat(watch.problems()),
          [],
          'hostile files, requests to other origins, console errors or page errors',
        );
      } finally {
        watch.stop();
        await page.close();
      }
    });
  }

  it('the forms tested cover text, fødselsnummer, checkbox, table, text area, date and radio fields', () => {
    if (process.env.VEIVISER_ONLY) return;
    const wanted = ['text', 'fnr', 'checkbox', 'table', 'textarea', 'date', 'radio'];
    const missing = wanted.filter((k) => !(covered[k] && covered[k].length));
    assert.deepEqual(missing, [], 'no form page has these kinds of field, so they went untested');
    report({
      test: 'forms-coverage',
      covered,
      allThree: FORMS.filter((p) => covered.text?.includes(p) && covered.checkbox?.includes(p) && covered.table?.includes(p)),
    });
  });
});
