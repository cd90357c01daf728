// Keyboard use on a representative set of pages (the root page; for each site its front
// page, a step page, the toolbox and a form page), at 320 and 1280 px wide:
//  - the first Tab focuses the skip link, which is then visible on screen; activating it
//    moves focus to main#innhold and scrolls there (and the next Tab lands inside main);
//  - tabbing through the whole page reaches every visible interactive element;
//  - every element that gets focus shows a visible focus indicator: its computed
//    outline, box-shadow or background (or that of its <label>, for a visually hidden
//    control) differs visibly from the unfocused state.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import {
  siteDir,
  listHtml,
  listSites,
  listFormPages,
  readPage,
  hasClass,
  launchBrowser,
  newContext,
  watchPage,
  report,
  onlyMatching,
  WIDTHS,
} from './helpers.mjs';

const SITE = siteDir();
const CONCURRENCY = Math.max(1, Math.min(2, Number(process.env.VEIVISER_CONCURRENCY || 2)));

/** The root page, then per site: front page, first step page, toolbox, richest form. */
function representativePages() {
  const all = new Set(listHtml(SITE));
  const out = [];
  if (all.has('index.html')) out.push('index.html');
  for (const site of listSites(SITE)) {
    const mine = [...all].filter((p) => p.startsWith(site + '/')).sort();
    out.push(`${site}/index.html`);
    const step = mine.find((p) => hasClass(readPage(SITE, p), 'step-layout'));
    if (step) out.push(step);
    if (all.has(`${site}/verktoy/index.html`)) out.push(`${site}/verktoy/index.html`);
    const forms = listFormPages(SITE).filter((p) => p.startsWith(site + '/'));
    if (forms.length) {
      // The form with the most kinds of controls, then the most controls.
      const score = (p) => {
        const html = readPage(SITE, p);
        const kinds = ['type=checkbox', 'type=radio', 'type=date', '<textarea', '<table', '<select', 'class=fnr'].filter(
          (k) => html.includes(k) || html.includes(k.replace('=', '="')),
        ).length;
        return kinds * 1000 + (html.match(/<input|<textarea|<select/g) || []).length;
      };
      out.push([...forms].sort((a, b) => score(b) - score(a) || a.localeCompare(b))[0]);
    }
  }
  return onlyMatching(out);
}
const PAGES = representativePages();

