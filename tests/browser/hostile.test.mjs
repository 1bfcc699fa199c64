// Every hostile briefing of tests/hostile/ exported as HTML and opened in
// Chromium, once with the page's Content-Security-Policy and once without
// it (so that escaping alone is what keeps scripts out): no script runs, no
// element or attribute comes from the briefing's text, no link leads
// anywhere but a web or mail address or the page itself, and the payloads
// read as the text they are.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { brief, exportHtml, launch, open, root } from './helpers.mjs';

const folder = path.join(root, 'tests', 'hostile');

/** Files of tests/hostile/ that are not briefings brief loads, and why. */
const REFUSED = {
  'config-escape-path.toml': 'a configuration',
  'config-hostile.toml': 'a configuration',
  'hostile-ids.toml': 'control characters in ids are errors',
  'not-utf8.toml': 'not UTF-8',
  'raw-controls.toml': 'raw control bytes are errors',
};

/** Every element the export writes; anything else came from a briefing. */
const ELEMENTS = new Set(
  (
    'html head meta title style body header h1 h2 h3 p nav ol ul li a main section article span ' +
    'time blockquote figure figcaption cite div table caption thead tbody tr th td'
  ).split(' '),
);

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

describe('hostile briefings exported as HTML', () => {
  const files = fs.readdirSync(folder).filter((f) => f.endsWith('.toml')).sort();

  it('are all either exported or refused for a reason given here', () => {
    assert.ok(files.includes('html-markup.toml'));
    for (const f of files) {
      const code = brief(['check', path.join(folder, f)], { ok: false }).status;
      if (f in REFUSED) {
        assert.equal(code, 1, `${f} (${REFUSED[f]}) should be refused`);
      } else {
        assert.equal(code, 0, `${f} should load; if it may not, say why in REFUSED`);
      }
    }
  });

  for (const f of files.filter((f) => !(f in REFUSED))) {
    for (const bypassCSP of [false, true]) {
      it(`${f}${bypassCSP ? ', its Content-Security-Policy off' : ''}: no script, no markup`, async () => {
        const file = exportHtml(path.join(folder, f), `hostile-${path.basename(f, '.toml')}`);
        const { page, seen, context } = await open(browser, file, { bypassCSP });
        // Pointing at and focusing everything fires whatever handler
        // might have slipped in.
        await page.evaluate(() => {
          for (const e of document.querySelectorAll('body *')) {
            for (const type of ['mouseover', 'mouseenter', 'focus', 'animationstart']) {
              e.dispatchEvent(new Event(type, { bubbles: true }));
            }
          }
        });
        const found = await page.evaluate((allowed) => {
          const all = [...document.querySelectorAll('*')];
          return {
            pwned: Object.keys(window).filter((k) => k.startsWith('pwned')),
            scripts: document.scripts.length,
            foreign: all.map((e) => e.localName).filter((n) => !allowed.includes(n)),
            handlers: all.flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
            styles: document.querySelectorAll('body style, [style]:not(td.bar span, .barline span)').length,
            hrefs: [...document.querySelectorAll('[href]')].map((e) => e.getAttribute('href')),
            cites: [...document.querySelectorAll('[cite]')].map((e) => e.getAttribute('cite')),
            srcs: document.querySelectorAll('[src], [data], [action], [formaction]').length,
            text: document.body.innerText,
            title: document.title,
          };
        }, [...ELEMENTS]);
        assert.deepEqual(found.pwned, []);
        assert.equal(found.scripts, 0, 'no script element');
        assert.deepEqual(found.foreign, [], 'no element from the text');
        assert.deepEqual(found.handlers, [], 'no event handler');
        assert.equal(found.styles, 0, 'no style but the page’s own');
        assert.equal(found.srcs, 0, 'nothing that loads');
        for (const href of found.hrefs) {
          assert.match(href, /^(#|https?:\/\/|mailto:)/i, `link to ${href}`);
        }
        for (const cite of found.cites) {
          assert.match(cite, /^(https?:\/\/|mailto:)/i, `cite of ${cite}`);
        }
        if (f === 'html-markup.toml') {
          for (const payload of [
            "<script>alert('title')</script>",
            "<img src=x onerror=alert('subtitle')> and &lt;b&gt; entities &amp; more",
            "</h2><script>alert('section')</script>Section",
            '<style>body { display: none }</style> A summary with <!-- a comment --> and ]]>',
            "<a href=\"javascript:alert('bullet')\">a link that is not one</a>",
            "javascript:alert('source')",
            "data:text/html,<script>alert('data')</script>",
            '&#60;script&#62; written as entities',
            "&lt;script&gt;alert('entity')&lt;/script&gt; stays as written.",
            '#"><b>tag</b>',
            "<blink>planned</blink>",
          ]) {
            assert.ok(found.text.includes(payload), `${payload} reads as text`);
          }
          assert.ok(found.title.startsWith("<script>alert('title')</script>"), found.title);
          // The one web address with a quote in it is a link to itself,
          // the quote and the markup inside the URL.
          assert.ok(found.hrefs.includes("https://example.com/a\"><script>alert('href')</script>"), found.hrefs);
        }
        assert.deepEqual(seen, { requests: [], console: [], errors: [], dialogs: [] });
        await context.close();
      });
    }
  }
});
