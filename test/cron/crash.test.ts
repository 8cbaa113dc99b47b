// Issue 9, point 2: a failure is never mistaken for success. An unexpected error (here a
// TypeError thrown by a preload from inside the read stage, under the lock) is one stderr line
// naming the stage and folder, exit 70 (EX_SOFTWARE, not 1, which the systemd unit counts as
// success), the lock given back and nothing written; the stack only with --debug or
// WIREFEED_DEBUG=1.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArgs, cli, feedIds, freezeDist, generateItems, makeSite, removeSite, snapshot, writeItems, type Site } from './helpers.js';

const PRELOAD = fileURLToPath(new URL('./preload/faults.mjs', import.meta.url));
const bug = { node: ['--import', PRELOAD], env: { WIREFEED_FAULT_BUG: '1', WIREFEED_DEBUG: '' } };
let site: Site;
const good = generateItems(4, 'good');

beforeAll(async () => {
  await freezeDist();
  site = await makeSite();
  await writeItems(site.items, good);
});
afterAll(() => removeSite(site));

const STACK_LINE = /^\s+at /m;

describe('an unexpected error', () => {
  it('is one line naming the stage and folder, exit 70, lock released, nothing written', async () => {
    const run = await cli([...buildArgs(site), '--cache', path.join(site.root, 'cache')], bug);
    expect(run.code, run.stderr).toBe(70);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^wirefeed: internal error while reading the items \(.*items\): TypeError: injected fault/);
    expect(run.stderr).not.toMatch(STACK_LINE);
    // The lock and its pending record are gone; no feed was written. (With a cache the first
    // digest may be the quick check's, before the lock is taken: then there is no out/ at all.)
    expect(await readdir(site.out).catch(() => [])).toEqual([]);
  });

  it('prints its stack with --debug and with WIREFEED_DEBUG=1', async () => {
    const debug = await cli([...buildArgs(site), '--cache', path.join(site.root, 'cache'), '--debug'], bug);
    expect(debug.code).toBe(70);
    expect(debug.stderr).toMatch(STACK_LINE);
    const env = await cli([...buildArgs(site), '--cache', path.join(site.root, 'cache')], { ...bug, env: { ...bug.env, WIREFEED_DEBUG: '1' } });
    expect(env.code).toBe(70);
    expect(env.stderr).toMatch(STACK_LINE);
  });

  it('leaves the next run free to publish (the lock was released)', async () => {
    const run = await cli([...buildArgs(site), '--cache', path.join(site.root, 'cache')]);
    expect(run.code, run.stderr).toBe(0);
    expect(feedIds('rss.xml', await readFile(path.join(site.out, 'rss.xml'))).sort()).toEqual(good.map((i) => i.id).sort());
    expect([...(await snapshot(site.out)).keys()].some((k) => k.includes('.wirefeed.lock'))).toBe(false);
  });
});
