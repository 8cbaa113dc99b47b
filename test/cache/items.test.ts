// The item index (src/cache/items.ts) answers the questions it stores for an item of its own
// (the attribution lint's findings, the pictures in the body) from the item's row: judged once,
// then read back in every later run; an item it did not make is judged, never filed under a row.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ItemIndex, readEntry } from '../../src/cache/items.js';
import { listItemFiles, type ItemFile } from '../../src/items/load.js';
import type { Item } from '../../src/types.js';
import type { LintFinding } from '../../src/lint.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirefeed-index-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const story = (n: number, tags: string[]) => `---
title: Story ${n}
url: https://news.example.org/2026/11/story-${n}
published: 2026-11-0${n}T09:00:00Z
authors:
  - name: TT News Agency
tags: [${tags.join(', ')}]
---
A paragraph. ![A harbour](/images/${n}.jpg)
`;

function site(name: string): { items: string; cache: string } {
  const items = path.join(tmp, name, 'items');
  mkdirSync(items, { recursive: true });
  ['Energy', 'Energy', 'Climate'].forEach((tag, k) => writeFileSync(path.join(items, `story-${k + 1}.md`), story(k + 1, [tag, 'Nordic'])));
  return { items, cache: path.join(tmp, name, 'cache') };
}

const parseHere = async (files: ItemFile[]) => Promise.all(files.map((f) => readEntry(f, {})));

async function indexed(s: { items: string; cache: string }): Promise<{ index: ItemIndex; items: Item[] }> {
  const index = new ItemIndex(s.cache, 'key', 'lint key');
  const { files } = await listItemFiles(s.items);
  return { index, items: (await index.index(files, {}, parseHere)).items };
}

const finding = (item: Item): LintFinding[] => [{ file: item.file, field: 'rights', at: ['rights'], message: `no rights: ${item.title}` }];

describe('the index answers from the row of an item it made', () => {
  it('judges the lint and the body pictures once, and reads them back in the next run', async () => {
    const s = site('once');
    let judged = 0;
    let looked = 0;
    const lint = (item: Item) => (judged++, finding(item));
    const pictures = (item: Item) => (looked++, [`https://news.example.org/images/${item.title.slice(-1)}.jpg`]);

    const first = await indexed(s);
    const findings = first.items.map((i) => first.index.lint(i, lint));
    const urls = first.items.map((i) => first.index.bodyImages(i, pictures));
    expect([judged, looked]).toEqual([3, 3]);
    first.index.save();

    const next = await indexed(s);
    expect(next.items.map((i) => next.index.lint(i, lint))).toEqual(findings);
    expect(next.items.map((i) => next.index.bodyImages(i, pictures))).toEqual(urls);
    expect([judged, looked]).toEqual([3, 3]);
    // Each item's own row: the tags are each item's, from lists the index shares (so frozen).
    expect(next.items.map((i) => i.tags)).toEqual([['Energy', 'Nordic'], ['Energy', 'Nordic'], ['Climate', 'Nordic']]);
    expect(next.items.every((i) => Object.isFrozen(i.tags) && Object.isFrozen(i.authors))).toBe(true);
  });

  it('judges an item another index made, and files its answer under no row of its own', async () => {
    const a = await indexed(site('a'));
    const b = await indexed(site('b'));
    let judged = 0;
    const lint = (item: Item) => (judged++, finding(item));
    // b's item has a's row number, but not a's file in it.
    expect(a.index.lint(b.items[0]!, lint)).toEqual(finding(b.items[0]!));
    expect(a.index.lint(b.items[0]!, lint)).toEqual(finding(b.items[0]!));
    expect(judged).toBe(2);
    // a's own item was not given b's finding.
    expect(a.index.lint(a.items[0]!, () => [])).toEqual([]);
  });
});
