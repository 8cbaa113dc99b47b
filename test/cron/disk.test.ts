// Issue 3, point 7: when a write fails, the old files stay as they were, no temp file is left,
// and the exit code (73) and message name the file. Caused three ways: a real full disk (a
// tiny tmpfs), a real read-only folder (a read-only bind mount), both where the machine lets
// the test mount; and an injected ENOSPC mid-write, which always runs.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildArgs, cli, feedIds, freezeDist, generateItems, isDotFile, makeSite, removeSite, runRecord, snapshot, writeItems, type Site } from './helpers.js';

const PRELOAD = fileURLToPath(new URL('./preload/faults.mjs', import.meta.url));
const mounts: string[] = [];
const sites: Site[] = [];

beforeAll(() => freezeDist());
afterEach(async () => {
  for (const m of mounts.splice(0).reverse()) execFileSync('umount', [m]);
  for (const s of sites.splice(0)) await removeSite(s);
});

/** Mount, or say why not (not root, no mount namespace rights, no `mount`). */
function tryMount(args: string[]): string | undefined {
  try {
    execFileSync('mount', args, { stdio: 'pipe' });
    mounts.push(args[args.length - 1]!);
    return undefined;
  } catch (err) {
    return `cannot mount here (${String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim() || 'mount failed'})`;
  }
}

async function newSite(out?: string): Promise<Site> {
  const site = await makeSite();
  sites.push(site);
  if (out) site.out = out;
  return site;
}

/** The failed run left out/ exactly as it was, with no temp file and no lock. */
async function expectKept(site: Site, before: Awaited<ReturnType<typeof snapshot>>) {
  const after = await snapshot(site.out);
  expect([...after.keys()].filter(isDotFile), 'temp files or lock left behind').toEqual([]);
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  for (const [rel, f] of after) {
    expect(f.bytes.equals(before.get(rel)!.bytes), rel).toBe(true);
    expect(f.mtimeMs, rel).toBe(before.get(rel)!.mtimeMs);
  }
  for (const f of ['rss.xml', 'atom.xml', 'feed.json']) expect(feedIds(f, after.get(f)!.bytes)).toHaveLength(10);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('a failed write', () => {
  it('injected ENOSPC half way through a temp file: exit 73, the file named, old files kept', async () => {
    const site = await newSite();
    await writeItems(site.items, generateItems(10, 'v1'));
    expect((await cli(buildArgs(site))).code).toBe(0);
    const before = await snapshot(site.out);

    await writeItems(site.items, generateItems(10, 'v2'));
    const run = await cli(buildArgs(site, '--json'), { node: ['--import', PRELOAD], env: { WIREFEED_FAULT_ENOSPC: 'atom.xml' } });
    expect(run.code).toBe(73);
    const atom = path.join(site.out, 'atom.xml');
    expect(run.stderr).toMatch(new RegExp(`^wirefeed: ${escape(atom)}: cannot write \\(ENOSPC: no space left on the device\\); nothing was replaced, the old files are kept\\n$`));
    expect(runRecord(run)).toMatchObject({ exitCode: 73, written: [] });
    await expectKept(site, before);

    // The fault gone, the next run publishes.
    const next = await cli(buildArgs(site));
    expect(next.code, next.stderr).toBe(0);
    expect((await readFile(atom, 'utf8')).includes('(v2)')).toBe(true);
  });

  it('a full disk (a 256 KiB tmpfs): exit 73, the file named, old files kept', async (ctx) => {
    const site = await newSite();
    const mnt = path.join(site.root, 'disk');
    await mkdir(mnt);
    const why = tryMount(['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mnt]);
    if (why) ctx.skip(why);
    site.out = path.join(mnt, 'out');
    await writeItems(site.items, generateItems(10, 'v1', { bodyParagraphs: 1 }));
    const first = await cli(buildArgs(site));
    expect(first.code, first.stderr).toBe(0);
    const before = await snapshot(site.out);

    // Bodies of ~40 KB: three feed files of ~400 KB each cannot fit beside the old ones.
    await writeItems(site.items, generateItems(10, 'v2', { bodyParagraphs: 400 }));
    const run = await cli(buildArgs(site));
    expect(run.code).toBe(73);
    expect(run.stderr).toMatch(new RegExp(`^wirefeed: ${escape(site.out)}/(rss\\.xml|atom\\.xml|feed\\.json): cannot write \\(ENOSPC: no space left on the device\\); nothing was replaced, the old files are kept\\n$`));
    await expectKept(site, before);
  });

  it('a read-only folder (a read-only bind mount over one tag folder): exit 73, nothing replaced anywhere', async (ctx) => {
    const site = await newSite();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(site.config, (await readFile(site.config, 'utf8')) + 'tags: [world]\n');
    await writeItems(site.items, generateItems(10, 'v1', { tags: ['world'] }));
    expect((await cli(buildArgs(site))).code).toBe(0);
    const world = path.join(site.out, 'tags/world');
    const why = tryMount(['--bind', '-o', 'ro', world, world]);
    if (why) ctx.skip(why);
    // Some kernels ignore ro on the first bind: remount to be sure, and check it took.
    try {
      execFileSync('mount', ['-o', 'remount,bind,ro', world], { stdio: 'pipe' });
    } catch {
      // already read-only
    }
    const before = await snapshot(site.out);

    await writeItems(site.items, generateItems(10, 'v2', { tags: ['world'] }));
    const run = await cli(buildArgs(site));
    expect(run.code).toBe(73);
    expect(run.stderr).toMatch(new RegExp(`^wirefeed: ${escape(world)}/rss\\.xml: cannot write \\(EROFS: the file system is read-only\\); nothing was replaced, the old files are kept\\n$`));
    // The main feed, staged before the tag folder failed, was not switched either.
    const after = await snapshot(site.out);
    expect([...after.keys()].filter(isDotFile)).toEqual([]);
    for (const [rel, f] of after) {
      expect(f.bytes.equals(before.get(rel)!.bytes), rel).toBe(true);
      expect(f.mtimeMs, rel).toBe(before.get(rel)!.mtimeMs);
    }
  });
});
