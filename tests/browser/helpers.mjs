// What the browser tests share: the brief binaries, Debian's Chromium
// driven by playwright-core, and the page read back.
//
// Inputs are made by the tests themselves with the release binaries
// (`cargo build --release --bin brief --example gen`, which .ci/run does
// first); whatever is missing is an error, never a skipped test.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Pages, screenshots, PDFs and timings of a run. */
export const out = path.join(root, 'target', 'browser');
fs.mkdirSync(out, { recursive: true });

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const BRIEF = process.env.BRIEF_BIN ?? path.join(root, 'target', 'release', 'brief');
const GEN = process.env.BRIEF_GEN ?? path.join(root, 'target', 'release', 'examples', 'gen');

// The flags Debian's Chromium needs headless as root on a machine with no
// network but the package registries: no sandbox, no GPU, and none of its
// own background connections (which the closed network would refuse).
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function need(file, how) {
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: ${how}`);
  }
}

/** Runs brief with `args`; its output, or an error saying what it said. */
export function brief(args, { ok = true } = {}) {
  need(BRIEF, 'build it with `cargo build --release --bin brief`');
  // A folder of its own, so no config.toml of the caller's is read.
  const r = spawnSync(BRIEF, args, { cwd: out, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  if (ok && r.status !== 0) {
    throw new Error(`brief ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return r;
}

/** Exports `input` as HTML into the output folder as `name`.html. */
export function exportHtml(input, name, which = ['--all']) {
  const file = path.join(out, `${name}.html`);
  brief(['export', input, ...which, '--format', 'html', '-o', file, '--force']);
  return file;
}

/** A briefing from the generator (`examples/gen.rs`), as `name`.toml. */
export function generate(name, args) {
  need(GEN, 'build it with `cargo build --release --example gen`');
  const r = spawnSync(GEN, args, { maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`gen ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const file = path.join(out, `${name}.toml`);
  fs.writeFileSync(file, r.stdout);
  return file;
}

/** The counts `brief list --json` gives for one briefing. */
export function counts(input) {
  const [entry] = JSON.parse(brief(['list', input, '--json']).stdout);
  return entry;
}

export async function launch() {
  need(CHROMIUM, 'install it with `apt-get install chromium`');
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 60_000 });
}

/**
 * Opens `file` in a new context and records everything that must not
 * happen: a request for anything but the file, a console message, a page
 * error, a dialog (an `alert` that ran). `bypassCSP` turns the page's own
 * policy off, to test that escaping alone keeps scripts out.
 */
export async function open(browser, file, options = {}) {
  const { width = 1280, height = 900, colorScheme = 'light', bypassCSP = false, timeout = 60_000 } = options;
  const context = await browser.newContext({ viewport: { width, height }, colorScheme, bypassCSP });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  const url = pathToFileURL(file).href;
  const seen = { requests: [], console: [], errors: [], dialogs: [] };
  // Every request is stopped here: the page's own file goes through,
  // anything else is recorded and refused, so nothing leaves the machine
  // even if the page asked.
  await context.route('**/*', (route) => {
    const asked = route.request().url();
    if (asked.split('#')[0] === url) return route.continue();
    seen.requests.push(asked);
    return route.abort();
  });
  context.on('request', (r) => {
    if (r.url().split('#')[0] !== url && !seen.requests.includes(r.url())) seen.requests.push(r.url());
  });
  page.on('console', (m) => seen.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  const started = performance.now();
  await page.goto(url, { waitUntil: 'load', timeout });
  const loadMs = performance.now() - started;
  return { context, page, seen, url, loadMs };
}

/** The page as the tests check it, read from the DOM. */
export async function readBack(page) {
  return page.evaluate(() => {
    const all = (sel) => [...document.querySelectorAll(sel)];
    const inPage = all('a[href^="#"]').map((a) => a.getAttribute('href'));
    const ids = all('[id]').map((e) => e.id);
    return {
      lang: document.documentElement.lang,
      dir: document.documentElement.dir,
      title: document.title,
      h1: all('h1').map((e) => e.textContent),
      sections: all('main > section').map((s) => ({
        id: s.id,
        title: s.querySelector('h2')?.textContent ?? null,
        articles: s.querySelectorAll('article').length,
      })),
      articles: all('article').length,
      articleIds: all('article').map((a) => a.id),
      nav: all('nav.contents a').map((a) => a.getAttribute('href')),
      inPage,
      unresolved: inPage.filter((h) => !document.getElementById(decodeURIComponent(h.slice(1)))),
      duplicateIds: ids.filter((id, i) => ids.indexOf(id) !== i),
      external: all('a[href]:not([href^="#"])').map((a) => a.href),
      cites: all('a.cite').length,
      backLinks: all('.back a').length,
      times: all('time').map((t) => t.getAttribute('datetime')),
      headings: all('h1, h2, h3, h4, h5, h6').map((h) => Number(h.tagName[1])),
      tables: all('table').length,
      bars: all('td.bar span').length,
      quotes: all('figure.quote blockquote').length,
      speakers: all('figure.quote cite').length,
      statuses: all('.status').map((s) => s.textContent),
      tags: all('.tag').length,
      scripts: document.scripts.length,
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    };
  });
}

/** Problems with heading levels: the first is not h1, or one skips a level. */
export function headingGaps(levels) {
  const gaps = [];
  if (levels[0] !== 1) gaps.push(`starts at h${levels[0]}`);
  for (let i = 1; i < levels.length; i++) {
    if (levels[i] > levels[i - 1] + 1) gaps.push(`h${levels[i - 1]} then h${levels[i]} at ${i}`);
  }
  return gaps;
}

/** Width and height of a PNG, from its header. */
export function pngSize(file) {
  const b = fs.readFileSync(file);
  if (b.toString('latin1', 1, 4) !== 'PNG') throw new Error(`${file} is not a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** The text of each page of a PDF (poppler's pdftotext). */
export function pdfPages(file) {
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) throw new Error(`pdftotext: ${r.error.message} (install poppler-utils)`);
  if (r.status !== 0) throw new Error(`pdftotext exited ${r.status}: ${r.stderr}`);
  const pages = r.stdout.split('\f');
  if (pages.at(-1).trim() === '') pages.pop();
  return pages;
}

/** Text without its white space, to compare what a PDF wraps differently. */
export const squash = (s) => s.replace(/\s+/g, '');

/** Saves a timing where the run's other outputs go (for the record). */
export function record(name, value) {
  const file = path.join(out, 'timings.json');
  const all = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  all[name] = value;
  fs.writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}
