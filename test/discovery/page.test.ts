// out/index.html in real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core),
// served from out/ by a small HTTP server on 127.0.0.1. Screenshots go to test/artifacts/ (not
// committed) for a person to look at.
//
// The stories' photos live on the newsroom's site, which the test cannot reach. So the page is
// loaded twice: once with those requests answered by a placeholder picture (as a reader online
// would see it), where no console error at all is allowed; and once offline, where the only
// console errors allowed are Chromium's "Failed to load resource" for those remote photos,
// matched one for one with the requests that failed.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build.js';
import type { FeedView } from '../../src/types.js';
import { dirOf, testAccess } from '../helpers/partners.js';
import { needs } from '../helpers/tools.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ARTIFACTS = path.join(ROOT, 'test/artifacts');
const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = needs('chromium', existsSync(CHROMIUM) ? undefined : `${CHROMIUM} does not exist`);
const NOW = Date.parse('2026-11-26T12:00:00Z');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.opml': 'text/x-opml; charset=utf-8',
};
const PLACEHOLDER = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1000" viewBox="0 0 16 10"><defs><linearGradient id="g" x2="1" y2="1"><stop offset="0" stop-color="#8aa4b8"/><stop offset="1" stop-color="#d9cdb8"/></linearGradient></defs><rect width="16" height="10" fill="url(#g)"/></svg>`;

let out: string;
let result: BuildResult;
const PARTNERS = ['nordpress', 'baltic-daily', 'wirewatch'];
const access = testAccess(PARTNERS);
/** The newsroom's private page, relative to out/. */
const NEWSROOM_PAGE = `partners/${access.newsroom}/index.html`;
let server: http.Server;
let origin: string;
let browser: Browser;
const served: string[] = [];

