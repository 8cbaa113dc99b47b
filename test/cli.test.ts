// The command line, as cron runs it: `node dist/cli.js` (tsc runs before vitest in `npm test`),
// spawned in the repo root with its wirefeed.config.yaml, always writing into temp folders.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'dist/cli.js');
const NOW = '2026-11-26T12:00:00Z';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

// As in production, the partners' secrets come from a 0600 file outside the repository
// (WIREFEED_SECRETS); the runs without one are tested on their own below.
const SECRETS = path.join(mkdtempSync(path.join(os.tmpdir(), 'wirefeed-cli-secrets-')), 'secrets.json');
writeFileSync(
  SECRETS,
  JSON.stringify({
    wirefeed_secrets: 1,
    newsroom: { secret: 'N'.repeat(43), created: NOW },
    partners: Object.fromEntries(['nordpress', 'baltic-daily', 'wirewatch'].map((n, i) => [n, { secret: String(i).repeat(43), created: NOW }])),
  }),
  { mode: 0o600 },
);

function wirefeed(...args: string[]): Run {
  return wirefeedWith({ WIREFEED_SECRETS: SECRETS }, ...args);
}

function wirefeedWith(env: Record<string, string | undefined>, ...args: string[]): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['item', 'entry', 'link', 'category', 'dc:creator', 'author'].includes(name),
});

interface Feeds {
  rss: { guid: { '#text': string }; title: string }[];
  atom: { id: string; content: { '#text': string } }[];
  json: { id: string; url: string; content_html?: string }[];
}

async function readFeeds(out: string, dir = ''): Promise<Feeds> {
  const rss = xml.parse(await readFile(path.join(out, dir, 'rss.xml'), 'utf8'));
  const atom = xml.parse(await readFile(path.join(out, dir, 'atom.xml'), 'utf8'));
  const json = JSON.parse(await readFile(path.join(out, dir, 'feed.json'), 'utf8'));
  return { rss: rss.rss.channel.item ?? [], atom: atom.feed.entry ?? [], json: json.items };
}

