// Issue 9, point 4: the cache is never trusted over the items. A cache file with a valid
// envelope but a damaged value in any column of any row (generated: every column, many bad
// values), or a damaged run state, is ignored: the run re-reads the item and writes exactly
// what a run without any cache writes. An item whose file changes (still valid) between the
// listing and the moment its body is read stops the run with 75, nothing written.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { digest } from '../../src/cache/store.js';
import { addLateItem, cacheFiles, feeds, itemFiles, makeSite, run, runChangingAtRender, snapshot, type Site } from './helpers.js';

const sites: Site[] = [];
afterAll(() => sites.forEach((s) => rmSync(s.root, { recursive: true, force: true })));
const site = (n: number) => {
  const s = makeSite(n);
  sites.push(s);
  return s;
};

const COLUMNS = ['ids', 'times', 'flags', 'syndication', 'tags', 'authors', 'tagSets', 'authorSets', 'hashes', 'problems'] as const;
const BAD = [null, 'x', '', -1, 1.5, 99, {}, [], [1], { partners: 5 }, '[["a"],[]]', '[[1],[{"name":"A"}]]', 'not json', true];

/**
 * A value of the column's own type, which no check of a row can tell from the real one (another
 * id, another time, no tags, another text digest): only the envelope's digest catches it, and
 * only that case is made with it (below). Every other damage is also made with a digest that fits.
 */
const plausible = (column: (typeof COLUMNS)[number], bad: unknown): boolean =>
  column === 'ids' ? typeof bad === 'string' && bad !== '' :
  column === 'hashes' ? typeof bad === 'string' :
  column === 'times' ? typeof bad === 'number' :
  column === 'tagSets' ? Array.isArray(bad) && bad.every((t) => typeof t === 'string') :
  false;

describe('a damaged cache value under a valid envelope', () => {
  it('is ignored: the output is what a run without a cache writes', async () => {
    const s = site(24);
    const reference = path.join(s.root, 'reference');
    expect((await run(s, { out: reference, cache: false })).exitCode).toBe(0);
    expect((await run(s)).exitCode).toBe(0);
    const shards = cacheFiles(s).filter((f) => path.basename(f).startsWith('items-'));
    const pristine = new Map(shards.map((f) => [f, readFileSync(f, 'utf8')]));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...shards), fc.constantFrom(...COLUMNS), fc.constantFrom(...BAD), fc.nat(), fc.boolean(), async (shard, column, bad, pick, fits) => {
        fc.pre(!fits || !plausible(column, bad));
        for (const [f, t] of pristine) writeFileSync(f, t);
        const env = JSON.parse(pristine.get(shard)!) as { sum: string; data: Record<string, any> };
        const rows = env.data.files.length as number;
        const r = pick % rows;
        if (column === 'problems') env.data.problems[r] = bad;
        else if (column === 'times') env.data.times[2 * r + (pick % 2)] = bad;
        else if (column === 'tagSets' || column === 'authorSets') env.data[column][pick % env.data[column].length] = bad;
        else env.data[column][r] = bad;
        // With a digest that fits, the row's own checks must catch it (the data is written last, as the store writes it).
        if (fits) env.sum = digest(Buffer.from(JSON.stringify(env.data)));
        writeFileSync(shard, JSON.stringify(env));
        rmSync(s.out, { recursive: true, force: true });
        const result = await run(s);
        const what = `${column}[${r}] = ${JSON.stringify(bad)}${fits ? ', digest fits' : ''}`;
        expect(result.exitCode, `${what}: ${result.fatal}`).toBe(0);
        expect(feeds(s.out), what).toEqual(feeds(reference));
      }),
      { numRuns: 60 },
    );
  });

  it('a damaged run state is ignored too', async () => {
    const s = site(12);
    const reference = path.join(s.root, 'reference');
    await run(s, { out: reference, cache: false });
    await run(s);
    const state = cacheFiles(s).find((f) => path.basename(f) === 'run.json')!;
    const env = JSON.parse(readFileSync(state, 'utf8'));
    env.data.counts = { items: 'many' };
    env.data.outputs = { "rss.xml": { doc: 1 } };
    writeFileSync(state, JSON.stringify(env));
    rmSync(s.out, { recursive: true, force: true });
    const result = await run(s);
    expect(result.exitCode).toBe(0);
    expect(result.counts.items).toBe(12);
    expect(feeds(s.out)).toEqual(feeds(reference));
  });
});

describe('an item file edited (still valid) after the listing, before its body is read', () => {
  it('stops the run with 75 and nothing written, not a body newer than its metadata', async () => {
    const s = site(20);
    expect((await run(s)).exitCode).toBe(0);
    const before = snapshot(s.out);
    addLateItem(s);
    const shown = (JSON.parse(readFileSync(path.join(s.out, 'feed.json'), 'utf8')) as { items: { id: string; url: string }[] }).items[0]!;
    const victim = itemFiles(s).find((f) => readFileSync(f, 'utf8').includes(shown.url))!;
    const r = await runChangingAtRender(s, () => writeFileSync(victim, readFileSync(victim, 'utf8').replace(/\n---\n/, '\n---\nAn edit made mid-run.\n\n')));
    expect(r.exitCode, r.fatal).toBe(75);
    expect(r.fatal).toMatch(/changed while this run read it/);
    expect(snapshot(s.out)).toEqual(before);
  });
});