// Injected into the page: finds the interactive elements and reads focus styles.
const IN_PAGE = String.raw`
window.__kbd = (() => {
  const SEL = 'a[href], area[href], button, input, select, textarea, summary, iframe, ' +
    'audio[controls], video[controls], [contenteditable]:not([contenteditable="false"]), ' +
    '[tabindex]:not([tabindex="-1"])';
  const STYLE_PROPS = ['outlineStyle', 'outlineWidth', 'outlineColor', 'outlineOffset', 'boxShadow',
    'backgroundColor', 'backgroundImage'];
  const style = (el) => {
    const cs = getComputedStyle(el);
    const out = {};
    for (const p of STYLE_PROPS) out[p] = cs[p];
    return out;
  };
  const visuallyHidden = (el) => {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return r.width <= 1 || r.height <= 1 || cs.clip === 'rect(0px, 0px, 0px, 0px)' ||
      /inset\(50%/.test(cs.clipPath) || Number(cs.opacity) === 0;
  };
  const visible = (el) => {
    if (!el.checkVisibility({ checkVisibilityCSS: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const interactive = (el) => {
    if (el.matches(':disabled') || el.closest('[inert]')) return false;
    if (el.tagName === 'SUMMARY' && !(el.parentElement && el.parentElement.tagName === 'DETAILS' &&
        el.parentElement.querySelector(':scope > summary') === el)) return false;
    if (el.tagName === 'INPUT' && el.type === 'hidden') return false;
    return visible(el);
  };
  const labelsOf = (el) => (el.labels ? Array.from(el.labels) : []).filter(visible);
  const describe = (el) => {
    if (!el) return 'null';
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.classList && el.classList.length) s += '.' + Array.from(el.classList).join('.');
    for (const a of ['href', 'type', 'name', 'aria-label']) if (el.getAttribute && el.getAttribute(a)) s += '[' + a + '="' + el.getAttribute(a) + '"]';
    const text = (el.innerText || el.value || '').replace(/\s+/g, ' ').trim().slice(0, 60);
    if (text) s += ' "' + text + '"';
    const labels = el.labels ? Array.from(el.labels).map((l) => l.innerText.replace(/\s+/g, ' ').trim().slice(0, 40)) : [];
    if (labels.length) s += ' (label: ' + labels.join(' / ') + ')';
    const container = el.closest('main, header, footer, nav, aside, [class]');
    if (container && container !== el) s += ' in ' + container.tagName.toLowerCase() + (container.className ? '.' + String(container.className).trim().split(/\s+/).join('.') : '');
    return s;
  };
  const active = () => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el;
  };
  return {
    // Marks every visible interactive element and records its unfocused styles.
    mark() {
      const found = Array.from(document.querySelectorAll(SEL)).filter(interactive);
      return found.map((el, i) => {
        el.setAttribute('data-kbd', String(i));
        const group = el.tagName === 'INPUT' && el.type === 'radio' && el.name
          ? 'radio:' + (el.form ? el.form.id : '') + ':' + el.name : null;
        return {
          i, group, desc: describe(el),
          inMain: !!el.closest('main#innhold'),
          own: style(el), hidden: visuallyHidden(el),
          labels: labelsOf(el).map(style),
        };
      });
    },
    focused() {
      const el = active();
      if (!el || el === document.body || el === document.documentElement) return { none: true };
      const r = el.getBoundingClientRect();
      return {
        kbd: el.getAttribute('data-kbd'), desc: describe(el),
        inMain: !!el.closest('main#innhold'),
        own: style(el), hidden: visuallyHidden(el), visible: visible(el),
        labels: labelsOf(el).map(style),
        rect: { top: r.top, left: r.left, width: r.width, height: r.height },
      };
    },
    // For an element that was not marked: its styles with focus taken away, then
    // focus put back (so Tab goes on from it).
    unfocusedActive() {
      const el = active();
      el.blur();
      const out = { own: style(el), labels: labelsOf(el).map(style) };
      el.focus({ preventScroll: true });
      return out;
    },
    skipLink() {
      const el = active();
      if (!el || el === document.body) return { none: true };
      const r = el.getBoundingClientRect();
      const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
      const inView = r.width >= 1 && r.height >= 1 && r.top >= 0 && r.left >= 0 &&
        r.bottom <= innerHeight && r.right <= innerWidth;
      const hit = inView ? document.elementFromPoint(cx, cy) : null;
      return {
        desc: describe(el), tag: el.tagName, href: el.getAttribute('href'),
        rect: { top: r.top, left: r.left, width: r.width, height: r.height },
        viewport: { width: innerWidth, height: innerHeight },
        inView, onTop: !!hit && (hit === el || el.contains(hit)),
        shown: el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && !visuallyHidden(el),
      };
    },
    afterSkip() {
      const main = document.querySelector('main#innhold');
      const el = active();
      if (!main) return { noMain: true, active: describe(el) };
      const r = main.getBoundingClientRect();
      const se = document.scrollingElement;
      return {
        active: describe(el), focusedMain: el === main, hash: location.hash,
        mainTop: r.top, scrollY, maxScroll: se.scrollHeight - innerHeight,
        scrollPaddingTop: parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0,
        viewportHeight: innerHeight,
      };
    },
  };
})();
`;

