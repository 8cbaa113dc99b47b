// Issue 3, point 3: one run at a time. A run that finds the lock held by a live process exits
// 75 and writes nothing; a lock whose process is gone is taken over with a warning. Every
// holder here is a real second process: a lock-holding helper, or a frozen CLI run.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildArgs, cli, distDir, feedEntries, feedIds, freezeDist, generateItems, isDotFile, makeSite, removeSite, runRecord, snapshot, start, writeItems, type Site } from './helpers.js';

const HOLDER = fileURLToPath(new URL('./preload/hold-lock.mjs', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./preload/faults.mjs', import.meta.url));
let site: Site;
let lockFile: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  await freezeDist();
  site = await makeSite();
  lockFile = path.join(site.out, '.wirefeed.lock');
  await writeItems(site.items, generateItems(30, 'v1'));
  const first = await cli(buildArgs(site));
  expect(first.code, first.stderr).toBe(0);
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
afterAll(() => removeSite(site));

/** Start the helper that takes the lock; resolves once it holds it. */
async function holdLock(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [HOLDER, distDir, site.out], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => d.startsWith('held') && resolve());
    child.on('exit', (code) => reject(new Error(`lock holder exited (${code}) before taking the lock`)));
  });
  return child;
}

const exited = (c: ChildProcess) => new Promise((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve(null) : c.on('exit', resolve)));

/** Change every item, so a run that gets through would rewrite every feed. */
const changeItems = async (variant: string) => writeItems(site.items, generateItems(30, variant));

/**
 * A build started with the fault preload and frozen (SIGSTOP): by default just before its first
 * rename, every changed file staged; or just before it stages a given file, some staged.
 */
