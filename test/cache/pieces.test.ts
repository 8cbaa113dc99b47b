// A document rendered again because one of its stories changed is re-assembled from its file
// on disk: the other stories' bytes are copied from it, not rendered. These tests make that
// visible by changing a story's bytes in the file while keeping its size and mtime (what the
// cache trusts a file by, docs/performance.md): a copied story keeps the changed bytes.
import { readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { DESK, feeds, itemFiles, makeSite, NOW_MS, run, type Site } from './helpers.js';

const sites: Site[] = [];
afterAll(() => {
  for (const s of sites) rmSync(s.root, { recursive: true, force: true });
});

const ARCHIVE = `archive:
  enabled: true
`;

interface RssItem {
  title: string;
  link: string;
}
const items = (file: string): RssItem[] => {
  const doc = new XMLParser().parse(readFileSync(file, 'utf8'));
  const it = doc.rss.channel.item ?? [];
  return Array.isArray(it) ? it : [it];
};

/** The archive page with the most stories, and two Markdown item files whose stories are on it. */
function busiestPage(s: Site): { page: string; files: string[] } {
  const dir = path.join(s.out, 'archive');
  const pages = readdirSync(dir).map((p) => path.join(dir, p, 'rss.xml'));
  const page = pages.sort((a, b) => items(b).length - items(a).length)[0]!;
  const links = new Set(items(page).map((i) => i.link));
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else if (e.name.endsWith('.md') && links.has(/^url: "(.*)"$/m.exec(readFileSync(abs, 'utf8'))?.[1] ?? '')) files.push(abs);
    }
  };
  walk(s.items);
  return { page, files: files.sort() };
}

/** Replace `from` by `to` (the same length) in a file, keeping its size and mtime. */
function tamper(file: string, from: string, to: string): void {
  expect(Buffer.byteLength(to)).toBe(Buffer.byteLength(from));
  const st = statSync(file);
  // utimes sets whole seconds exactly (a fraction comes back a few hundred ns off): see settle().
  expect(st.mtimeMs % 1000).toBe(0);
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
  utimesSync(file, st.mtimeMs / 1000, st.mtimeMs / 1000);
  expect(statSync(file).mtimeMs).toBe(st.mtimeMs);
}

/**
 * Give a page a whole-second mtime and let a run that changes nothing record it (the run
 * renders the page again, finds its bytes unchanged and keeps the file): tamper() can then
 * restore that mtime exactly.
 */
async function settle(s: Site, page: string): Promise<void> {
  const at = Math.floor(statSync(page).mtimeMs / 1000) - 60;
  utimesSync(page, at, at);
  const r = await run(s);
  expect(r.exitCode).toBe(0);
  expect(r.report.written).not.toContain(path.relative(s.out, page));
  expect(statSync(page).mtimeMs).toBe(at * 1000);
}

/**
 * A built site whose busiest archive page has one story's title changed in the file (same
 * size, same mtime), and another story on that page edited in its item file.
 */
async function tamperedSite(): Promise<{ s: Site; page: string; title: string; marked: string }> {
  const s = makeSite(60, ARCHIVE);
  sites.push(s);
  expect((await run(s)).exitCode).toBe(0);
  const { page, files } = busiestPage(s);
  expect(files.length).toBeGreaterThanOrEqual(2);
  const [edited, untouched] = files as [string, string];
  await settle(s, page);
  const title = /^title: "(.*)"$/m.exec(readFileSync(untouched, 'utf8'))![1]!;
  // Same length, different bytes: only a copy of the old file can carry them.
  const marked = title.replace(/^./, (c) => (c === 'X' ? 'Y' : 'X'));
  tamper(page, `<title>${title}</title>`, `<title>${marked}</title>`);
  writeFileSync(edited, `${readFileSync(edited, 'utf8')}\nA paragraph added by the desk.\n`);
  return { s, page, title, marked };
}

const titles = (page: string) => items(page).map((i) => i.title);

describe('re-assembling an archive page from its file', () => {
  it('copies the stories that did not change and renders the one that did', async () => {
    const { s, page, title, marked } = await tamperedSite();
    const warm = await run(s);
    expect(warm.exitCode).toBe(0);
    expect(warm.report.written).toContain(path.relative(s.out, page));
    expect(titles(page)).toContain(marked);
    expect(titles(page)).not.toContain(title);
    expect(readFileSync(page, 'utf8')).toContain('A paragraph added by the desk.');
  });

  it('renders every story again when the file is not as the last run left it', async () => {
    const { s, page, title, marked } = await tamperedSite();
    // A newer mtime: someone else wrote the file; its layout is not trusted.
    const st = statSync(page);
    utimesSync(page, st.atime, new Date(st.mtimeMs + 5000));
    expect((await run(s)).exitCode).toBe(0);
    expect(titles(page)).toContain(title);
    expect(titles(page)).not.toContain(marked);
    expect(readFileSync(page, 'utf8')).toContain('A paragraph added by the desk.');
  });

  it('renders every story again when the layout is gone (a cache folder emptied of it)', async () => {
    const { s, page, title, marked } = await tamperedSite();
    const job = readdirSync(s.cache)[0]!;
    for (const f of readdirSync(path.join(s.cache, job))) if (f.startsWith('pieces-')) rmSync(path.join(s.cache, job, f));
    expect((await run(s)).exitCode).toBe(0);
    expect(titles(page)).toContain(title);
    expect(titles(page)).not.toContain(marked);
  });
});

