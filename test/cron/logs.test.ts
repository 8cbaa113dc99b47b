// Issue 3, point 8: logs for cron. Success prints one summary line (--quiet: nothing);
// --json prints one JSON object per run, whatever its outcome; problems go to stderr; the
// progress bar appears only when stderr is a terminal, never with stderr on a pipe (cron).
import { spawnSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArgs, cli, distDir, freezeDist, generateItems, makeSite, removeSite, runRecord, writeItems, type Site } from './helpers.js';

let site: Site;
beforeAll(async () => {
  await freezeDist();
  site = await makeSite();
  await writeItems(site.items, generateItems(12, 'v1'));
});
afterAll(() => removeSite(site));

describe('output for cron', () => {
  it('success: one summary line on stdout, nothing on stderr', async () => {
    const run = await cli(buildArgs(site));
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^wirefeed: 12 items; feeds: \d+ written, 0 unchanged in \d+ ms\n$/);
  });

  it('--quiet: nothing at all on success', async () => {
    await writeItems(site.items, generateItems(12, 'v2'));
    const run = await cli(buildArgs(site, '--quiet'));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('');
  });

  it('--json: one object with counts, files written and unchanged, skipped items with reasons, duration', async () => {
    await writeFile(path.join(site.items, 'broken.md'), '---\ntitle: Broken\n---\nNo url, no date.\n');
    await writeItems(site.items, generateItems(1, 'v3'));
    const run = await cli(buildArgs(site, '--json'));
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!);
    expect(record).toMatchObject({ command: 'build', exitCode: 1, counts: { items: 12, skipped: 1 } });
    expect(record.written).toEqual(expect.arrayContaining(['rss.xml', 'atom.xml', 'feed.json']));
    expect(Array.isArray(record.unchanged)).toBe(true);
    expect(record.skipped).toHaveLength(1);
    expect(record.skipped[0].file).toMatch(/broken\.md$/);
    expect(record.skipped[0].reasons.join(' ')).toMatch(/url/);
    expect(Number.isInteger(record.durationMs)).toBe(true);
    // The problem itself is on stderr, as a person reads it.
    expect(run.stderr).toMatch(/broken\.md(:\d+)?: .*url/);
    await rm(path.join(site.items, 'broken.md'));
  });

  it('--json: a run that fails still prints its one object (the lock held)', async () => {
    const lock = path.join(site.out, '.wirefeed.lock');
    await writeFile(lock, JSON.stringify({ pid: 1, host: 'elsewhere.example', started: '2026-11-26T00:00:00Z' }));
    const run = await cli(buildArgs(site, '--json'));
    expect(run.code).toBe(75);
    const record = runRecord(run);
    expect(record).toMatchObject({ exitCode: 75, written: [] });
    expect(record.error).toMatch(/another run holds the lock/);
    expect(run.stderr).toMatch(/another run holds the lock/);
    await rm(lock);
  });
});

describe('the progress bar', () => {
  const long = { WIREFEED_PROGRESS_AFTER_MS: '0' }; // every run counts as long

  it('never appears with stderr on a pipe, as under cron', async () => {
    await writeItems(site.items, generateItems(12, 'v4'));
    const run = await cli(buildArgs(site), { env: long });
    expect(run.stderr).not.toMatch(/wirefeed \[|\r|\x1b/);
  });

  it('appears on a terminal (a pty from script(1)) and is erased before the summary', async (ctx) => {
    const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
    if (script.status !== 0) ctx.skip('script(1) is not installed: no pty to test with');
    await writeItems(site.items, generateItems(12, 'v5'));
    const cmd = [process.execPath, path.join(distDir, 'cli.js'), ...buildArgs(site)].map((a) => `'${a}'`).join(' ');
    const run = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', env: { ...process.env, ...long } });
    expect(run.status, run.stdout).toBe(0);
    // The bar (cli-progress, see src/progress.ts), redrawn in place, then erased; then the summary line.
    expect(run.stdout).toMatch(/\x1b\[1Gwirefeed \[[#.]{20}\] (reading items|parsing items|rendering|writing)/);
    expect(run.stdout).toMatch(/\x1b\[1G\x1b\[2Kwirefeed: 12 items; feeds: \d+ written/);
  });
});