/** Every file below `dir` (dotfiles too), relative, sorted. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

const exists = (p: string) =>
  readdir(p).then(
    () => true,
    () => false,
  );

const sampleIds = async (): Promise<string[]> => {
  // The ids the samples should produce: each item's `id`, else its `url`.
  const ids: string[] = [];
  for (const f of await readdir(path.join(ROOT, 'items'))) {
    const text = await readFile(path.join(ROOT, 'items', f), 'utf8');
    if (f.endsWith('.json')) {
      const j = JSON.parse(text) as { id?: string; url: string };
      ids.push(j.id ?? j.url);
    } else {
      const id = /^id: (.+)$/m.exec(text)?.[1];
      ids.push(id ?? /^url: (.+)$/m.exec(text)![1]!);
    }
  }
  return ids.sort();
};

/** One build of every sample into the main feed, shared by the tests that only read it. */
let shared: Promise<Feeds> | undefined;
let sharedDir: string | undefined;
function allSamples(): Promise<Feeds> {
  shared ??= (async () => {
    sharedDir = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-cli-all-'));
    const r = wirefeed('build', '--out', sharedDir, '--now', NOW, '--limit', '100');
    if (r.code !== 0) throw new Error(`build failed (${r.code}): ${r.stderr}`);
    return readFeeds(sharedDir);
  })();
  return shared;
}
afterAll(async () => {
  if (sharedDir) await rm(sharedDir, { recursive: true, force: true });
});

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-cli-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('wirefeed build on the sample items', () => {
  it('exits 0 with one summary line on stdout and nothing on stderr', async () => {
    const out = path.join(tmp, 'out');
    const r = wirefeed('build', '--out', out, '--now', NOW);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = /^wirefeed: 13 items; feeds: (\d+) written, 0 unchanged in \d+ ms\n$/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const files = (await tree(out)).filter((f) => !path.basename(f).startsWith('.'));
    expect(files.length).toBe(Number(m![1]));
    expect(files).toEqual(expect.arrayContaining(['rss.xml', 'atom.xml', 'feed.json']));
  });

  it('whose reader went away (`| head`): the build still writes its feeds and exits 0, with no internal error', async () => {
    const out = path.join(tmp, 'out');
    // Both pipes closed before the run writes a line: each write meets EPIPE.
    const child = spawn(process.execPath, [CLI, 'build', '--out', out, '--now', NOW], { cwd: ROOT, env: { ...process.env, WIREFEED_SECRETS: undefined } });
    child.stdout.destroy();
    child.stderr.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    const feeds = await readFeeds(out);
    expect(feeds.rss.length).toBeGreaterThan(0);
    expect(feeds.json.map((i) => i.id)).toEqual(feeds.atom.map((e) => e.id));
  });

  it('without a secrets file: exit 0, one warning naming each partner, no partner folder, public feeds in full', async () => {
    const out = path.join(tmp, 'out');
    const r = wirefeedWith({ WIREFEED_SECRETS: undefined }, 'build', '--out', out, '--now', NOW);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'wirefeed: warning: no secrets file (--secrets FILE or WIREFEED_SECRETS): partner feeds not written for "nordpress", "baltic-daily", "wirewatch"; see docs/partners-operator.md\n',
    );
    const files = await tree(out);
    expect(files.filter((f) => f.startsWith('partners'))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['rss.xml', 'atom.xml', 'feed.json', 'feeds.opml', 'index.html', 'tags/climate/rss.xml']));
  });

  it('exits 0 without --now too (the clock is read once, in the CLI)', () => {
    const r = wirefeed('build', '--out', path.join(tmp, 'out'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wirefeed: \d+ items/);
  });

  it('publishes every sample in all three formats, newest first', async () => {
    const feeds = await allSamples();
    const ids = await sampleIds();
    expect(feeds.rss.map((i) => i.guid['#text']).sort()).toEqual(ids);
    expect(feeds.json.map((i) => i.id).sort()).toEqual(ids);
    expect(feeds.atom.length).toBe(ids.length);
    expect(feeds.json[0]!.url).toBe('https://news.example.org/2026/11/25/goteborg-port-strike');
    expect(feeds.json.at(-1)!.url).toBe('https://news.example.org/2026/09/09/stockholm-rail-tender');
  });

  it('writes identical bytes on two builds, and a second build into the same folder changes nothing', async () => {
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    expect(wirefeed('build', '--out', a, '--now', NOW).code).toBe(0);
    expect(wirefeed('build', '--out', b, '--now', NOW).code).toBe(0);
    const files = await tree(a);
    expect(await tree(b)).toEqual(files);
    for (const f of files) expect((await readFile(path.join(b, f))).equals(await readFile(path.join(a, f))), f).toBe(true);

    const again = wirefeed('build', '--out', a, '--now', NOW, '--json');
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as { written: string[]; unchanged: string[] };
    expect(report.written).toEqual([]);
    expect(report.unchanged.length).toBe(files.filter((f) => !path.basename(f).startsWith('.')).length);
  });

  it('makes relative URLs in a body absolute against the item URL', async () => {
    const feeds = await allSamples();
    const itemUrl = 'https://news.example.org/2026/10/15/baltic-sea-ice-study';
    const urls = (html: string) => [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
    const expected = [
      'https://news.example.org/media/2026/10/baltic-ice-chart.png', // /media/… (root-relative image)
      'https://news.example.org/2026/09/22/arctic-sea-ice-minimum', // ../../09/22/…
      'https://news.example.org/2026/10/15/data/baltic-ice.csv', // data/… (relative to the item)
      'https://news.example.org/science/methods#sea-ice', // /science/methods#…
    ];
    const json = feeds.json.find((i) => i.url === itemUrl)!;
    expect(urls(json.content_html!)).toEqual(expected);
    const atom = feeds.atom.find((e) => e.id === itemUrl)!;
    expect(urls(atom.content['#text'])).toEqual(expected);
    // The JSON item's HTML body (content_html) is resolved the same way.
    const salmon = feeds.json.find((i) => i.url === 'https://news.example.org/2026/09/18/hardanger-salmon-farms')!;
    expect(urls(salmon.content_html!)).toEqual([
      'https://news.example.org/climate/',
      'https://news.example.org/media/2026/09/hardanger-temperature.png',
    ]);
  });
});

