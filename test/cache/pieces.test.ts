// A document rendered again because one of its stories changed is re-assembled from its file
// on disk: the other stories' bytes are copied from it, not rendered. These tests make that
// visible by changing a story's bytes in the file while keeping its size and mtime (what the
// cache trusts a file by, docs/performance.md): a copied story keeps the changed bytes.
import { readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSite, run, type Site } from './helpers.js';

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

describe('re-assembling an archive page from its file', () => {
  it('copies the stories that did not change and renders the one that did', async () => {
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
    const warm = await run(s);
    expect(warm.exitCode).toBe(0);
    const rel = path.relative(s.out, page);
    expect(warm.report.written).toContain(rel);
    const titles = items(page).map((i) => i.title);
    expect(titles).toContain(marked);
    expect(titles).not.toContain(title);
    expect(readFileSync(page, 'utf8')).toContain('A paragraph added by the desk.');
  });

  it('renders every story again when the file is not as the last run left it', async () => {
    const s = makeSite(60, ARCHIVE);
    sites.push(s);
    expect((await run(s)).exitCode).toBe(0);
    const { page, files } = busiestPage(s);
    const [edited, untouched] = files as [string, string];
    await settle(s, page);
    const title = /^title: "(.*)"$/m.exec(readFileSync(untouched, 'utf8'))![1]!;
    const marked = title.replace(/^./, (c) => (c === 'X' ? 'Y' : 'X'));
    tamper(page, `<title>${title}</title>`, `<title>${marked}</title>`);
    // A newer mtime: someone else wrote the file; its layout is not trusted.
    const st = statSync(page);
    utimesSync(page, st.atime, new Date(st.mtimeMs + 5000));

    writeFileSync(edited, `${readFileSync(edited, 'utf8')}\nA paragraph added by the desk.\n`);
    expect((await run(s)).exitCode).toBe(0);
    const titles = items(page).map((i) => i.title);
    expect(titles).toContain(title);
    expect(titles).not.toContain(marked);
  });

  it('renders every story again when the layout is gone (a cache folder emptied of it)', async () => {
    const s = makeSite(60, ARCHIVE);
    sites.push(s);
    expect((await run(s)).exitCode).toBe(0);
    const { page, files } = busiestPage(s);
    const [edited, untouched] = files as [string, string];
    await settle(s, page);
    const title = /^title: "(.*)"$/m.exec(readFileSync(untouched, 'utf8'))![1]!;
    const marked = title.replace(/^./, (c) => (c === 'X' ? 'Y' : 'X'));
    tamper(page, `<title>${title}</title>`, `<title>${marked}</title>`);
    const job = readdirSync(s.cache)[0]!;
    for (const f of readdirSync(path.join(s.cache, job))) if (f.startsWith('pieces-')) rmSync(path.join(s.cache, job, f));

    writeFileSync(edited, `${readFileSync(edited, 'utf8')}\nA paragraph added by the desk.\n`);
    expect((await run(s)).exitCode).toBe(0);
    expect(items(page).map((i) => i.title)).toContain(title);
  });
});
