// A partner's ninjs documents under the parse cache: a warm run writes the same bytes as a
// build without the cache, renders a partner's ninjs again only when its stories change, and
// writes a document again that is not on disk as the last run left it.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DESK, feeds, itemFiles, makeSite, run, type Site } from './helpers.js';

const sites: Site[] = [];
afterAll(() => {
  for (const s of sites) rmSync(s.root, { recursive: true, force: true });
});

// Archives on: the index and its archive pages, and documents rendered from archive views too.
const CONFIG = `archive:
  enabled: true
partners:
  - name: desk
    formats: [json, ninjs]
    ninjs_version: "2.2"
    limit: 5
`;

function site(): Site {
  const s = makeSite(40, CONFIG);
  sites.push(s);
  return s;
}

type Loose = Record<string, any>;
const readJson = (s: Site, rel: string) => JSON.parse(readFileSync(path.join(s.out, rel), 'utf8')) as Loose;
const ninjs = (paths: readonly string[]) => paths.filter((p) => p.includes('/ninjs/')).sort();

async function reference(s: Site): Promise<Record<string, string>> {
  const out = path.join(s.root, `ref-${Math.random().toString(36).slice(2)}`);
  expect((await run(s, { out, cache: false })).exitCode).toBe(0);
  return feeds(out);
}

describe('ninjs under the parse cache', () => {
  it('cold and warm runs write what a build without the cache writes; a run with no change writes nothing', async () => {
    const s = site();
    const cold = await run(s);
    expect(cold.exitCode).toBe(0);
    const written = ninjs(cold.report.written);
    expect(written).toContain(`${DESK}/ninjs/index.json`);
    expect(written.some((p) => p.startsWith(`${DESK}/ninjs/archive/`))).toBe(true);
    expect(feeds(s.out)).toEqual(await reference(s));
    const warm = await run(s);
    expect(warm.report.written).toEqual([]);
    expect(ninjs(warm.report.unchanged)).toEqual(written);
  });

  it('a corrected story: its document and its index page are written again, no other ninjs file', async () => {
    const s = site();
    await run(s);
    const index = readJson(s, `${DESK}/ninjs/index.json`);
    const target = index.items[1] as Loose;
    const file = itemFiles(s).find((f) => readFileSync(f, 'utf8').includes(`"${target.uri}"`))!;
    // A minute after the newest change the partner has: the correction is now the newest.
    const updated = new Date(Date.parse(index.items[0].versioncreated) + 60_000).toISOString();
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace(/^title: .*$/m, 'title: "Corrected title"')
        .replace(/^updated: .*\n/m, '')
        .replace(/^(published: .*)$/m, `$1\nupdated: "${updated}"`),
    );
    const r = await run(s);
    expect(r.exitCode).toBe(0);
    const docPath = `${DESK}/ninjs/${target.url.split('/').pop()}`;
    expect(ninjs(r.report.written)).toEqual([docPath, `${DESK}/ninjs/index.json`].sort());
    const doc = readJson(s, docPath);
    expect([doc.headlines[0].value, doc.version, doc.versioncreated]).toEqual(['Corrected title', '2', updated.replace('.000Z', 'Z')]);
    // Newest change first: the corrected story now heads the index.
    expect(readJson(s, `${DESK}/ninjs/index.json`).items[0].uri).toBe(target.uri);
    expect(feeds(s.out)).toEqual(await reference(s));
  });

  it('a document deleted or edited in out/ is written again on the next run, and nothing else', async () => {
    const s = site();
    await run(s);
    const index = readJson(s, `${DESK}/ninjs/index.json`);
    const gone = `${DESK}/ninjs/${(index.items[0] as Loose).url.split('/').pop()}`;
    const good = readFileSync(path.join(s.out, gone), 'utf8');
    rmSync(path.join(s.out, gone));
    writeFileSync(path.join(s.out, `${DESK}/ninjs/index.json`), '{}');
    const r = await run(s);
    expect(r.report.written.sort()).toEqual([gone, `${DESK}/ninjs/index.json`].sort());
    expect(readFileSync(path.join(s.out, gone), 'utf8')).toBe(good);
    expect(feeds(s.out)).toEqual(await reference(s));
  });

  it('a story killed past its window, or deleted: its document leaves out/, the others stay', async () => {
    const s = site();
    await run(s);
    const index = readJson(s, `${DESK}/ninjs/index.json`);
    const [killed, deleted] = [index.items[0] as Loose, index.items[1] as Loose];
    const fileOf = (uri: string) => itemFiles(s).find((f) => readFileSync(f, 'utf8').includes(`"${uri}"`))!;
    const docOf = (row: Loose) => `${DESK}/ninjs/${row.url.split('/').pop()}`;
    for (const row of [killed, deleted]) expect(() => readJson(s, docOf(row))).not.toThrow();
    const killedFile = fileOf(killed.uri);
    // Killed a year before the run: long past the tombstone window.
    writeFileSync(killedFile, readFileSync(killedFile, 'utf8').replace(/^(published: .*)$/m, '$1\nwithdrawn: {at: "2025-01-01T00:00:00Z", reason: "Legal"}'));
    rmSync(fileOf(deleted.uri));
    const r = await run(s);
    expect(r.exitCode).toBe(0);
    for (const row of [killed, deleted]) expect(() => readFileSync(path.join(s.out, docOf(row)))).toThrow(/ENOENT/);
    const left = readJson(s, `${DESK}/ninjs/index.json`).items as Loose[];
    expect(left.map((i) => i.uri)).not.toContain(killed.uri);
    for (const row of left.slice(0, 3)) expect(readJson(s, docOf(row)).uri).toBe(row.uri);
    expect(feeds(s.out)).toEqual(await reference(s));
  });
});