describe('wirefeed build with --items, --out and --now on a folder of its own', () => {
  it('builds from the folder, holding back what --now says is not yet due', async () => {
    const items = path.join(tmp, 'my items');
    await mkdir(items);
    for (const f of ['minimal.md', 'no-authors.md', 'relative-links.md', 'everything.md'])
      await cp(path.join(ROOT, 'test/fixtures/items-good', f), path.join(items, f));
    const out = path.join(tmp, 'my out');
    // everything.md is published on the 23rd: held back on the 22nd.
    const r = wirefeed('build', '--items', items, '--out', out, '--now', '2026-11-22T12:00:00Z');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wirefeed: 3 items \(1 held back\); feeds: \d+ written, 0 unchanged in \d+ ms\n$/);
    const feeds = await readFeeds(out);
    expect(feeds.json.map((i) => i.url)).toEqual([
      'https://news.example.org/2026/11/22/relative-links',
      'https://news.example.org/2026/11/21/no-authors',
      'https://news.example.org/2026/11/20/minimal',
    ]);
    expect(feeds.rss.length).toBe(3);
    expect(feeds.atom.length).toBe(3);
    // Next day it is due.
    const later = wirefeed('build', '--items', items, '--out', out, '--now', '2026-11-24T12:00:00Z');
    expect(later.code).toBe(0);
    expect((await readFeeds(out)).json.length).toBe(4);
  });

  it('refuses a --now that is not an RFC 3339 time', async () => {
    const out = path.join(tmp, 'out');
    const r = wirefeed('build', '--out', out, '--now', 'tomorrow');
    expect(r.code).toBe(64);
    expect(r.stderr).toBe('wirefeed: --now: expected an RFC 3339 date-time with offset, got "tomorrow"\n');
    expect(await exists(out)).toBe(false);
  });
});

describe('--limit', () => {
  it('overrides the config: each format of the main feed has that many items, the newest', async () => {
    const out = path.join(tmp, 'out');
    const r = wirefeed('build', '--out', out, '--now', NOW, '--limit', '3');
    expect(r.code).toBe(0);
    const feeds = await readFeeds(out);
    const newest = [
      'https://news.example.org/2026/11/25/goteborg-port-strike',
      'urn:uuid:6f1c2a4e-5b1d-4c8e-9a57-2e0b9d3f41a2',
      'https://news.example.org/2026/11/23/miami-talks-no-breakthrough',
    ];
    expect(feeds.json.map((i) => i.id)).toEqual(newest);
    expect(feeds.rss.map((i) => i.guid['#text'])).toEqual(newest);
    expect(feeds.atom.length).toBe(3);
  });

  it('refuses a limit that is not a positive whole number', () => {
    const r = wirefeed('build', '--out', path.join(tmp, 'out'), '--limit', '0');
    expect(r.code).toBe(64);
    expect(r.stderr).toBe('wirefeed: --limit: expected a positive whole number, got "0"\n');
  });
});

