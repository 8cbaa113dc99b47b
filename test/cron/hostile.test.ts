// Issue 9, point 1, end to end: a folder where hostile items sit beside good ones. One real run
// of the CLI publishes every good item in every format, names each hostile file with a line
// and field, and exits 1; an alias bomb in the config is a config error (78), nothing written.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArgs, cli, feedIds, freezeDist, generateItems, makeSite, removeSite, runRecord, snapshot, writeItems, type Site } from './helpers.js';

let site: Site;
const good = generateItems(5, 'good');
const FRONT = 'title: Hostile\nurl: https://cron.example.org/news/hostile\npublished: 2026-11-26T10:00:00Z\n';
const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`)];

/** Each hostile file, and what its first stderr line must say after the file name. */
const HOSTILE: Record<string, { text: string; says: RegExp }> = {
  'deep-json.json': { text: `{"title": "T",\n"tags": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, says: /^:2: tags: nested more than 32 levels deep/ },
  'deep-flow.md': { text: `---\n${FRONT}tags: ${'['.repeat(100_000)}\n---\n`, says: /^:5: invalid YAML: "\[" and "\{" nest more than 32 levels/ },
  'deep-quote.md': { text: `---\n${FRONT}---\n${'>'.repeat(10_000)} quoted\n`, says: /^:6: body: Markdown nests quotes and lists 10000 levels deep/ },
  'bomb.md': { text: `---\n${FRONT}x:\n${bomb.map((l) => `  ${l}`).join('\n')}\n---\n`, says: /^:\d+: x: more than 10000 values/ },
  'keys.json': {
    text: JSON.stringify(Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i]))),
    says: /^:1: k10000: more than 10000 values/,
  },
  'tags.md': { text: `---\n${FRONT}tags:\n${'  - 5\n'.repeat(5000)}---\nBody.\n`, says: /^:6: tags\.0: expected text, got 5/ },
  'repeated.json': { text: '{\n"title": "A",\n"title": "B"\n}', says: /^:3: title: key "title" appears twice in one object/ },
  'credit.md': { text: `---\n${FRONT}credit: "By AP${' '.repeat(50_000)}x"\n---\nBody.\n`, says: /^:5: credit: expected at most 2000 characters/ },
};

beforeAll(async () => {
  await freezeDist();
  site = await makeSite();
  await writeItems(site.items, good);
  for (const [name, { text }] of Object.entries(HOSTILE)) await writeFile(path.join(site.items, name), text);
});
afterAll(() => removeSite(site));

describe('hostile items beside good ones', () => {
  it('are each named with line and field; every good item is published in every format; exit 1', async () => {
    const run = await cli(buildArgs(site, '--json'));
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    for (const [name, { says }] of Object.entries(HOSTILE)) {
      const file = path.relative(process.cwd(), path.join(site.items, name));
      const lines = run.stderr.split('\n').filter((l) => l.includes(name));
      expect(lines.length, name).toBeGreaterThan(0);
      expect(lines.length, name).toBeLessThanOrEqual(21);
      expect(lines[0]!.slice(lines[0]!.indexOf(name) + name.length), `${name} (${file})`).toMatch(says);
    }
    const tags = run.stderr.split('\n').filter((l) => l.includes('tags.md'));
    expect(tags[20]).toMatch(/tags\.md: and 4980 more problems$/);
    expect(runRecord(run).counts).toMatchObject({ items: 5, skipped: Object.keys(HOSTILE).length });
    for (const f of ['rss.xml', 'atom.xml', 'feed.json'])
      expect(feedIds(f, await readFile(path.join(site.out, f))).sort(), f).toEqual(good.map((i) => i.id).sort());
  });

  it('an alias bomb in the config: 78, the file and line named, nothing written', async () => {
    const before = await snapshot(site.out);
    const config = path.join(site.root, 'bomb.yaml');
    await writeFile(config, `${await readFile(site.config, 'utf8')}\nextra:\n${bomb.map((l) => `  ${l}`).join('\n')}\n`);
    const run = await cli(buildArgs({ ...site, config }));
    expect(run.code, run.stderr).toBe(78);
    expect(run.stderr).toMatch(/bomb\.yaml:\d+: extra: more than 10000 values/);
    const after = await snapshot(site.out);
    for (const [rel, f] of after) expect(f.mtimeMs, rel).toBe(before.get(rel)!.mtimeMs);
  });
});
