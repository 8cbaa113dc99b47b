// Same items, config and --now give the same bytes: from one render to the next, and whatever
// the machine's time zone and locale. The CLI runs as `node dist/cli.js` (npm test builds first).
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureItem, renderMain, repoConfig, REPO, sampleItems } from '../helpers/site.js';

const run = promisify(execFile);
const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

/** Every file under `dir`, by relative path. */
async function files(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const abs = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, abs), await readFile(abs));
  }
  return out;
}

async function buildIn(env: Record<string, string>, itemsDir: string): Promise<Map<string, Buffer>> {
  const out = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-det-'));
  temps.push(out);
  await run(process.execPath, ['dist/cli.js', 'build', '--items', itemsDir, '--out', out, '--now', '2026-11-26T12:00:00Z'], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', ...env },
  }).catch((err: { code?: number }) => {
    // Exit 1 means "built, some items skipped": still a build to compare.
    if (err.code !== 1) throw err;
  });
  return files(out);
}

describe('determinism', () => {
  it('two renders of the same items give identical bytes', async () => {
    const config = repoConfig();
    const items = [...(await sampleItems(config)), ...['full.md', 'hostile.md', 'hostile.json', 'rtl.md'].map((n) => fixtureItem(n, config))];
    const a = renderMain(items, config);
    const b = renderMain(structuredClone(items), config);
    expect([b.rss, b.atom, b.json]).toEqual([a.rss, a.atom, a.json]);
  });

  it.each([
    ['items', 'items'],
    ['the render fixtures', 'test/fixtures/render'],
  ])('a build of %s is the same bytes in Kiritimati with a Turkish locale as in UTC with C', async (_, itemsDir) => {
    const [utc, far] = await Promise.all([
      buildIn({ TZ: 'UTC', LANG: 'C', LC_ALL: 'C' }, itemsDir),
      buildIn({ TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' }, itemsDir),
    ]);
    expect(utc.size).toBeGreaterThanOrEqual(3);
    expect([...far.keys()].sort()).toEqual([...utc.keys()].sort());
    for (const [name, bytes] of utc) expect(far.get(name)!.equals(bytes), name).toBe(true);
  });
});
