// The install route as docs/operations.md gives it: the crontab line and the systemd unit's
// ExecStart, run literally (paths mapped to temp folders), from another folder, with cron's
// bare environment.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blocks, sandbox, type Sandbox } from '../helpers/docs.js';
import { feedIds } from './helpers.js';

let box: Sandbox;
let elsewhere: string;
beforeEach(async () => {
  box = await sandbox();
  elsewhere = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-elsewhere-'));
  // The secrets file the line names, as docs/partners-operator.md has the operator make it.
  for (const name of ['nordpress', 'baltic-daily', 'wirewatch']) {
    const r = spawnSync(process.execPath, [path.join(box.checkout, 'dist/cli.js'), 'partners', 'add', name, '--secrets', box.map('/etc/wirefeed/secrets.json')], { cwd: box.checkout, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  }
});
afterEach(async () => {
  await box.remove();
  await rm(elsewhere, { recursive: true, force: true });
});

/** The command of the one crontab line in a page (the five time fields dropped). */
async function crontabCommand(page = 'docs/operations.md'): Promise<string> {
  const cron = (await blocks(page)).filter((b) => b.lang === 'cron');
  const lines = cron.flatMap((b) => b.text.split('\n')).filter((l) => l.trim() && !l.trim().startsWith('#'));
  expect(lines).toHaveLength(1);
  return lines[0]!.trim().split(/\s+/).slice(5).join(' ');
}

async function unit(): Promise<Record<string, string>> {
  const service = (await blocks('docs/operations.md')).find((b) => b.lang === 'ini' && b.text.includes('[Service]'))!;
  return Object.fromEntries(service.text.split('\n').filter((l) => /^\w+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

/** As cron runs a line: `sh -c`, nothing in the environment but PATH=/usr/bin:/bin. */
function asCron(command: string) {
  return spawnSync('/usr/bin/env', ['-i', 'PATH=/usr/bin:/bin', '/bin/sh', '-c', box.map(command)], { cwd: elsewhere, encoding: 'utf8' });
}

async function expectFeeds() {
  const samples = (await readdir(box.items)).length;
  for (const f of ['rss.xml', 'atom.xml', 'feed.json']) {
    const ids = feedIds(f, await readFile(path.join(box.out, f)));
    expect(ids.length, f).toBeGreaterThan(0);
    expect(ids.length).toBeLessThanOrEqual(samples);
  }
  // Nothing lands beside the run: the cache is where the line says.
  expect(await readdir(elsewhere)).toEqual([]);
  expect((await readdir(box.cache)).length).toBeGreaterThan(0);
}

describe('the documented install route', () => {
  it('the crontab line runs as written under cron\'s environment, and the feeds appear', async () => {
    const command = await crontabCommand();
    expect(command).toMatch(/^\/usr\/bin\/node \/srv\/wirefeed\/dist\/cli\.js build /);
    // The README shows the same line.
    expect(await crontabCommand('README.md')).toBe(command);
    const r = asCron(command);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', '']);
    await expectFeeds();
    // A second tick: nothing changed, nothing said.
    expect(asCron(command).status).toBe(0);
  });

  it('the systemd unit runs as written, its CacheDirectory= is the --cache folder', async () => {
    const u = await unit();
    expect(u.CacheDirectory).toBe('wirefeed');
    expect(u.ExecStart).toContain(' --cache /var/cache/wirefeed');
    expect(u.ExecStart).toBe(await crontabCommand());
    expect(u.WorkingDirectory).toBeUndefined();
    const r = asCron(u.ExecStart!);
    expect([r.status, r.stderr]).toEqual([0, '']);
    await expectFeeds();
  });
});