describe('a bad item in the folder', () => {
  it('exits 1, names the item on stderr, and still publishes the good ones', async () => {
    const items = path.join(tmp, 'items');
    await cp(path.join(ROOT, 'items'), items, { recursive: true });
    await cp(path.join(ROOT, 'test/fixtures/items-bad/published-not-a-date.md'), path.join(items, 'published-not-a-date.md'));
    await writeFile(path.join(items, 'unknown.md'), '---\ntitle: X\nurl: https://news.example.org/x\npublished: 2026-11-20T10:00:00Z\nbyline: AP\n---\n');
    const out = path.join(tmp, 'out');
    const r = wirefeed('build', '--items', items, '--out', out, '--now', NOW, '--limit', '100');
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      `${items}/published-not-a-date.md:4: published: expected an RFC 3339 date-time with offset, got "yesterday"`,
      `${items}/unknown.md:5: byline: unknown field`,
    ]);
    expect(r.stdout).toMatch(/^wirefeed: 13 items \(2 skipped\); feeds: \d+ written, 0 unchanged in \d+ ms\n$/);
    const feeds = await readFeeds(out);
    expect(feeds.rss.map((i) => i.guid['#text']).sort()).toEqual(await sampleIds());
    expect(feeds.json.length).toBe(13);
    expect(feeds.atom.length).toBe(13);
  });

  it('refuses a ---js item and runs none of its code', async () => {
    const items = path.join(tmp, 'items');
    await mkdir(items);
    await cp(path.join(ROOT, 'test/fixtures/items-good/minimal.md'), path.join(items, 'minimal.md'));
    await cp(path.join(ROOT, 'test/fixtures/items-bad/js-front-matter.md'), path.join(items, 'js.md'));
    const marker = path.join(tmp, 'ran');
    const r = spawnSync(process.execPath, [CLI, 'build', '--items', items, '--out', path.join(tmp, 'out'), '--now', NOW], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, WIREFEED_MARKER: marker, WIREFEED_SECRETS: SECRETS },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${items}/js.md:1: expected YAML front matter opening with "---", got "---js" (an item never runs code)\n`);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('a bad config', () => {
  it('exits 78 with the message naming line and key, and writes nothing', async () => {
    const out = path.join(tmp, 'out');
    const r = wirefeed('build', '--config', 'test/fixtures/config-bad/home-not-absolute.yaml', '--out', out, '--now', NOW);
    expect(r.code).toBe(78);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'test/fixtures/config-bad/home-not-absolute.yaml:3: site.home: expected an absolute http(s) URL, got "news.example.org"\n' +
        'wirefeed: bad config: nothing written\n',
    );
    expect(await exists(out)).toBe(false);
  });

  it('leaves an existing output folder exactly as it was', async () => {
    const out = path.join(tmp, 'out');
    expect(wirefeed('build', '--out', out, '--now', NOW).code).toBe(0);
    const before = await tree(out);
    const bytes = await Promise.all(before.map((f) => readFile(path.join(out, f))));
    const r = wirefeed('build', '--config', 'test/fixtures/config-bad/key-misspelt.yaml', '--out', out, '--now', NOW, '--limit', '2');
    expect(r.code).toBe(78);
    expect(r.stderr.split('\n')[0]).toBe('test/fixtures/config-bad/key-misspelt.yaml:7: feed.limt: unknown field (did you mean "limit"?)');
    expect(await tree(out)).toEqual(before);
    const after = await Promise.all(before.map((f) => readFile(path.join(out, f))));
    after.forEach((b, i) => expect(b.equals(bytes[i]!), before[i]).toBe(true));
  });

  it('exits 78 for a config file that does not exist', async () => {
    const r = wirefeed('build', '--config', path.join(tmp, 'nope.yaml'), '--out', path.join(tmp, 'out'));
    expect(r.code).toBe(78);
    expect(r.stderr).toBe(`${path.join(tmp, 'nope.yaml')}: config file not found\nwirefeed: bad config: nothing written\n`);
  });
});

describe('wirefeed check', () => {
  it('validates the samples and writes nothing', async () => {
    const out = path.join(tmp, 'out');
    const r = wirefeed('check', '--out', out, '--now', NOW);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wirefeed check: 13 items; \d+ [a-z ]*files would be written\n$/);
    expect(await exists(out)).toBe(false);
  });

  it('reports a bad item with exit 1 and still writes nothing', async () => {
    const items = path.join(tmp, 'items');
    await mkdir(items);
    await cp(path.join(ROOT, 'test/fixtures/items-bad/missing-title.md'), path.join(items, 'missing-title.md'));
    await cp(path.join(ROOT, 'test/fixtures/items-good/minimal.md'), path.join(items, 'minimal.md'));
    const out = path.join(tmp, 'out');
    const r = wirefeed('check', '--items', items, '--out', out, '--now', NOW);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${items}/missing-title.md:2: title: required: expected text\n`);
    expect(await exists(out)).toBe(false);
  });
});

describe('wirefeed check: the dry run of build', () => {
  it('names every held-back item with the time it appears, in text and --json', async () => {
    const before = '2026-11-17T00:00:00Z';
    const r = wirefeed('check', '--out', path.join(tmp, 'out'), '--now', before);
    expect(r.code).toBe(0);
    const held = r.stdout.split('\n').filter((l) => l.includes('held back until'));
    // Every sample published after `before`, by its own file, soonest first.
    const later: { file: string; published: string }[] = [];
    for (const f of (await readdir(path.join(ROOT, 'items'))).sort()) {
      const text = await readFile(path.join(ROOT, 'items', f), 'utf8');
      const published = f.endsWith('.json') ? (JSON.parse(text) as { published: string }).published : /^published: (.+)$/m.exec(text)![1]!;
      if (Date.parse(published) > Date.parse(before)) later.push({ file: `items/${f}`, published: new Date(Date.parse(published)).toISOString().replace('.000Z', 'Z') });
    }
    later.sort((a, b) => a.published.localeCompare(b.published));
    expect(later.length).toBeGreaterThan(1);
    expect(held).toEqual(later.map((l) => `${l.file}: held back until ${l.published} (its published time)`));
    const json = JSON.parse(wirefeed('check', '--out', path.join(tmp, 'out'), '--now', before, '--json').stdout);
    expect(json.held.map((h: { file: string; until: string; by: string }) => [h.file, h.until, h.by])).toEqual(later.map((l) => [l.file, l.published, 'published']));
  });

  it('names an embargo as what holds an item', async () => {
    const items = path.join(tmp, 'items');
    await mkdir(items);
    const text = await readFile(path.join(ROOT, 'test/fixtures/items-good/minimal.md'), 'utf8');
    await writeFile(path.join(items, 'embargoed.md'), text.replace(/^---\n/, '---\nsyndication:\n  partners: all\n  embargo: 2026-11-27T06:00:00+01:00\n'));
    const r = wirefeed('check', '--items', items, '--out', path.join(tmp, 'out'), '--now', NOW, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).held).toEqual([{ file: `${items}/embargoed.md`, id: expect.any(String), until: '2026-11-27T05:00:00Z', by: 'embargo' }]);
  });

  it('exits 66 for an empty items folder, as build would, writing nothing', async () => {
    const items = path.join(tmp, 'items');
    await mkdir(items);
    const out = path.join(tmp, 'out');
    const check = wirefeed('check', '--items', items, '--out', out, '--now', NOW);
    expect(check.code).toBe(66);
    expect(check.stderr).toContain(items);
    expect(await exists(out)).toBe(false);
    expect(wirefeed('build', '--items', items, '--out', out, '--now', NOW).code).toBe(66);
  });

  it('exits 66 when the safety valve would refuse the build, and 0 with --force', async () => {
    const out = path.join(tmp, 'out');
    expect(wirefeed('build', '--out', out, '--now', NOW, '--no-cache').code).toBe(0);
    const items = path.join(tmp, 'items');
    await mkdir(items);
    await cp(path.join(ROOT, 'items', (await readdir(path.join(ROOT, 'items')))[0]!), path.join(items, 'one.md'));
    const before = await tree(out);
    const check = wirefeed('check', '--items', items, '--out', out, '--now', NOW);
    expect(check.code, check.stderr).toBe(66);
    expect(check.stderr).toMatch(/would lose|are gone/);
    expect(wirefeed('build', '--items', items, '--out', out, '--now', NOW, '--no-cache').code).toBe(66);
    expect(wirefeed('check', '--items', items, '--out', out, '--now', NOW, '--force').code).toBe(0);
    expect(await tree(out)).toEqual(before);
  });
});

