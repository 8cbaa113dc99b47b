// Issue 3, point 6: bad input never stops the feed. Each malformed item is reported on stderr
// with its file and reason and skipped; the rest is published; exit 1. --strict: exit 65 and
// nothing written. A broken config: exit 78 and nothing written.
import { readFile, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArgs, cli, feedIds, freezeDist, generateItems, makeSite, removeSite, runRecord, snapshot, writeItems, type Site } from './helpers.js';

const PRELOAD = fileURLToPath(new URL('./preload/faults.mjs', import.meta.url));
let site: Site;
const good = generateItems(5, 'good');

/** Each bad file, and a pattern its reason must match (on stderr, and in the --json record). */
const BAD: Record<string, RegExp> = {
  'bad-yaml.md': /invalid YAML/,
  'bad-utf8.md': /invalid UTF-8 at column \d+ \(byte 0x[0-9A-F]{2}\): save the file as UTF-8/,
  'binary.md': /binary file/,
  'huge.md': /over the \d+ MB limit/,
  'escape.md': /symlink leads outside the items folder/,
  'vanish.md': /disappeared while it was read/,
};

beforeAll(async () => {
  await freezeDist();
  site = await makeSite();
  await writeItems(site.items, good);
  const dir = site.items;
  await writeFile(path.join(dir, 'bad-yaml.md'), '---\ntitle: [unclosed\nurl: https://cron.example.org/x\n---\nBody\n');
  // A valid item with one bad byte sequence in its body (0xC3 must start a two-byte sequence).
  const [head, tail] = (await readFile(path.join(dir, `${good[0]!.id}.md`), 'utf8')).replace(/^id: .*$/m, 'id: utf8').split('Body of');
  await writeFile(path.join(dir, 'bad-utf8.md'), Buffer.concat([Buffer.from(`${head}Body `), Buffer.from([0xc3, 0x28]), Buffer.from(` of${tail}`)]));
  await writeFile(path.join(dir, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
  // 50 MB, sparse: the size is real, the disk blocks are not.
  await writeFile(path.join(dir, 'huge.md'), '---\n');
  await truncate(path.join(dir, 'huge.md'), 50 * 1024 * 1024);
  await writeFile(path.join(site.root, 'secret.md'), '---\ntitle: Outside\nurl: https://cron.example.org/secret\npublished: 2026-11-26T10:00:00Z\n---\nNot for the feed.\n');
  await symlink(path.join(site.root, 'secret.md'), path.join(dir, 'escape.md'));
  // Deleted between listing and reading, by the preload (see preload/faults.mjs).
  await writeFile(path.join(dir, 'vanish.md'), (await readFile(path.join(dir, `${good[1]!.id}.md`), 'utf8')).replace(/^id: .*$/m, 'id: vanish'));
});
afterAll(() => removeSite(site));

const vanishing = { node: ['--import', PRELOAD], env: { WIREFEED_FAULT_VANISH: 'vanish.md' } };

describe('bad items', () => {
  it('--strict: exit 65, nothing written', async () => {
    const run = await cli(buildArgs(site, '--strict'), vanishing);
    expect(run.code).toBe(65);
    expect(run.stderr).toMatch(/6 items skipped with --strict: nothing written/);
    expect((await snapshot(site.out)).size).toBe(0);
  });

  it('are each reported with file and reason and skipped; the good ones are published; exit 1', async () => {
    await writeFile(path.join(site.items, 'vanish.md'), await readFile(path.join(site.items, `${good[1]!.id}.md`), 'utf8').then((t) => t.replace(/^id: .*$/m, 'id: vanish')));
    const run = await cli(buildArgs(site, '--json'), vanishing);
    expect(run.code, run.stderr).toBe(1);
    const record = runRecord(run);
    const skipped = record.skipped as { file: string; reasons: string[] }[];
    expect(skipped.map((s) => path.basename(s.file)).sort()).toEqual(Object.keys(BAD).sort());
    for (const s of skipped) {
      const name = path.basename(s.file);
      expect(s.reasons.join('; '), name).toMatch(BAD[name]!);
      // and on stderr, one line per problem, beginning with the file
      const line = run.stderr.split('\n').find((l) => l.startsWith(s.file));
      expect(line, `stderr names ${s.file}`).toMatch(BAD[name]!);
    }
    expect(record.counts).toMatchObject({ items: 5, skipped: 6 });
    for (const f of ['rss.xml', 'atom.xml', 'feed.json'])
      expect(feedIds(f, await readFile(path.join(site.out, f))).sort(), f).toEqual(good.map((i) => i.id).sort());
    expect((await readFile(path.join(site.out, 'feed.json'), 'utf8')).includes('Not for the feed')).toBe(false);
  });
});

describe('a broken config', () => {
  it('exits 78 and writes nothing, naming the file, line and key', async () => {
    const before = await snapshot(site.out);
    const config = path.join(site.root, 'broken.yaml');
    await writeFile(config, (await readFile(site.config, 'utf8')).replace('home: https://cron.example.org/', 'home: cron.example.org'));
    const run = await cli(buildArgs({ ...site, config }, '--json'));
    expect(run.code).toBe(78);
    expect(run.stderr).toMatch(new RegExp(`${config.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+: site\\.home: `));
    expect(runRecord(run)).toMatchObject({ exitCode: 78, written: [], skipped: [] });
    const after = await snapshot(site.out);
    for (const [rel, f] of after) expect(f.mtimeMs, rel).toBe(before.get(rel)!.mtimeMs);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  });
});
