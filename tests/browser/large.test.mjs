// The 25 MB generated briefing of the benchmarks (benches/common: one
// section of 7,800 items), exported whole as HTML and opened in Chromium:
// how long the export and the page take, and the page read back.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { counts, exportHtml, generate, launch, open, out, readBack, record } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

describe('the 25 MB briefing', () => {
  it('exports, opens and reads back whole', { timeout: 600_000 }, async (t) => {
    const toml = generate('big', ['--sections', '1', '--items', '7800', '--body-words', '400', '--seed', '25']);
    const mb = (f) => fs.statSync(f).size / 1e6;
    assert.ok(mb(toml) > 24, `${mb(toml)} MB`);
    let started = performance.now();
    const file = exportHtml(toml, 'big');
    const exportMs = performance.now() - started;
    t.diagnostic(`brief export --all --format html: ${(exportMs / 1000).toFixed(2)} s for ${mb(file).toFixed(1)} MB`);

    const { page, seen, context, loadMs } = await open(browser, file, { timeout: 300_000 });
    t.diagnostic(`Chromium opened the ${mb(file).toFixed(1)} MB page in ${(loadMs / 1000).toFixed(2)} s (to the load event)`);
    started = performance.now();
    await page.screenshot({ path: path.join(out, 'big-1280.png'), timeout: 300_000 });
    const paintMs = performance.now() - started;
    t.diagnostic(`first screenshot: ${(paintMs / 1000).toFixed(2)} s`);
    const dom = await readBack(page);
    const listed = counts(toml);
    assert.equal(dom.articles, listed.items);
    assert.deepEqual(dom.unresolved, []);
    assert.deepEqual(dom.duplicateIds, []);
    assert.ok(dom.scrollWidth <= dom.clientWidth);
    // Jumps land where they lead, although most items are laid out only
    // when they come near.
    for (const href of ['#section-1/item-3900', '#_timeline', '#section-1/item-7800', '#_people', '#section-1/item-2']) {
      await page.evaluate((h) => {
        location.hash = h;
      }, href);
      await page.waitForTimeout(300);
      const top = await page.evaluate(
        (h) => document.getElementById(h.slice(1)).getBoundingClientRect().top,
        href,
      );
      assert.ok(Math.abs(top - 16) <= 2, `${href} lands at ${top}`);
    }
    assert.deepEqual(seen, { requests: [], console: [], errors: [], dialogs: [] });
    await context.close();
    record('big', {
      briefing_mb: Number(mb(toml).toFixed(1)),
      page_mb: Number(mb(file).toFixed(1)),
      export_s: Number((exportMs / 1000).toFixed(2)),
      load_s: Number((loadMs / 1000).toFixed(2)),
      first_screenshot_s: Number((paintMs / 1000).toFixed(2)),
      articles: dom.articles,
      in_page_links: dom.inPage.length,
    });
  });
});