function alphaOf(color) {
  if (!color || color === 'transparent') return 0;
  const m = color.match(/rgba?\(([^)]*)\)/);
  if (!m) return 1;
  const parts = m[1].split(/[\s,/]+/).filter(Boolean);
  return parts.length >= 4 ? parseFloat(parts[3]) : 1;
}
const normColor = (c) => (alphaOf(c) === 0 ? 'transparent' : String(c).replace(/\s+/g, ''));
const outlineVisible = (s) =>
  s.outlineStyle !== 'none' && s.outlineStyle !== 'hidden' && parseFloat(s.outlineWidth) > 0 && alphaOf(s.outlineColor) > 0;
function boxShadowVisible(s) {
  if (!s.boxShadow || s.boxShadow === 'none') return false;
  const colors = s.boxShadow.match(/rgba?\([^)]*\)/g);
  return !colors || colors.some((c) => alphaOf(c) > 0);
}

/** What visibly differs between the unfocused (u) and focused (f) styles of one box. */
function differences(u, f) {
  const out = [];
  if (
    outlineVisible(f) &&
    (!outlineVisible(u) ||
      f.outlineStyle !== u.outlineStyle ||
      f.outlineWidth !== u.outlineWidth ||
      normColor(f.outlineColor) !== normColor(u.outlineColor) ||
      f.outlineOffset !== u.outlineOffset)
  ) {
    out.push(`outline ${f.outlineStyle} ${f.outlineWidth} ${f.outlineColor}`);
  }
  if (f.boxShadow !== u.boxShadow && (boxShadowVisible(f) || boxShadowVisible(u))) out.push(`box-shadow ${f.boxShadow}`);
  if (normColor(f.backgroundColor) !== normColor(u.backgroundColor)) {
    out.push(`background ${u.backgroundColor} → ${f.backgroundColor}`);
  }
  if (f.backgroundImage !== u.backgroundImage) out.push(`background-image ${f.backgroundImage}`);
  return out;
}
const brief = (s) =>
  `outline: ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}; box-shadow: ${s.boxShadow}; background: ${s.backgroundColor}`;

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

it('there are pages to check with the keyboard', () => {
  assert.ok(PAGES.length > 0, `no representative pages found under ${SITE}`);
});

async function open(page, rel) {
  const res = await page.goto(server.url(rel), { waitUntil: 'load' });
  assert.equal(res && res.status(), 200, `${rel} did not load`);
  await page.evaluate(IN_PAGE);
}

async function checkSkipLink(page, rel, width, failures) {
  await open(page, rel);
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => window.__kbd.skipLink());
  if (first.none) {
    failures.push('the first Tab focused nothing in the page');
    return;
  }
  if (!(first.tag === 'A' && first.href === '#innhold')) {
    failures.push(`the first Tab focused ${first.desc}, not the skip link (a[href="#innhold"])`);
    return;
  }
  if (!first.inView || !first.onTop || !first.shown) {
    failures.push(
      `the focused skip link is not visible: rect ${JSON.stringify(first.rect)} in viewport ` +
        `${first.viewport.width}x${first.viewport.height}, inView=${first.inView}, on top=${first.onTop}, shown=${first.shown}`,
    );
  }
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#innhold', null, { timeout: 2000 }).catch(() => {});
  await page.waitForTimeout(50);
  const after = await page.evaluate(() => window.__kbd.afterSkip());
  if (after.noMain) {
    failures.push(`the page has no main#innhold for the skip link to go to (focus is on ${after.active})`);
    return;
  }
  if (!after.focusedMain) failures.push(`activating the skip link left focus on ${after.active}, not main#innhold`);
  const atTop = after.mainTop >= -2 && after.mainTop <= after.scrollPaddingTop + 2;
  const scrolledToEnd = after.scrollY >= after.maxScroll - 2 && after.mainTop >= -2 && after.mainTop < after.viewportHeight;
  if (!atTop && !scrolledToEnd) {
    failures.push(
      `activating the skip link did not scroll to main#innhold: its top is at ${after.mainTop}px ` +
        `(scrollY ${after.scrollY}, max ${after.maxScroll}, viewport height ${after.viewportHeight})`,
    );
  }
  const mainHasTargets = await page.evaluate(() => window.__kbd.mark().some((c) => c.inMain));
  if (mainHasTargets) {
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => window.__kbd.focused());
    if (next.none || !next.inMain) {
      failures.push(`after the skip link, the next Tab went to ${next.none ? 'nothing' : next.desc}, not into main`);
    }
  }
}

