// renderViewBytes with a Reuse (render/index.ts): a document assembled from an old file's
// bytes where an item's key is unchanged, rendered where it is not, and never from a layout
// that does not fit the file it is said to describe.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { EntryMemo, refNote, refOfNote, renderView, renderViewBytes, type DocLayout, type Reuse } from '../../src/render/index.js';
import type { FeedView } from '../../src/types.js';
import { makeSite, NEWSROOM, NOW_MS, type Site } from '../cache/helpers.js';
import { testAccess } from '../helpers/partners.js';

const OPTS = { sanitize: true, allowDataImages: false };
const sites: Site[] = [];
afterAll(() => {
  for (const s of sites) rmSync(s.root, { recursive: true, force: true });
});

/** An archive page with several stories, from a dry run of a generated site. */
async function page(): Promise<FeedView> {
  const s = makeSite(40, 'archive:\n  enabled: true\n  period: year\n');
  sites.push(s);
  const r = await build({ configFile: s.config, itemsDir: s.items, outDir: s.out, now: NOW_MS, write: false, ping: false });
  const view = r.views.filter((v) => v.archive).sort((a, b) => b.items.length - a.items.length)[0]!;
  expect(view.items.length).toBeGreaterThanOrEqual(3);
  return view;
}

/** A Reuse that remembers what it is told and answers with it, keyed by file (or as `keyOf` says). */
function memory(keyOf: Reuse['keyOf'] = (item) => item.file) {
  const layouts = new Map<string, DocLayout>();
  const files = new Map<string, Buffer>();
  const reuse: Reuse = {
    keyOf,
    previous: (_period, p) => (layouts.has(p) && files.has(p) ? { layout: layouts.get(p)!, bytes: files.get(p)! } : undefined),
    layout: (_period, p) => layouts.get(p),
    record: (_period, p, layout) => layouts.set(p, layout),
  };
  return { reuse, layouts, files };
}

const text = (b: Buffer | string) => (typeof b === 'string' ? b : b.toString('utf8'));

describe('a document assembled from its old file', () => {
  it('copies an unchanged item from the old bytes, and its layout names every item', async () => {
    const view = await page();
    const fresh = renderView(view, OPTS);
    const m = memory();
    for (const f of renderViewBytes(view, OPTS, new EntryMemo(), m.reuse)) m.files.set(f.path, Buffer.from(text(f.body)));
    for (const f of fresh) {
      const layout = m.layouts.get(f.path)!;
      expect(layout.keys).toEqual(view.items.map((i) => i.file));
      expect(layout.head + layout.lens.reduce((a, b) => a + b, 0)).toBeLessThan(Buffer.byteLength(f.body));
    }
    // The second story's title changed in the "file": a copy carries it, a render would not.
    const title = view.items[1]!.title;
    const marked = title.replace(/^./, (c) => (c === 'X' ? 'Y' : 'X'));
    const rssPath = [...m.files.keys()].find((p) => p.endsWith('rss.xml'))!;
    m.files.set(rssPath, Buffer.from(text(m.files.get(rssPath)!).replace(`<title>${title}</title>`, `<title>${marked}</title>`)));
    const again = renderViewBytes(view, OPTS, new EntryMemo(), m.reuse).find((f) => f.path === rssPath)!;
    expect(text(again.body)).toContain(`<title>${marked}</title>`);
    expect(text(again.body)).toBe(fresh.find((f) => f.path === rssPath)!.body.replace(`<title>${title}</title>`, `<title>${marked}</title>`));
  });

  it('renders an item whose key changed, and every item when the layout does not fit the file', async () => {
    const view = await page();
    const fresh = Object.fromEntries(renderView(view, OPTS).map((f) => [f.path, f.body]));
    const m = memory();
    for (const f of renderViewBytes(view, OPTS, new EntryMemo(), m.reuse)) m.files.set(f.path, Buffer.from('x'.repeat(Buffer.byteLength(text(f.body)))));
    // Every key changed: nothing of the (garbage) old bytes is copied.
    const changed = memory((item) => `${item.file}#2`);
    for (const [p, l] of m.layouts) changed.layouts.set(p, l);
    for (const [p, b] of m.files) changed.files.set(p, b);
    for (const f of renderViewBytes(view, OPTS, new EntryMemo(), changed.reuse)) if (f.path in fresh) expect(text(f.body)).toBe(fresh[f.path]);
    // The keys match but the layout runs past the end of its file: not this file's layout.
    const short = memory();
    for (const [p, l] of m.layouts) short.layouts.set(p, l);
    for (const [p, b] of m.files) short.files.set(p, b.subarray(0, Math.floor(b.length / 2)));
    for (const f of renderViewBytes(view, OPTS, new EntryMemo(), short.reuse)) if (f.path in fresh) expect(text(f.body)).toBe(fresh[f.path]);
  });
});