describe('--version and no command', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = wirefeed('--version');
    expect([r.code, r.stdout, r.stderr]).toEqual([0, `wirefeed ${version}\n`, '']);
  });

  it('runs as a program of its own, as `npx wirefeed` starts it (the build marks dist/cli.js executable)', () => {
    // npm makes a dependency's bin executable, not the checkout's own: a fresh clone's
    // `npx wirefeed build` runs dist/cli.js directly, so `prepare` must chmod it.
    const r = spawnSync(CLI, ['--version'], { cwd: tmp, encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^wirefeed \d+\.\d+\.\d+\n$/);
  });

  it('no command prints the help and exits 64, building nothing', async () => {
    const r = spawnSync(process.execPath, [CLI], { cwd: tmp, encoding: 'utf8' });
    expect(r.status).toBe(64);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(wirefeed('--help').stdout);
    expect(await readdir(tmp)).toEqual([]);
  });
});

describe('--help', () => {
  it('lists every exit code of the table in docs/operations.md, and no other', async () => {
    const doc = await readFile(path.join(ROOT, 'docs/operations.md'), 'utf8');
    const table = [...doc.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(table.length).toBeGreaterThan(5);
    const help = wirefeed('--help').stdout;
    const codes = [...help.slice(help.indexOf('Exit codes:')).matchAll(/^\s+(\d+)\s+\S/gm)].map((m) => Number(m[1]));
    expect(codes).toEqual(table);
  });

  it('lists the commands, the options and the exit codes', () => {
    const r = wirefeed('--help');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    const commands = lines.filter((l) => /^\s+wirefeed \w+/.test(l)).map((l) => l.trim().split(/\s+/)[1]);
    expect(commands).toEqual(expect.arrayContaining(['build', 'check']));
    const options = lines.map((l) => /^\s+(--[a-z]+)/.exec(l)?.[1]).filter(Boolean);
    expect(options).toEqual(expect.arrayContaining(['--config', '--items', '--out', '--now', '--limit']));
    const exitSection = r.stdout.slice(r.stdout.indexOf('Exit codes:'));
    const codes = [...exitSection.matchAll(/^\s+(\d+)\s+\S/gm)].map((m) => Number(m[1]));
    expect(codes).toEqual(expect.arrayContaining([0, 1, 78]));
  });

  it('names every option the command line accepts, and only those', async () => {
    const { HELP, OPTIONS } = await import('../src/cli.js');
    const named = new Set([...HELP.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map((m) => m[1]));
    expect([...named].sort()).toEqual(Object.keys(OPTIONS).sort());
  });

  it('exits 64 with the help on stderr for an unknown command', () => {
    const r = wirefeed('publish');
    expect(r.code).toBe(64);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('wirefeed: unknown command "publish"');
  });
});
