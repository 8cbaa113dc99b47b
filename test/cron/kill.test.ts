// Issue 3, point 2: a run killed with SIGKILL at any moment leaves every file in out/ either
// the complete old version or the complete new one, and the next run clears its temp files.
// Two item sets (A, B) differ in every title, so every run has every file to rewrite; each
// run builds the other set over what the killed run before it left. 20 kills in all: 9 at
// moments spread over a whole run, 8 inside the write phase, 3 just before a chosen rename.
import { watch } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArgs, cli, freezeDist, feedIds, generateItems, isDotFile, makeSite, removeSite, runRecord, snapshot, start, writeItems, type Site } from './helpers.js';

const TAGS = ['world', 'sport', 'culture', 'economy', 'science', 'politics', 'weather', 'local'];
const N = 400;
const PRELOAD = fileURLToPath(new URL('./preload/faults.mjs', import.meta.url));

let site: Site;
let itemsA: string;
let itemsB: string;
/** The complete files of each set, as an unkilled run writes them. */
let refA: Map<string, Buffer>;
let refB: Map<string, Buffer>;
/** A whole unkilled run, in ms: only to spread the kill moments over it (never asserted). */
let runMs = 1000;

const isFeed = (rel: string) => /(^|\/)(rss\.xml|atom\.xml|feed\.json)$/.test(rel);
/** Output files whose two versions differ: every feed (each title differs), maybe not the lists of feeds. */
let changing = 0;

const argsFor = (items: string, ...extra: string[]) => buildArgs({ ...site, items }, ...extra);

async function reference(items: string): Promise<Map<string, Buffer>> {
  const ref: Site = { ...site, items, out: path.join(site.root, `ref-${path.basename(items)}`) };
  const t0 = performance.now();
  const run = await cli(buildArgs(ref));
  runMs = Math.max(runMs, performance.now() - t0);
  expect(run.code, run.stderr).toBe(0);
  const files = new Map([...(await snapshot(ref.out))].map(([rel, f]) => [rel, f.bytes]));
  // Every reference feed parses and holds items.
  for (const [rel, bytes] of files) if (isFeed(rel)) expect(feedIds(rel, bytes).length, rel).toBeGreaterThan(0);
  return files;
}

/** The invariant: every output file is, byte for byte, one set's complete version of it. */
async function expectWholeFiles(label: string): Promise<{ a: number; b: number; temps: string[] }> {
  const snap = await snapshot(site.out);
  const outputs = [...snap.keys()].filter((rel) => !isDotFile(rel)).sort();
  expect(outputs, label).toEqual([...refA.keys()].sort());
  // a, b: how many of the files that differ between the sets hold A's or B's version.
  let a = 0;
  let b = 0;
  for (const rel of outputs) {
    const bytes = snap.get(rel)!.bytes;
    const isA = bytes.equals(refA.get(rel)!);
    const isB = bytes.equals(refB.get(rel)!);
    expect(isA || isB, `${label}: ${rel} is neither complete version (${bytes.length} bytes)`).toBe(true);
    if (isA && !isB) a++;
    if (isB && !isA) b++;
  }
  // And what a reader fetches parses: the main feed in each format.
  for (const rel of ['rss.xml', 'atom.xml', 'feed.json']) expect(feedIds(rel, snap.get(rel)!.bytes)).toHaveLength(60);
  const temps = [...snap.keys()].filter((rel) => path.basename(rel).endsWith('.tmp'));
  return { a, b, temps };
}

beforeAll(async () => {
  await freezeDist();
  site = await makeSite(`tags: [${TAGS.join(', ')}]\n`);
  const { writeFile, readFile } = await import('node:fs/promises');
  await writeFile(site.config, (await readFile(site.config, 'utf8')).replace('limit: 20', 'limit: 60'));
  itemsA = path.join(site.root, 'A');
  itemsB = path.join(site.root, 'B');
  await writeItems(itemsA, generateItems(N, 'A', { tags: TAGS }));
  await writeItems(itemsB, generateItems(N, 'B', { tags: TAGS }));
  refA = await reference(itemsA);
  refB = await reference(itemsB);
  expect([...refA.keys()].filter(isFeed)).toHaveLength(27); // main + 8 tags, three formats each
  for (const [rel, bytes] of refA) {
    if (isFeed(rel)) expect(bytes.equals(refB.get(rel)!), rel).toBe(false);
    if (!bytes.equals(refB.get(rel)!)) changing++;
  }
  // out/ starts as set A, complete.
  expect((await cli(argsFor(itemsA))).code).toBe(0);
}, 120_000);