async function frozenRun(fault: Record<string, string> = { WIREFEED_FAULT_STOP_AT_RENAME: '1' }): Promise<ReturnType<typeof start>> {
  const run = start(buildArgs(site), { node: ['--import', PRELOAD], env: fault });
  children.push(run.child);
  for (;;) {
    const stat = await readFile(`/proc/${run.child.pid}/stat`, 'utf8').catch(() => '');
    if (/\) T /.test(stat)) return run;
    if (run.child.exitCode !== null) throw new Error('the run ended before it froze');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the lock', () => {
  it('held by a live process: exit 75, nothing written, the holder named', async () => {
    const holder = await holdLock();
    const record = JSON.parse(await readFile(lockFile, 'utf8'));
    expect(record).toMatchObject({ pid: holder.pid, host: hostname() });
    expect(Number.isNaN(Date.parse(record.started))).toBe(false);

    await changeItems('v2');
    const before = await snapshot(site.out);
    const run = await cli(buildArgs(site, '--json'));
    expect(run.code).toBe(75);
    expect(runRecord(run)).toMatchObject({ exitCode: 75, written: [] });
    expect(run.stderr).toContain(`another run holds the lock ${lockFile} (pid ${holder.pid} on ${hostname()}`);
    expect(run.stderr).toContain('nothing written');
    const after = await snapshot(site.out);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [rel, f] of after) {
      expect(f.bytes.equals(before.get(rel)!.bytes), rel).toBe(true);
      expect(f.mtimeMs, rel).toBe(before.get(rel)!.mtimeMs);
    }

    // Released (SIGTERM): the next run goes ahead, with no warning.
    holder.kill('SIGTERM');
    await exited(holder);
    const next = await cli(buildArgs(site));
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toBe('');
    const rss = await readFile(path.join(site.out, 'rss.xml'));
    expect(feedIds('rss.xml', rss)).toHaveLength(20);
    expect(rss.toString()).toContain('(v2)');
    expect((await snapshot(site.out)).has('.wirefeed.lock')).toBe(false);
  });

  it('left by a killed process: taken over with a warning on stderr', async () => {
    const holder = await holdLock();
    holder.kill('SIGKILL');
    await exited(holder);
    expect(JSON.parse(await readFile(lockFile, 'utf8')).pid).toBe(holder.pid);

    await changeItems('v3');
    const run = await cli(buildArgs(site, '--json'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`^wirefeed: warning: took over a stale lock ${lockFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(pid ${holder.pid} on [^)]+\\): process ${holder.pid} is gone\\n$`));
    expect(runRecord(run).warnings).toHaveLength(1);
    expect(runRecord(run).written).toContain('rss.xml');
    expect((await snapshot(site.out)).has('.wirefeed.lock')).toBe(false);
  });

  it('two CLI runs: the second exits 75 while the first, frozen mid-write, holds the lock', async () => {
    await changeItems('v4');
    // Frozen once every changed file is staged, none renamed.
    const first = await frozenRun();
    const during = await snapshot(site.out);
    expect(JSON.parse(during.get('.wirefeed.lock')!.bytes.toString()).pid).toBe(first.child.pid);

    const second = await cli(buildArgs(site));
    expect(second.code).toBe(75);
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain(`(pid ${first.child.pid} on `);
    const after = await snapshot(site.out);
    expect([...after.keys()].sort()).toEqual([...during.keys()].sort());
    for (const [rel, f] of after) expect(f.mtimeMs, rel).toBe(during.get(rel)!.mtimeMs);

    first.child.kill('SIGCONT');
    const done = await first.done;
    expect(done.code, done.stderr).toBe(0);
    expect((await readFile(path.join(site.out, 'feed.json'), 'utf8')).includes('(v4)')).toBe(true);
    expect([...(await snapshot(site.out)).keys()].filter((rel) => rel.startsWith('.'))).toEqual([]);
  });

  it('a run stopped by SIGTERM mid-write gives its lock back; the next run still clears the temp files it left', async () => {
    await changeItems('v5');
    // Frozen with some changed files staged: SIGTERM (as systemd stops a unit), then let it run to the handler.
    const first = await frozenRun({ WIREFEED_FAULT_STOP_AT_STAGE: '3' });
    first.child.kill('SIGTERM');
    first.child.kill('SIGCONT');
    const stopped = await first.done;
    expect(stopped.code).toBe(143);
    const left = await snapshot(site.out);
    const temps = [...left.keys()].filter((rel) => rel.endsWith('.tmp'));
    expect(temps.length).toBeGreaterThan(0);
    // The lock is given back (not left to be judged stale); the staging mark stays.
    expect(left.has('.wirefeed.lock')).toBe(false);
    expect(left.has('.wirefeed.staging')).toBe(true);

    const next = await cli(buildArgs(site, '--json'));
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).not.toMatch(/took over/);
    expect((runRecord(next).strayTempsRemoved as string[]).sort()).toEqual(temps.sort());
    const feed = JSON.parse(await readFile(path.join(site.out, 'feed.json'), 'utf8')) as { items: { title: string }[] };
    expect(feed.items.length).toBeGreaterThan(0);
    expect(feed.items.every((i) => i.title.includes('(v5)'))).toBe(true);
    expect([...(await snapshot(site.out)).keys()].filter((rel) => rel.split('/').some((p) => p.startsWith('.')))).toEqual([]);
  });

  it('a SIGTERM while the files are renamed into place: the renames under way finish together, then the lock is given back', async () => {
    await changeItems('v6');
    const first = await frozenRun();
    first.child.kill('SIGTERM');
    first.child.kill('SIGCONT');
    const stopped = await first.done;
    expect(stopped.code).toBe(143);
    const left = await snapshot(site.out);
    const outputs = [...left.keys()].filter((rel) => !isDotFile(rel));
    // The premise: the site's files are fewer than one turn's renames (publish/write.ts RENAMES_AT_ONCE).
    expect(outputs.length).toBeLessThanOrEqual(64);
    expect([...left.keys()].filter((rel) => rel.endsWith('.tmp'))).toEqual([]);
    expect(left.has('.wirefeed.lock')).toBe(false);
    // Every feed document switched, each parsed: none is left at the old version beside a new one.
    const feeds = outputs.filter((rel) => /(?:rss|atom)\.xml$|feed\.json$/.test(rel));
    expect(feeds).toEqual(expect.arrayContaining(['rss.xml', 'atom.xml', 'feed.json']));
    for (const rel of feeds) {
      const titles = feedEntries(rel, left.get(rel)!.bytes).map((e) => e.title);
      expect(titles.length, rel).toBeGreaterThan(0);
      expect(titles.filter((t) => !t.endsWith('(v6)')), rel).toEqual([]);
    }

    const next = await cli(buildArgs(site, '--json'));
    expect(next.code, next.stderr).toBe(0);
    expect(runRecord(next).strayTempsRemoved ?? []).toEqual([]);
  });

  describe('judging a lock left on disk', () => {
    // The test runner itself: a live pid, but not the process the record describes.
    const own = async () => ({ pid: process.pid });
    const cases: { name: string; record: () => Promise<string>; code: number; warning?: RegExp }[] = [
      {
        name: 'a live pid that now belongs to another process (pid reuse)',
        record: async () => JSON.stringify({ ...(await own()), host: hostname(), started: '2026-01-01T00:00:00.000Z', startTicks: 1 }),
        code: 0,
        warning: /its pid now belongs to another process/,
      },
      {
        name: 'an owner from before the last reboot',
        record: async () => JSON.stringify({ ...(await own()), host: hostname(), started: '2026-01-01T00:00:00.000Z', boot: '00000000-0000-0000-0000-000000000000' }),
        code: 0,
        warning: /before the last reboot/,
      },
      {
        name: 'an unreadable lock file',
        record: async () => 'not a lock record',
        code: 0,
        warning: /the lock file is unreadable/,
      },
      {
        name: 'an owner on another host (a shared mount): respected',
        record: async () => JSON.stringify({ pid: 1, host: 'another-host.example', started: '2026-01-01T00:00:00.000Z' }),
        code: 75,
      },
    ];
    for (const c of cases)
      it(c.name, async () => {
        const record = await c.record();
        await writeFile(lockFile, record);
        const run = await cli(buildArgs(site));
        expect(run.code, run.stderr).toBe(c.code);
        if (c.warning) {
          expect(run.stderr).toMatch(c.warning);
          expect((await snapshot(site.out)).has('.wirefeed.lock')).toBe(false);
        } else {
          expect(run.stderr).toContain('pid 1 on another-host.example');
          expect(await readFile(lockFile, 'utf8')).toBe(record); // left alone
          await rm(lockFile);
        }
      });
  });
});