/** The partner document with a ninjs index and the most stories, from a dry run of the newsroom's config. */
async function ninjsPage(): Promise<FeedView> {
  const s = makeSite(60, NEWSROOM);
  sites.push(s);
  // Agency stories, which nordpress (the ninjs partner) takes.
  writeFileSync(s.config, readFileSync(s.config, 'utf8').replace(/^site:\n/, 'site:\n  agencies: [TT News Agency, NTB, Reuters, AP]\n'));
  const r = await build({ configFile: s.config, itemsDir: s.items, outDir: s.out, now: NOW_MS, write: false, ping: false, access: testAccess(['nordpress', 'baltic-daily', 'wirewatch']) });
  const view = r.views.filter((v) => v.ninjs).sort((a, b) => b.items.length - a.items.length)[0]!;
  expect(view.items.length).toBeGreaterThanOrEqual(3);
  return view;
}

interface IndexRow {
  uri: string;
  version: string;
  pubstatus: string;
  url: string;
}
const indexRows = (files: { path: string; body: Buffer | string }[], view: FeedView): IndexRow[] =>
  (JSON.parse(text(files.find((f) => f.path === view.ninjs!.index)!.body)) as { items: IndexRow[] }).items;

describe('a ninjs index written again', () => {
  it("takes an unchanged story's row from the last run's note, and works out a row whose note it cannot read", async () => {
    const view = await ninjsPage();
    const fresh = renderView(view, OPTS);
    const m = memory();
    renderViewBytes(view, OPTS, new EntryMemo(), m.reuse);
    const layout = m.layouts.get(view.ninjs!.index)!;
    expect(layout.keys).toEqual(view.items.map((i) => i.file));
    // The note of the first story says another URI: a row made from the note carries it.
    const first = layout.notes![0]!;
    expect(first).toMatch(/^[12] usable \S+$/);
    const marked = 'urn:x-wirefeed-test:marked';
    m.layouts.set(view.ninjs!.index, { ...layout, notes: [`${first.split(' ').slice(0, 2).join(' ')} ${marked}`, 'not a note', ...layout.notes!.slice(2)] });
    const again = indexRows(renderViewBytes(view, OPTS, new EntryMemo(), m.reuse), view);
    const expected = indexRows(fresh, view);
    const firstUri = expected.find((r) => r.uri === first.split(' ')[2])!;
    expect(again).toEqual(expected.map((r) => (r === firstUri ? { ...r, uri: marked } : r)));
    // The note that could not be read was worked out again: its row is as a fresh render has it.
    expect(again.filter((r) => r.uri === marked)).toHaveLength(1);
  });
});

describe('a ninjs index row kept in a layout (refNote, refOfNote)', () => {
  const item = { id: 'https://news.example.org/a', updated: 2000, published: 1000 };
  it('comes back as it was written', () => {
    const ref = { ...item, uri: 'urn:uuid:0000-1', life: { version: 2, pubstatus: 'usable' as const } };
    expect(refOfNote(item, refNote(ref))).toEqual(ref);
  });
  it.each(['2 usable', 'x2 usable urn:a', '2 usable urn:a x', '2 gone urn:a', '0 usable urn:a', '2b usable urn:a', ''])('is not read from the note %j', (note) => {
    expect(refOfNote(item, note)).toBeUndefined();
  });
});