afterAll(() => removeSite(site));

describe('SIGKILL during a build', () => {
  const log: string[] = [];
  /** The set fewer files on disk hold, so every run has files to rewrite (after a kill, most of them). */
  const nextItems = async () => {
    const state = await expectWholeFiles('before a run');
    return state.a >= state.b ? itemsB : itemsA;
  };

  it('at moments spread over the whole run: every file is a complete old or new version', async () => {
    const kills = 9;
    for (let k = 0; k < kills; k++) {
      const delay = Math.round((runMs * 1.2 * (k + 0.5)) / kills);
      const run = start(argsFor(await nextItems()));
      const timer = setTimeout(() => run.child.kill('SIGKILL'), delay);
      const outcome = await run.done;
      clearTimeout(timer);
      const state = await expectWholeFiles(`kill at ${delay} ms`);
      log.push(`spread ${delay}ms: ${outcome.signal ?? `exit ${outcome.code}`}, A=${state.a} B=${state.b} temps=${state.temps.length}`);
    }
  }, 240_000);

  it('at moments inside the write phase (after the first temp file appears): the same', async () => {
    const kills = 8;
    for (let k = 0; k < kills; k++) {
      const delay = k * 5;
      const items = await nextItems();
      // Temp files a killed run left: their removal by this run must not count as staging.
      const leftover = new Set(await readdir(site.out));
      const run = start(argsFor(items));
      // The main feed's temp files are staged first, in out/ itself.
      const watcher = watch(site.out, (_event, name) => {
        if (name && name.endsWith('.tmp') && !leftover.has(name)) {
          watcher.close();
          setTimeout(() => run.child.kill('SIGKILL'), delay);
        }
      });
      const outcome = await run.done;
      watcher.close();
      const state = await expectWholeFiles(`kill ${delay} ms after the first temp file`);
      log.push(`write phase +${delay}ms: ${outcome.signal ?? `exit ${outcome.code}`}, A=${state.a} B=${state.b} temps=${state.temps.length}`);
    }
  }, 240_000);

  it('just before the k-th rename: exactly k-1 files switched, the rest intact, temps cleared next run', async () => {
    // Start from a complete set, so "switched" can be counted; each round's last run leaves one.
    const settle = await cli(argsFor(itemsA));
    expect(settle.code, settle.stderr).toBe(0);
    for (const k of [1, Math.ceil(changing / 2), changing]) {
      const before = await expectWholeFiles('settled');
      expect(before.temps).toEqual([]);
      const fromA = before.a === changing;
      expect(fromA || before.b === changing).toBe(true);
      const other = fromA ? itemsB : itemsA;

      const killed = await cli(argsFor(other), { node: ['--import', PRELOAD], env: { WIREFEED_FAULT_KILL_AT_RENAME: String(k) } });
      expect(killed.signal).toBe('SIGKILL');
      const after = await expectWholeFiles(`killed before rename ${k}`);
      // Renames happen only after every changed file is staged: k-1 done, 28-k staged and left.
      expect(fromA ? after.b : after.a).toBe(k - 1);
      expect(after.temps).toHaveLength(changing - (k - 1));
      // The lock of the killed run is still there; the next run takes it over and clears the temps.
      expect((await snapshot(site.out)).has('.wirefeed.lock')).toBe(true);

      const next = await cli(argsFor(other, '--json'));
      expect(next.code, next.stderr).toBe(0);
      const record = runRecord(next);
      expect((record.strayTempsRemoved as string[]).sort()).toEqual(after.temps.sort());
      expect(next.stderr).toMatch(/warning: took over a stale lock .*\.wirefeed\.lock .*process \d+ is gone/);
      const clean = await expectWholeFiles(`run after the kill before rename ${k}`);
      expect(fromA ? clean.b : clean.a).toBe(changing);
      expect(clean.temps).toEqual([]);
    }
  }, 240_000);

  it('a run after all that is complete and leaves no dot-files behind', async () => {
    const run = await cli(argsFor(itemsA));
    expect(run.code, run.stderr).toBe(0);
    const state = await expectWholeFiles('final run');
    expect(state.a).toBe(changing);
    expect([...(await snapshot(site.out)).keys()].filter(isDotFile)).toEqual([]);
    // What the kills hit, for a person reading the test log (not asserted: it depends on timing).
    console.log(log.join('\n'));
  }, 60_000);
});
