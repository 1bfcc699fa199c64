// The HTML export of the bundled briefing and of a generated one with many
// sections, opened in Chromium: the DOM read back, links followed, no
// request and no console message, screenshots at 1280 and 390 pixels wide
// (no horizontal scrolling at 390), dark mode, and print to PDF with each
// section on a page of its own.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  counts,
  exportHtml,
  generate,
  headingGaps,
  launch,
  open,
  out,
  pdfPages,
  pngSize,
  readBack,
  root,
  squash,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * Where the element of an anchor is after a jump to it (run in the page):
 * at the top of the window, below its scroll margin, unless the page ends
 * first, and then anywhere in the window.
 */
function landing(href) {
  const top = document.getElementById(decodeURIComponent(href.slice(1))).getBoundingClientRect().top;
  const atEnd = scrollY + innerHeight >= document.documentElement.scrollHeight - 1;
  return { top, atEnd, ok: Math.abs(top - 16) <= 2 || (atEnd && top >= 0 && top < innerHeight) };
}

/** Checks one exported page; `expected` says what its briefing holds. */
function pageTests(name, input, expected) {
  let file;
  before(() => {
    file = exportHtml(input(), name);
  });

  it('reads back with every section, item and link, and nothing else happening', async (t) => {
    const { page, seen, context, loadMs } = await open(browser, file);
    t.diagnostic(`loaded in ${loadMs.toFixed(0)} ms`);
    const dom = await readBack(page);
    const listed = counts(input());
    assert.equal(dom.title, listed.title);
    assert.deepEqual(dom.h1, [listed.title]);
    assert.deepEqual(
      dom.sections.map((s) => s.id),
      expected.sections,
    );
    assert.ok(dom.sections.every((s) => s.title), 'every section has its h2');
    assert.equal(dom.articles, listed.items, 'one article per item');
    assert.equal(
      dom.sections.filter((s) => !s.id.startsWith('_')).length,
      listed.sections,
      'one section element per section',
    );
    assert.deepEqual(
      dom.nav,
      dom.sections.map((s) => `#${s.id}`),
      'the navigation links to each part, in order',
    );
    assert.deepEqual(dom.unresolved, [], 'every in-page link has its anchor');
    assert.deepEqual(dom.duplicateIds, []);
    assert.deepEqual(headingGaps(dom.headings), [], 'headings go h1, h2, h3 in order');
    assert.ok(dom.inPage.length > dom.sections.length, 'cross-references are links');
    assert.ok(dom.cites > 0 && dom.backLinks > 0, 'citation marks link to sources and back');
    assert.ok(dom.times.length > 0, 'dates are time elements');
    for (const dt of dom.times) {
      assert.match(dt, /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d)?)?$/);
    }
    assert.ok(dom.statuses.length > 0 && dom.statuses.every((s) => s.startsWith('Status: ')));
    assert.ok(dom.tags > 0, 'tags are text');
    assert.equal(dom.scripts, 0, 'no script at all');
    for (const href of dom.external) {
      assert.match(href, /^(https?:|mailto:)/, 'only web and mail addresses are links');
    }
    if (expected.figures) {
      assert.ok(dom.tables > 0 && dom.bars > 0, 'figures are tables with bars');
    }
    if (expected.quotes) {
      assert.ok(dom.quotes > 0 && dom.speakers === dom.quotes, 'quotes name their speaker in cite');
    }

    // Each part of the navigation lands at the top of the window (or, at
    // the end of the page, in it).
    for (const href of dom.nav) {
      await page.evaluate((h) => {
        location.hash = h;
      }, href);
      await page.waitForTimeout(50);
      const landed = await page.evaluate(landing, href);
      assert.ok(landed.ok, `${href}: ${JSON.stringify(landed)}`);
    }

    // Following a cross-reference and a citation mark, and coming back.
    const ref = page.locator('ul.links a').first();
    const href = await ref.getAttribute('href');
    await ref.click();
    assert.equal(await page.evaluate(() => decodeURIComponent(location.hash)), href);
    assert.ok((await page.evaluate(landing, href)).ok, `${href} is in view`);
    assert.equal(await page.evaluate(() => document.querySelector(':target')?.id), href.slice(1));
    const cite = page.locator('a.cite').first();
    const citeId = await cite.getAttribute('id');
    await cite.click();
    const source = await page.evaluate(() => document.querySelector(':target'));
    assert.ok(source, 'the mark leads to its source');
    await page.locator(`.back a[href="#${citeId}"]`).click();
    assert.equal(await page.evaluate(() => document.querySelector(':target')?.id), citeId);

    const shot = path.join(out, `${name}-1280.png`);
    await page.screenshot({ path: shot });
    assert.equal(pngSize(shot).width, 1280);
    assert.deepEqual(seen, { requests: [], console: [], errors: [], dialogs: [] });
    await context.close();
  });

  it('fits 390 pixels without scrolling sideways', async (t) => {
    const { page, seen, context } = await open(browser, file, { width: 390, height: 844 });
    const dom = await readBack(page);
    assert.ok(
      dom.scrollWidth <= dom.clientWidth,
      `the page scrolls sideways: ${dom.scrollWidth} > ${dom.clientWidth}`,
    );
    // Nothing sticks out, but what scrolls in its own box (a wide table).
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => !e.closest('.table'))
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .map((e) => `${e.tagName}.${e.className}`),
    );
    assert.deepEqual(wide, []);
    const shot = path.join(out, `${name}-390.png`);
    await page.screenshot({ path: shot });
    assert.equal(pngSize(shot).width, 390);
    t.diagnostic(`screenshots in ${path.relative(root, out)}`);
    assert.deepEqual(seen, { requests: [], console: [], errors: [], dialogs: [] });
    await context.close();
  });

  it('follows a dark colour scheme', async () => {
    const { page, seen, context } = await open(browser, file, { colorScheme: 'dark' });
    const [bg, fg] = await page.evaluate(() => {
      const s = getComputedStyle(document.body);
      return [s.backgroundColor, s.color];
    });
    const light = (c) => {
      const [r, g, b] = c.match(/\d+/g).map(Number);
      return (r * 299 + g * 587 + b * 114) / 1000;
    };
    assert.ok(light(bg) < 60 && light(fg) > 180, `dark: ${bg} on ${fg}`);
    await page.screenshot({ path: path.join(out, `${name}-dark.png`) });
    assert.deepEqual(seen, { requests: [], console: [], errors: [], dialogs: [] });
    await context.close();
  });

  it('prints each section on a page of its own, with link targets and no navigation', async (t) => {
    const { page, seen, context } = await open(browser, file, { colorScheme: 'dark' });
    await page.emulateMedia({ media: 'print' });
    const print = await page.evaluate(() => ({
      nav: getComputedStyle(document.querySelector('nav.contents')).display,
      back: [...document.querySelectorAll('.back')].map((e) => getComputedStyle(e).display),
      breaks: [...document.querySelectorAll('main > section')].map((s) => getComputedStyle(s).breakBefore),
      bg: getComputedStyle(document.body).backgroundColor,
      after: [...document.querySelectorAll('a[href^="http"]:not(.url), a[href^="mailto"]:not(.url)')].map(
        (a) => [a.href, getComputedStyle(a, '::after').content],
      ),
      titles: [...document.querySelectorAll('main > section > h2')].map((h) => h.textContent),
      h1: document.querySelector('h1').textContent,
    }));
    assert.equal(print.nav, 'none', 'no navigation in print');
    assert.ok(print.back.every((d) => d === 'none'), 'no links back in print');
    assert.ok(print.breaks.every((b) => b === 'page'), `${print.breaks}`);
    assert.equal(print.bg, 'rgb(255, 255, 255)', 'print is dark on white, whatever the screen');
    assert.equal(print.after.length > 0, expected.externalLinks, 'external links');
    for (const [href, content] of print.after) {
      assert.ok(content.includes(href), `${href} is printed after its link: ${content}`);
    }
    const pdf = path.join(out, `${name}.pdf`);
    await page.pdf({ path: pdf, format: 'A4', margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' } });
    const pages = pdfPages(pdf).map(squash);
    t.diagnostic(`${pages.length} PDF pages for ${print.titles.length} sections`);
    assert.ok(pages[0].startsWith(squash(print.h1)), 'the first page is the header');
    let at = 0;
    for (const title of print.titles) {
      const k = pages.findIndex((p, i) => i > at && p.startsWith(squash(title)));
      assert.ok(k > at, `"${title}" does not start a page after page ${at + 1}`);
      at = k;
    }
    const text = pages.join('');
    for (const [href] of print.after) {
      assert.ok(text.includes(squash(decodeURI(href))), `${href} is in the PDF`);
    }
    assert.deepEqual(seen, { requests: [], console: [], errors: [], dialogs: [] });
    await context.close();
  });
}

describe('the bundled briefing', () => {
  pageTests('summit', () => path.join(root, 'briefings', 'us-japan-summit-2024-04.toml'), {
    sections: ['agenda', 'defense', 'economy', 'friction', '_timeline', '_people', '_sources'],
    figures: true,
    quotes: true,
    // Its one source has no address.
    externalLinks: false,
  });
});

describe('a generated briefing of twelve sections', () => {
  let toml;
  const input = () => {
    if (!toml) {
      toml = generate('wide', ['--sections', '12', '--items', '6', '--body-words', '90', '--seed', '12']);
    }
    return toml;
  };
  const sections = () => {
    const text = fs.readFileSync(input(), 'utf8');
    return [...text.matchAll(/^\[\[sections\]\]\nid = "([^"]+)"/gm)].map((m) => m[1]);
  };
  describe('has twelve sections', () => {
    it('in the generated file', () => {
      assert.equal(sections().length, 12);
    });
  });
  pageTests('wide', input, {
    get sections() {
      return [...sections(), '_timeline', '_people', '_sources'];
    },
    figures: true,
    quotes: true,
    externalLinks: true,
  });
});

describe('a briefing that declares its language', () => {
  it('sets lang, and dir for a language written right to left', async () => {
    const source = fs.readFileSync(path.join(root, 'tests', 'fixtures', 'reader', 'japanese.toml'), 'utf8');
    for (const [tag, dir] of [
      ['ja', ''],
      ['ar', 'rtl'],
    ]) {
      const toml = path.join(out, `language-${tag}.toml`);
      fs.writeFileSync(toml, source.replace('[briefing]\n', `[briefing]\nlanguage = "${tag}"\n`));
      const file = exportHtml(toml, `language-${tag}`);
      const { page, seen, context } = await open(browser, file, { width: 390, height: 844 });
      const dom = await readBack(page);
      assert.equal(dom.lang, tag);
      assert.equal(dom.dir, dir);
      assert.ok(dom.scrollWidth <= dom.clientWidth, 'CJK text wraps in the window');
      await page.screenshot({ path: path.join(out, `language-${tag}-390.png`) });
      assert.deepEqual(seen, { requests: [], console: [], errors: [], dialogs: [] });
      await context.close();
    }
  });
});