describe('a story a document shows as something else than its file', () => {
  // A takedown notice is made from the item (profiles/index.ts): with the parse cache on, the
  // item's fields are getters, which a spread lost (the run crashed); its bytes are not the
  // file's, so it has no key and is never copied from an old page.
  it("a profile's takedown notice of an expired story (MSN), with the cache as a cold build writes it", async () => {
    const s = makeSite(60, `archive:
  enabled: true
partners:
  - name: desk
    profile: msn
    full_text: true
    policy:
      allow_uncredited_photos: true
`);
    sites.push(s);
    // A story of the archive whose licence ends a day from now: the next day's run kills it.
    const file = itemFiles(s).filter((f) => f.endsWith('.md'))[5]!;
    const expires = new Date(NOW_MS + 86_400_000).toISOString().replace('.000Z', 'Z');
    const text = readFileSync(file, 'utf8').replace(/^  expires: .*\n/m, '');
    writeFileSync(file, /^syndication:\n/m.test(text) ? text.replace(/^syndication:\n/m, `syndication:\n  expires: "${expires}"\n`) : text.replace(/^---\n/, `---\nsyndication:\n  expires: "${expires}"\n`));
    const url = /^url: "(.*)"$/m.exec(text)![1]!;
    expect((await run(s)).exitCode).toBeLessThanOrEqual(1);
    const later = NOW_MS + 2 * 86_400_000;
    expect((await run(s, { now: later })).exitCode).toBeLessThanOrEqual(1);
    const cold = path.join(s.root, 'cold');
    expect((await run(s, { now: later, out: cold, cache: false })).exitCode).toBeLessThanOrEqual(1);
    const got = feeds(s.out);
    const want = feeds(cold);
    // The story is in the partner's documents, as a takedown notice.
    const notices = Object.entries(want).filter(([p, body]) => p.startsWith('partners/') && body.includes(url) && body.includes('This story has been withdrawn'));
    expect(notices.length).toBeGreaterThan(0);
    for (const [p, bytes] of Object.entries(want)) expect({ path: p, bytes: got[p] }).toEqual({ path: p, bytes });
  });
});

describe("a partner's ninjs story documents", () => {
  it('are left as they are when their story did not change, and written again when it did', async () => {
    const s = makeSite(60, `archive:
  enabled: true
partners:
  - name: desk
    full_text: true
    formats: [rss, ninjs]
    limit: 3
`);
    sites.push(s);
    expect((await run(s)).exitCode).toBeLessThanOrEqual(1);
    // Two stories on the partner's busiest archive month: one edited, one left alone.
    const { files } = busiestPage(s);
    const [edited, untouched] = files as [string, string];
    const ninjs = path.join(s.out, DESK, 'ninjs');
    const docOf = (file: string) => {
      const url = /^url: "(.*)"$/m.exec(readFileSync(file, 'utf8'))![1]!;
      const name = readdirSync(ninjs).find((n) => n.endsWith('.json') && readFileSync(path.join(ninjs, n), 'utf8').includes(JSON.stringify(url)));
      expect(name, url).toBeDefined();
      return path.join(ninjs, name!);
    };
    const story = docOf(untouched);
    const other = docOf(edited);
    await settle(s, story);
    const title = /^title: "(.*)"$/m.exec(readFileSync(untouched, 'utf8'))![1]!;
    const marked = title.replace(/^./, (c) => (c === 'X' ? 'Y' : 'X'));
    tamper(story, JSON.stringify(title), JSON.stringify(marked));
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}\nA paragraph added by the desk.\n`);

    const warm = await run(s);
    expect(warm.exitCode).toBeLessThanOrEqual(1);
    // Left alone: the changed bytes are still there, and it was not written.
    expect(readFileSync(story, 'utf8')).toContain(JSON.stringify(marked));
    expect(warm.report.written).not.toContain(path.relative(s.out, story));
    // Its neighbour, whose story changed, was written again.
    expect(warm.report.written).toContain(path.relative(s.out, other));
    expect(readFileSync(other, 'utf8')).toContain('A paragraph added by the desk.');
  });
});