/** Files under out/ only: anything else is a 404, so a link that leaves out/ fails the test. */
function serve(root: string): Promise<http.Server> {
  const s = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let rel = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const abs = path.resolve(root, rel);
    served.push(rel);
    if (!abs.startsWith(root + path.sep)) return void res.writeHead(404).end();
    try {
      const body = await readFile(abs);
      res.writeHead(200, { 'content-type': TYPES[path.extname(abs)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

beforeAll(async () => {
  if (!HAVE_CHROMIUM) return;
  out = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-page-'));
  result = await build({ configFile: path.join(ROOT, 'wirefeed.config.yaml'), itemsDir: path.join(ROOT, 'items'), outDir: out, now: NOW, access });
  server = await serve(out);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  await mkdir(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  if (out) await rm(out, { recursive: true, force: true });
});

interface Loaded {
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  failed: string[];
}

async function open(opts: { online: boolean; width: number; shot: string; page?: string }): Promise<Loaded> {
  const page = await browser.newPage({ viewport: { width: opts.width, height: 900 } });
  const loaded: Loaded = { page, consoleErrors: [], pageErrors: [], failed: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') loaded.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => loaded.pageErrors.push(e.message));
  page.on('requestfailed', (r) => loaded.failed.push(r.url()));
  if (opts.online)
    await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) =>
      route.request().resourceType() === 'image'
        ? route.fulfill({ status: 200, contentType: 'image/svg+xml', body: PLACEHOLDER })
        : route.abort(),
    );
  await page.goto(`${origin}/${opts.page ?? 'index.html'}`, { waitUntil: 'load' });
  await page.screenshot({ path: path.join(ARTIFACTS, opts.shot), fullPage: true });
  return loaded;
}

const mainView = (): FeedView => result.views.find((v) => v.dir === '')!;
const partnerViews = () => result.views.filter((v) => v.dir.startsWith('partners/') && !v.archive);
const publicViews = () => result.views.filter((v) => !v.dir.startsWith('partners/'));

describe.skipIf(!HAVE_CHROMIUM)('index.html in Chromium', () => {
  let online: Loaded;
  let offline: Loaded;
  beforeAll(async () => {
    online = await open({ online: true, width: 1280, shot: 'index.png' });
    offline = await open({ online: false, width: 1280, shot: 'index-offline.png' });
  });

  it('loads with no console error and no script error, photos answered', () => {
    expect(result.exitCode).toBe(0);
    expect(online.pageErrors).toEqual([]);
    expect(online.consoleErrors).toEqual([]);
    expect(online.failed).toEqual([]);
  });

  it('offline, the only errors are the remote photos that could not load', () => {
    expect(offline.pageErrors).toEqual([]);
    expect(offline.failed.length).toBeGreaterThan(0);
    for (const url of offline.failed) expect(new URL(url).origin).not.toBe(origin);
    expect(offline.consoleErrors, JSON.stringify([offline.consoleErrors, offline.failed])).toHaveLength(offline.failed.length);
    expect(served.filter((f) => f !== 'index.html')).toEqual([]);
    for (const e of offline.consoleErrors) expect(e).toMatch(/^Failed to load resource: net::ERR_/);
  });

  it('needs no script and loads nothing from elsewhere but the photos', async () => {
    const p = online.page;
    expect(await p.locator('script').count()).toBe(0);
    expect(await p.locator('link[rel=stylesheet], iframe, object, embed').count()).toBe(0);
    const srcs = await p.locator('img').evaluateAll((els) => els.map((e) => (e as HTMLImageElement).src));
    const photos = new Set(result.views.flatMap((v) => v.items).flatMap((i) => (i.image ? [i.image.url] : [])));
    for (const s of srcs) expect(photos.has(s), s).toBe(true);
  });

  it('every link and autodiscovery link on our side resolves to a file that exists in out/', async () => {
    // The icon is inline (data:), so no request for /favicon.ico ever fails.
    expect(await online.page.locator('link[rel=icon]').getAttribute('href')).toMatch(/^data:image\/svg\+xml,/);
    const hrefs = await online.page.locator('a[href], link[href]:not([rel=icon])').evaluateAll((els) => els.map((e) => (e as HTMLAnchorElement).href));
    const local = hrefs.filter((h) => h.startsWith(`${origin}/`));
    expect(local.length).toBeGreaterThan(10);
    for (const h of local) {
      const rel = decodeURIComponent(new URL(h).pathname.slice(1));
      expect(existsSync(path.join(out, rel)) && (await stat(path.join(out, rel))).isFile(), rel).toBe(true);
      const res = await fetch(h);
      expect(res.status, h).toBe(200);
    }
    // The rest are the stories' canonical pages and the site's, all https.
    for (const h of hrefs.filter((x) => !x.startsWith(`${origin}/`))) expect(new URL(h).protocol).toBe('https:');
  });

  it('has autodiscovery <link rel="alternate"> for each format of the main feed', async () => {
    const links = await online.page.locator('head link[rel=alternate]').evaluateAll((els) =>
      els.map((e) => ({ type: e.getAttribute('type'), href: e.getAttribute('href'), title: e.getAttribute('title') })),
    );
    expect(links).toEqual([
      { type: 'application/rss+xml', href: 'rss.xml', title: 'Nordic Wire Desk (RSS 2.0)' },
      { type: 'application/atom+xml', href: 'atom.xml', title: 'Nordic Wire Desk (Atom 1.0)' },
      { type: 'application/feed+json', href: 'feed.json', title: 'Nordic Wire Desk (JSON Feed 1.1)' },
    ]);
  });

  it('lists every public feed with a subscribe link and its public URL to copy', async () => {
    const rows = await online.page.locator('.formats li').evaluateAll((els) =>
      els.map((li) => ({ href: li.querySelector('a')!.getAttribute('href'), url: li.querySelector('code')!.textContent })),
    );
    const expected = publicViews()
      .filter((v) => !v.archive)
      .flatMap((v) => v.formats.map((f) => ({ href: new URL(v.links.self[f]).pathname.replace('/feeds/', ''), url: v.links.self[f] })));
    expect(rows.sort((a, b) => a.href!.localeCompare(b.href!))).toEqual(expected.sort((a, b) => a.href.localeCompare(b.href)));
    // One click selects the whole URL for copying.
    const select = await online.page.locator('code.url').first().evaluate((e) => getComputedStyle(e).userSelect);
    expect(select).toBe('all');
  });

  it('shows the latest stories with their titles, credit lines and photo credits', async () => {
    const stories = await online.page.locator('.story').evaluateAll((els) =>
      els.map((e) => ({
        title: e.querySelector('h3')!.textContent,
        credit: e.querySelector('.credit')!.textContent,
        caption: e.querySelector('figcaption')?.textContent ?? null,
        alt: e.querySelector('img')?.getAttribute('alt') ?? null,
      })),
    );
    const feed = JSON.parse(await readFile(path.join(out, 'feed.json'), 'utf8')) as {
      items: { title: string; _attribution: { credit: string; image?: { caption?: string; credit?: string; alt?: string } } }[];
    };
    expect(stories).toEqual(
      feed.items.map((i) => ({
        title: i.title,
        credit: i._attribution.credit,
        caption: i._attribution.image ? [i._attribution.image.caption, `Photo: ${i._attribution.image.credit}`].filter(Boolean).join(' ') : null,
        // The photo's alt text; without one, its caption, then the headline.
        alt: i._attribution.image ? (i._attribution.image.alt ?? i._attribution.image.caption ?? i.title) : null,
      })),
    );
    expect(stories.length).toBe(mainView().items.length);
  });

  it('names no partner: no partner section, title, name or private link', async () => {
    expect(await online.page.locator('#partners, .partner').count()).toBe(0);
    const html = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(html).not.toContain('partners/');
    for (const p of ['Nordpress', 'Baltic Daily', 'Wirewatch', ...PARTNERS]) expect(html).not.toContain(p);
  });

  it('looks right without the photos: every photo box keeps its size, nothing overflows the page', async () => {
    const p = offline.page;
    const boxes = await p.locator('.story .frame').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.width, r.height]));
    expect(boxes.length).toBeGreaterThan(0);
    for (const [w, h] of boxes) {
      expect(w).toBeGreaterThan(150);
      expect(h).toBeGreaterThan(90);
    }
    for (const width of [1280, 375]) {
      await p.setViewportSize({ width, height: 900 });
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `at ${width}px`).toBe(0);
    }
    await p.screenshot({ path: path.join(ARTIFACTS, 'index-narrow.png'), fullPage: true });
  });
});

describe.skipIf(!HAVE_CHROMIUM)("the newsroom's private page in Chromium", () => {
  let online: Loaded;
  beforeAll(async () => {
    online = await open({ online: true, width: 1280, shot: 'newsroom.png', page: NEWSROOM_PAGE });
  });

  it('loads with no console error, no script, and tells no referrer or search engine', async () => {
    expect(online.pageErrors).toEqual([]);
    expect(online.consoleErrors).toEqual([]);
    expect(await online.page.locator('script').count()).toBe(0);
    expect(await online.page.locator('meta[name=referrer]').getAttribute('content')).toBe('no-referrer');
    expect(await online.page.locator('meta[name=robots]').getAttribute('content')).toBe('noindex, nofollow');
  });

  it('says, per partner, what it receives and which photos it does not', async () => {
    expect(partnerViews()).toHaveLength(PARTNERS.length);
    for (const name of PARTNERS) {
      const v = partnerViews().find((x) => x.dir === dirOf(access, name))!;
      const card = online.page.locator(`#partner-${name}`);
      const received = await card.locator('.received li:not(.more)').evaluateAll((els) =>
        els.map((li) => ({ title: li.querySelector('a')!.textContent, withheld: li.classList.contains('withheld') })),
      );
      const feed = JSON.parse(await readFile(path.join(out, v.dir, 'feed.json'), 'utf8')) as { items: { title: string; image?: string }[] };
      expect(received).toEqual(
        feed.items.slice(0, received.length).map((i, n) => ({ title: i.title, withheld: !i.image && v.items[n]!.image !== undefined })),
      );
      expect(received.length).toBe(Math.min(12, feed.items.length));
    }
  });

  it("links each partner's feeds by relative URLs that resolve to its files in out/", async () => {
    const hrefs = await online.page.locator('.formats a').evaluateAll((els) => els.map((e) => (e as HTMLAnchorElement).href));
    const expected = partnerViews().flatMap((v) => [
      ...v.formats.map((f) => `${origin}/${v.dir}/${f === 'json' ? 'feed.json' : `${f}.xml`}`),
      // A partner that takes ninjs: its index, which its ingest system polls.
      ...(v.ninjs ? [`${origin}/${v.ninjs.index}`] : []),
    ]);
    expect(expected.some((h) => h.endsWith('/ninjs/index.json'))).toBe(true);
    expect(hrefs.sort()).toEqual(expected.sort());
    for (const h of hrefs) expect((await fetch(h)).status, h).toBe(200);
  });

  it('nothing overflows at 375 px', async () => {
    await online.page.setViewportSize({ width: 375, height: 900 });
    expect(await online.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await online.page.screenshot({ path: path.join(ARTIFACTS, 'newsroom-narrow.png'), fullPage: true });
  });
});
