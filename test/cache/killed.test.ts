// A run killed while it writes the parse cache (a real SIGKILL, in the middle of a real
// write) leaves a cache the next run must not be misled by: its feeds are those of a build
// without any cache, and the run after it writes nothing.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { feeds, itemFiles, makeSite, NOW, ROOT, type Site } from './helpers.js';

const CLI = path.join(ROOT, 'dist/cli.js');
const PRELOAD = path.join(ROOT, 'test/cache/preload/kill-in-cache-write.mjs');
const sites: Site[] = [];
afterAll(() => {
  for (const s of sites) rmSync(s.root, { recursive: true, force: true });
});

function cli(s: Site, out: string, env: Record<string, string> = {}) {
  const r = spawnSync(
    process.execPath,
    ['--import', PRELOAD, CLI, 'build', '--config', s.config, '--items', s.items, '--out', out, '--cache', s.cache, '--now', NOW, '--json'],
    { env: { ...process.env, WIREFEED_TEST_CACHE_DIR: s.cache, ...env }, encoding: 'utf8', cwd: s.root },
  );
  return { code: r.status, signal: r.signal, json: r.status !== null ? (JSON.parse(r.stdout || '{}') as { written?: string[] }) : {} };
}

describe('a run killed while it writes the cache', () => {
  // A cold run writes 16 index shards, then the run record: killed in the first shard, in
  // the last one, and in the run record.
  it.each([1, 16, 17])('killed at cache write %i: the next run is right, the one after writes nothing', (k) => {
    const s = makeSite(60);
    sites.push(s);
    const refOut = path.join(s.root, 'ref');
    expect(spawnSync(process.execPath, [CLI, 'build', '--config', s.config, '--items', s.items, '--out', refOut, '--no-cache', '--now', NOW]).status).toBe(0);
    const ref = feeds(refOut);

    const killed = cli(s, s.out, { WIREFEED_TEST_KILL_AT_CACHE_WRITE: String(k) });
    expect(killed.signal).toBe('SIGKILL');
    const next = cli(s, s.out);
    expect(next.code).toBe(0);
    expect(feeds(s.out)).toEqual(ref);
    const after = cli(s, s.out);
    expect(after.code).toBe(0);
    expect(after.json.written).toEqual([]);
  });

  it('killed in a warm run after an edit: the edit is in the next run', () => {
    const s = makeSite(60);
    sites.push(s);
    expect(cli(s, s.out).code).toBe(0);
    const file = itemFiles(s).at(-2)!;
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: "Edited before the kill"'));
    const killed = cli(s, s.out, { WIREFEED_TEST_KILL_AT_CACHE_WRITE: '1' });
    expect(killed.signal).toBe('SIGKILL');
    expect(cli(s, s.out).code).toBe(0);
    const refOut = path.join(s.root, 'ref');
    spawnSync(process.execPath, [CLI, 'build', '--config', s.config, '--items', s.items, '--out', refOut, '--no-cache', '--now', NOW]);
    expect(feeds(s.out)).toEqual(feeds(refOut));
    expect(readFileSync(path.join(s.out, 'feed.json'), 'utf8')).toContain('Edited before the kill');
  });
});
