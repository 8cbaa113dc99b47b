// The parser threads must give exactly what parsing in this thread gives: the same index
// rows, problems, lint findings and items (a thread sends each item as JSON text). Run on the
// compiled modules (the threads are compiled workers), with the threshold lowered so that a
// few hundred files go to threads; also with threads started ahead (warm) and never used.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateItem } from '../../bench/generate.js';
import type * as Parallel from '../../src/cache/parallel.js';
import type { Entry } from '../../src/cache/items.js';
import type * as Load from '../../src/items/load.js';
import type { LintSettings } from '../../src/lint.js';

const ROOT = path.resolve(__dirname, '../..');
const { parallelParser } = (await import(path.join(ROOT, 'dist/cache/parallel.js'))) as typeof Parallel;
const { listItemFiles } = (await import(path.join(ROOT, 'dist/items/load.js'))) as typeof Load;

const dir = mkdtempSync(path.join(os.tmpdir(), 'wirefeed-parallel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SIZE = 400;
for (let n = 0; n < SIZE; n++) {
  const { name, text } = generateItem(n, SIZE);
  mkdirSync(path.join(dir, path.dirname(name)), { recursive: true });
  writeFileSync(path.join(dir, name), text);
}
// Broken ones, and ones the lint has something to say about.
writeFileSync(path.join(dir, 'bad-yaml.md'), '---\ntitle: [unclosed\n---\nBody\n');
writeFileSync(path.join(dir, 'no-title.md'), '---\nurl: https://news.example.org/x\npublished: 2026-01-01T00:00:00Z\n---\nBody\n');
writeFileSync(path.join(dir, 'binary.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01]));
writeFileSync(path.join(dir, 'bad.json'), '{"title": "T",');
writeFileSync(
  path.join(dir, 'wire.md'),
  '---\ntitle: Wire\nurl: https://news.example.org/wire\npublished: 2026-01-01T00:00:00Z\nauthors:\n  - name: Reuters\nimage:\n  url: https://img.example.org/a.jpg\nlicense: not a url\n---\nBody ![x](/a.jpg)\n',
);

const defaults = { author: { name: 'Nordic Wire Desk' } };
const lint: LintSettings = { site: { agencies: ['Reuters', 'NTB', 'AP'] }, partners: [] };

/** An entry as plain data, its item as the object it stands for (a thread's JSON text parsed). */
const plain = (e: Entry) => {
  const { item, ...rest } = e;
  return { ...JSON.parse(JSON.stringify(rest)), item: item === undefined ? undefined : typeof item === 'string' ? JSON.parse(item) : JSON.parse(JSON.stringify(item)) };
};

describe('parallelParser', () => {
  it('gives in threads what one thread gives, entry for entry, in order', async () => {
    const { files } = await listItemFiles(dir);
    expect(files.length).toBe(SIZE + 5);
    const opts = { bodyImages: true, lint };
    const here = await parallelParser(1)(files, defaults, opts);
    const seen: number[] = [];
    const threads = await parallelParser(2, undefined, 1)(files, defaults, { ...opts, onEntries: (start, entries) => seen.push(start, entries.length) });
    // The threads' entries are the texts of theirs: the comparison is not of one thing with itself.
    expect(threads.filter((e) => typeof e.item === 'string').length).toBeGreaterThan(SIZE - 10);
    expect(here.every((e) => typeof e.item !== 'string')).toBe(true);
    expect(threads.map(plain)).toEqual(here.map(plain));
    // Something to compare: problems, lint findings, body pictures.
    expect(here.filter((e) => e.problems).length).toBe(4);
    expect(here.some((e) => e.lint && e.lint.length > 0)).toBe(true);
    expect(here.some((e) => Array.isArray(e.head?.bodyImages) && e.head.bodyImages.length > 0)).toBe(true);
    // Every batch reported once, covering every file.
    let covered = 0;
    for (let k = 0; k < seen.length; k += 2) covered += seen[k + 1]!;
    expect(covered).toBe(files.length);
  });

  it('uses threads started ahead with the same arguments, and gives the same', async () => {
    const { files } = await listItemFiles(dir);
    const opts = { bodyImages: false, lint };
    const parse = parallelParser(2, undefined, 1);
    parse.warm!(defaults, opts);
    const warm = await parse(files, defaults, opts);
    // The call took the threads started ahead: none is left for release to stop.
    expect(await parse.release!()).toBe(0);
    const cold = await parallelParser(2, undefined, 1)(files, defaults, opts);
    expect(warm.map(plain)).toEqual(cold.map(plain));
  });

  it('leaves the items out when asked (texts: false), and gives the same index rows', async () => {
    const { files } = await listItemFiles(dir);
    const opts = { bodyImages: false, lint };
    const full = await parallelParser(2, undefined, 1)(files, defaults, opts);
    const rows = await parallelParser(2, undefined, 1)(files, defaults, { ...opts, texts: false });
    expect(rows.every((e) => e.item === undefined)).toBe(true);
    expect(rows.map(plain)).toEqual(full.map((e) => ({ ...plain(e), item: undefined })));
  });

  it('stops threads started ahead that no call used', async () => {
    const parse = parallelParser(2, undefined, 1);
    parse.warm!(defaults, {});
    expect(await parse.release!()).toBe(2);
    expect(await parse.release!()).toBe(0);
    // A small job after threads were started ahead stops them too, and parses in this thread.
    const small = parallelParser(2, undefined, 10_000);
    small.warm!(defaults, {});
    const { files } = await listItemFiles(dir);
    expect((await small(files.slice(0, 3), defaults, {})).length).toBe(3);
    expect(await small.release!()).toBe(0);
  });
});
