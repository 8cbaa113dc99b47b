// What a run remembers of its documents (src/cache/run.ts): a document's input hash, and which
// of its files are on disk as the last run left them.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IndexedItem } from '../../src/cache/head.js';
import { documentHash, RunMemory } from '../../src/cache/run.js';
import { readCacheFile, writeCacheFile, writeCacheFileSum } from '../../src/cache/store.js';
import type { FeedView, Item } from '../../src/types.js';
import { makeItem } from '../helpers/item.js';

const view = (items: Item[], over: Partial<FeedView> = {}): FeedView => ({
  dir: '',
  formats: ['rss'],
  title: 'Nordic Wire Desk',
  description: 'Wire stories',
  homeUrl: 'https://news.example.org/',
  language: 'en',
  generator: 'wirefeed',
  links: { self: { rss: 'https://news.example.org/feeds/rss.xml', atom: 'https://news.example.org/feeds/atom.xml', json: 'https://news.example.org/feeds/feed.json' } },
  archive: false,
  complete: false,
  updated: 0,
  items,
  fullText: true,
  blockedImages: [],
  ...over,
});

/** `n` items, item k in items/<prefix>-k.md with the digest d<k>. */
function stories(n: number, prefix = 'story'): { items: Item[]; hashes: Map<string, string> } {
  const items = Array.from({ length: n }, (_, k) => makeItem({ file: `items/${prefix}-${k}.md`, id: `urn:x:${k}` }));
  return { items, hashes: new Map(items.map((i, k) => [i.file, `d${k}`])) };
}

describe("a document's input hash", () => {
  const { items, hashes } = stories(300);
  const hash = documentHash(view(items), hashes, 'key');

  it('is its items\' texts, not their paths: the same texts under other names give the same hash', () => {
    const renamed = stories(300, 'renamed');
    expect(documentHash(view(renamed.items), renamed.hashes, 'key')).toBe(hash);
  });

  it('changes with any item\'s text, past the first 256 items too, with their order, the view and the key', () => {
    for (const k of [0, 255, 256, 299]) {
      const changed = new Map(hashes).set(items[k]!.file, 'another text');
      expect(documentHash(view(items), changed, 'key'), `item ${k}`).not.toBe(hash);
    }
    expect(documentHash(view([...items].reverse()), hashes, 'key')).not.toBe(hash);
    expect(documentHash(view(items.slice(0, 299)), hashes, 'key')).not.toBe(hash);
    expect(documentHash(view(items, { title: 'Another desk' }), hashes, 'key')).not.toBe(hash);
    expect(documentHash(view(items, { blockedImages: ['https://img.example/1.jpg'] }), hashes, 'key')).not.toBe(hash);
    expect(documentHash(view(items), hashes, 'another key')).not.toBe(hash);
  });

  it('names an item with no text digest by its path', () => {
    const [a, b] = [makeItem({ file: 'items/a.md' }), makeItem({ file: 'items/b.md' })];
    expect(documentHash(view([a]), new Map(), 'key')).not.toBe(documentHash(view([b]), new Map(), 'key'));
  });

  it("takes an indexed item's own digest: the same hash as the run's digest of its file", () => {
    const indexed = items.map(
      (i, k) =>
        new IndexedItem(i.file, `/srv/${i.file}`, { ...i, tags: i.tags, authors: i.authors, photo: '', bodyImages: [] }, undefined, {}, `d${k}`),
    );
    // No digest by path at all: the items' own are used.
    expect(documentHash(view(indexed), new Map(), 'key')).toBe(hash);
    expect(documentHash(view(indexed), new Map(indexed.map((i) => [i.file, 'stale'])), 'key')).toBe(hash);
  });
});

describe('the files of a document as the last run left them', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirefeed-run-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const out = path.join(tmp, 'out');
  const file = path.join(tmp, 'cache', 'run.json');

  function lastRun(): { size: number; mtimeMs: number } {
    rmSync(out, { recursive: true, force: true });
    const m = new RunMemory(file, 'key', out);
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'rss.xml'), '<rss>as published</rss>');
    m.save({ listing: 'l', window: [null, null], counts: {}, problems: [] }, new Map([['rss.xml', 'DOC']]), [], new Map());
    const st = statSync(path.join(out, 'rss.xml'));
    return { size: st.size, mtimeMs: st.mtimeMs };
  }

  it('are current while each is as recorded, and not once one was changed', () => {
    lastRun();
    expect(new RunMemory(file, 'key', out).current('DOC')).toEqual(['rss.xml']);
    writeFileSync(path.join(out, 'rss.xml'), '<rss>edited by hand, longer</rss>');
    expect(new RunMemory(file, 'key', out).current('DOC')).toBeUndefined();
    expect(new RunMemory(file, 'another key', out).current('DOC')).toBeUndefined();
  });

  it('are judged by stamps already known (a survey of out/), which are not stat\'ed again', () => {
    const recorded = lastRun();
    writeFileSync(path.join(out, 'rss.xml'), '<rss>edited after the survey</rss>');
    const m = new RunMemory(file, 'key', out);
    m.know({ names: ['rss.xml'], sizes: [recorded.size], mtimes: [recorded.mtimeMs] });
    expect(m.current('DOC')).toEqual(['rss.xml']);
  });

  it.each([
    ['a path that is not text', (size: number, mtimeMs: number) => [42, size, mtimeMs]],
    ['a size that is not a number', (_size: number, mtimeMs: number) => ['rss.xml', '31', mtimeMs]],
    ['an mtime that is not finite', (size: number) => ['rss.xml', size, null]],
    ['a record cut short', (size: number) => ['rss.xml', size]],
    ['no files', () => []],
  ])('are not current when the record holds %s (a damaged file with a valid envelope)', (_what, record) => {
    const recorded = lastRun();
    const outputs = path.join(path.dirname(file), 'outputs.json');
    const { sum } = writeCacheFileSum(outputs, 'outputs', 'key', { DOC: record(recorded.size, recorded.mtimeMs) });
    const state = readCacheFile<Record<string, unknown>>(file, 'run', 'key')!.data;
    writeCacheFile(file, 'run', 'key', { ...state, outputs: sum });
    expect(new RunMemory(file, 'key', out).current('DOC')).toBeUndefined();
    // The same record put right: current again (the file on disk is as recorded).
    const fixed = writeCacheFileSum(outputs, 'outputs', 'key', { DOC: ['rss.xml', recorded.size, recorded.mtimeMs] });
    writeCacheFile(file, 'run', 'key', { ...state, outputs: fixed.sum });
    expect(new RunMemory(file, 'key', out).current('DOC')).toEqual(['rss.xml']);
  });

  it('keep the stamp this run saw first: a survey does not overrule a stat already made', () => {
    const recorded = lastRun();
    writeFileSync(path.join(out, 'rss.xml'), '<rss>edited before the check</rss>');
    const m = new RunMemory(file, 'key', out);
    expect(m.current('DOC')).toBeUndefined();
    m.know({ names: ['rss.xml'], sizes: [recorded.size], mtimes: [recorded.mtimeMs] });
    expect(m.current('DOC')).toBeUndefined();
  });
});