async function checkTabWalk(page, rel, width, failures) {
  await open(page, rel);
  const candidates = await page.evaluate(() => window.__kbd.mark());
  const reached = new Set();
  const reachedGroups = new Set();
  const checked = new Set();
  const noIndicator = [];
  const strays = [];
  // Date inputs take one Tab per part; allow for that, then some.
  const limit = candidates.length * 4 + 30;
  let presses = 0;
  let first = null;
  let wrapped = false;
  while (presses < limit) {
    await page.keyboard.press('Tab');
    presses++;
    const f = await page.evaluate(() => window.__kbd.focused());
    if (f.none) {
      if (presses > 1) {
        wrapped = true;
        break;
      }
      continue;
    }
    const key = f.kbd ?? f.desc;
    if (first === null) first = key;
    else if (key === first) {
      wrapped = true;
      break;
    }
    if (f.kbd != null) {
      reached.add(Number(f.kbd));
      const c = candidates[Number(f.kbd)];
      if (c.group) reachedGroups.add(c.group);
    } else if (!strays.includes(f.desc)) {
      strays.push(f.desc);
    }
    if (checked.has(key)) continue;
    checked.add(key);
    const unfocused =
      f.kbd != null ? candidates[Number(f.kbd)] : await page.evaluate(() => window.__kbd.unfocusedActive());
    let diffs = [];
    if (unfocused) {
      if (!f.hidden) diffs = diffs.concat(differences(unfocused.own, f.own));
      f.labels.forEach((l, i) => {
        if (unfocused.labels[i]) diffs = diffs.concat(differences(unfocused.labels[i], l).map((d) => `label ${d}`));
      });
    }
    if (!f.visible) {
      noIndicator.push(`${f.desc}: focus went to an element that is not visible`);
    } else if (diffs.length === 0) {
      noIndicator.push(
        `${f.desc}${f.hidden ? ' (visually hidden; its label does not change either)' : ''}: ` +
          `focused looks like unfocused (${brief(f.own)})`,
      );
    }
  }
  if (!wrapped) failures.push(`Tab did not get through the page in ${limit} presses (a keyboard trap?)`);
  const missed = candidates.filter((c) => !reached.has(c.i) && !(c.group && reachedGroups.has(c.group)));
  for (const m of missed) failures.push(`not reached with Tab: ${m.desc}`);
  for (const n of noIndicator) failures.push(`no visible focus indicator: ${n}`);
  // Elements outside the selector list that still take focus (e.g. scrollable boxes) are
  // fine, as long as they show focus (checked above); they are listed in the report.
  report({ test: 'keyboard', page: rel, width, candidates: candidates.length, reached: reached.size, strays, failures });
}

for (const width of WIDTHS) {
  describe(`keyboard at ${width}px`, { concurrency: CONCURRENCY }, () => {
    let context;
    before(async () => {
      context = await newContext(browser, width, {}, server.origin);
    });
    after(async () => {
      await context?.close();
    });
    for (const rel of PAGES) {
      it(`${rel} @${width}px`, { timeout: 180_000 }, async () => {
        const page = await context.newPage();
        const watch = watchPage(page, server.origin);
        const failures = [];
        try {
          await checkSkipLink(page, rel, width, failures);
          await checkTabWalk(page, rel, width, failures);
        } finally {
          watch.stop();
          await page.close();
        }
        const foreign = watch.foreign.map((f) => `request to another origin (blocked by the test): ${f}`);
        const all = failures.concat(foreign, watch.pageErrors.map((e) => `page error: ${e}`));
        assert.ok(all.length === 0, `${rel} at ${width}px:\n  ` + all.join('\n  '));
      });
    }
  });
}
