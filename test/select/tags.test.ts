// Per-tag feeds with hostile tag names: every slug is a safe folder name, and nothing is ever
// written outside out/ whatever the items or the config say.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { resolveInside } from '../../src/publish/write.js';
import { catalog } from '../../src/catalog.js';
import { selectTags, taggedItems } from '../../src/select/index.js';
import { repoConfig } from '../helpers/site.js';
import { slugify } from '../../src/slug.js';
import { makeItem } from '../helpers/item.js';
import { testAccess, testSecrets, writeTestSecrets } from '../helpers/partners.js';
import { parseXml } from '../helpers/xml.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const HOSTILE = ['../../etc', '/abs', 'a/b', '..', '  spaced  out  ', 'Україна', '北京', '🙂 emoji', 'CON', 'back\\slash', '%2e%2e%2fetc', 'Göteborg'];

describe('slugify', () => {
  it.each([
    ['../../etc', 'etc'],
    ['/abs', 'abs'],
    ['a/b', 'a-b'],
    ['..', 'tag'],
    ['.', 'tag'],
    ['  spaced  out  ', 'spaced-out'],
    ['Göteborg', 'goteborg'],
    ['Tromsø', 'tromso'],
    ['Straße', 'strasse'],
    ['Klimat & Miljö', 'klimat-miljo'],
    ['CON', 'con-tag'],
    ['back\\slash', 'back-slash'],
    ['%2e%2e%2fetc', '2e-2e-2fetc'],
  ])('%j → %s', (tag, slug) => {
    expect(slugify(tag)).toBe(slug);
  });

  it('keeps tags with no ASCII spelling apart, and one tag in any case together', () => {
    expect(slugify('Україна')).toMatch(/^t-[0-9a-f]{8}$/);
    expect(slugify('Україна')).toBe(slugify('УКРАЇНА'));
    expect(slugify('Україна')).not.toBe(slugify('北京'));
    expect(slugify('🙂 emoji')).toMatch(/^emoji-[0-9a-f]{8}$/);
  });

  it('property: any text gives a slug of ASCII letters, digits and single dashes, at most 89 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (tag) => {
        const s = slugify(tag);
        expect(s).toMatch(SLUG);
        expect(s.length).toBeLessThanOrEqual(89);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the last guard: resolveInside', () => {
  it.each(['../x', '/etc/passwd', 'a/../../x', 'tags/../../x', '\0x', '..'])('refuses %j', (rel) => {
    expect(() => resolveInside('/tmp/out', rel)).toThrow(/outside the output folder/);
  });
  it('allows a path inside', () => {
    expect(resolveInside('/tmp/out', 'tags/etc/rss.xml')).toBe('/tmp/out/tags/etc/rss.xml');
  });
});

describe('config', () => {
  const base = 'site: {title: T, home: "https://d.example/", feeds_base: "https://d.example/f/", language: en}\n';

  it('refuses two tag feeds that would share a folder, naming both', () => {
    const r = parseConfig(`${base}tags: [Göteborg, "goteborg"]\n`, 'c.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      expect.objectContaining({ field: 'tags.1', line: 2, message: '"goteborg" makes the same folder (tags/goteborg) as tags.0 "Göteborg": list each tag feed once' }),
    ]);
  });

  it.each(['../x', 'a/b', 'Nordpress', '', 'x y'])('refuses the partner name %j: it names a folder', (name) => {
    const r = parseConfig(`${base}partners: [{name: ${JSON.stringify(name)}}]\n`, 'c.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({ field: 'partners.0.name', line: 2 });
    expect(r.problems[0]!.message).toMatch(/^expected a slug \(lowercase letters, digits and dashes\)/);
  });
});

describe('a build with hostile tag names', () => {
  let sandbox: string;
  let secretsDir: string;
  let run: { status: number | null; stderr: string; stdout: string };

  beforeAll(async () => {
    // out/ sits inside a sandbox folder: anything written beside it or above it would show.
    sandbox = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-tags-'));
    await mkdir(path.join(sandbox, 'items'));
    const config = [
      'site: {title: T, home: "https://d.example/", feeds_base: "https://d.example/f/", language: en, tag_url: "https://d.example/tags/{slug}"}',
      `tags: ${JSON.stringify(HOSTILE)}`,
      'partners: [{name: p, tags: ["../../etc", "/abs"], policy: {allow_uncredited_photos: true}}]',
    ].join('\n');
    await writeFile(path.join(sandbox, 'wirefeed.config.yaml'), config);
    const tags = [...HOSTILE, '../../../../tmp/pwned', '/etc/cron.d/x'];
    await writeFile(
      path.join(sandbox, 'items', 'hostile-tags.json'),
      JSON.stringify({ title: 'Tags', url: 'https://d.example/a', published: '2026-11-01T10:00:00Z', authors: [{ name: 'A' }], tags }),
    );
    // The partner's secret lives outside the sandbox, as in production.
    secretsDir = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-tags-secrets-'));
    await writeTestSecrets(path.join(secretsDir, 'secrets.json'), testSecrets(['p']));
    const r = spawnSync(
      process.execPath,
      [CLI, 'build', '--config', 'wirefeed.config.yaml', '--items', 'items', '--out', 'out', '--now', '2026-11-26T12:00:00Z', '--secrets', path.join(secretsDir, 'secrets.json')],
      { cwd: sandbox, encoding: 'utf8' },
    );
    run = { status: r.status, stderr: r.stderr, stdout: r.stdout };
  });
  afterAll(async () => {
    await rm(sandbox, { recursive: true, force: true });
    await rm(secretsDir, { recursive: true, force: true });
  });

  it('succeeds', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('writes nothing outside out/, and in out/ exactly the expected folders', async () => {
    const all = (await readdir(sandbox, { recursive: true })).map((p) => p.split(path.sep).join('/')).sort();
    // What the test wrote, out/, and the loader's own cache (fixed names and archive periods, none taken from an item).
    const ours = (p: string) => p === 'out' || p.startsWith('out/') || p.startsWith('items') || p === 'wirefeed.config.yaml';
    const outside = all.filter((p) => !ours(p) && !/^\.wirefeed-cache(\/[A-Za-z0-9_-]+(\/[a-z]+(-(\d+|\d{4}-\d{2}|current))?\.json)?)?$/.test(p));
    expect(outside).toEqual([]);
    const tagDirs = (await readdir(path.join(sandbox, 'out/tags'))).sort();
    expect(tagDirs).toEqual(HOSTILE.map(slugify).sort());
    for (const d of tagDirs) expect(d).toMatch(SLUG);
    // The partner's folder is its token, and the newsroom's page has its own.
    const access = testAccess(['p']);
    expect((await readdir(path.join(sandbox, 'out/partners'))).sort()).toEqual([access.tokens.get('p'), access.newsroom].sort());
  });

  it('each tag feed holds the item, and its categories keep the original text', async () => {
    for (const tag of HOSTILE) {
      const rss = parseXml(await readFile(path.join(sandbox, 'out/tags', slugify(tag), 'rss.xml'), 'utf8')) as Record<string, any>;
      const items = rss.rss.channel.item as Record<string, any>[];
      expect(items).toHaveLength(1);
      const cats = (items[0]!.category as Record<string, string>[]).map((c) => c['#text']);
      // Item tags are trimmed when loaded; the text is otherwise kept as written.
      expect(cats).toContain(tag.trim());
      const domains = (items[0]!.category as Record<string, string>[]).map((c) => c['@domain']);
      for (const d of domains) expect(new URL(d!).pathname).toMatch(/^\/tags\/[a-z0-9-]+$/);
    }
  });
});

describe('each tag feed\'s share of the items (taggedItems)', () => {
  // Spellings of few slugs: case, diacritics, spacing, and tags no feed is configured for.
  const TAGS = ['Economy', 'economy', ' ECONOMY ', 'Göteborg', 'goteborg', 'Gö teborg', 'Sport', 'Climate', 'Україна'];

  it('is, for every configured tag, the items with a tag of its slug, in the list\'s order, each once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...TAGS), { maxLength: 4 }), { maxLength: 40 }),
        fc.uniqueArray(fc.constantFrom(...TAGS), { minLength: 1, maxLength: 4, selector: slugify }),
        (tagLists, configured) => {
          const items = tagLists.map((tags, n) => makeItem({ file: `items/${n}.md`, id: `urn:x:${n}`, tags }));
          const shares = taggedItems(items, configured);
          expect([...shares.keys()].sort()).toEqual(configured.map(slugify).sort());
          for (const tag of configured) {
            const slug = slugify(tag);
            expect(shares.get(slug)).toEqual(items.filter((i) => i.tags.some((t) => slugify(t) === slug)));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a tag feed without a title of its own', () => {
  it('is named after the site and the tag, and says what it holds', () => {
    const config = repoConfig();
    const item = makeItem({ file: 'items/a.md', tags: ['Göteborg'] });
    const [feed] = selectTags(catalog([item], Date.parse('2026-12-01T00:00:00Z')), { ...config, tags: [{ tag: 'Göteborg' }] });
    expect(feed).toMatchObject({ dir: 'tags/goteborg', title: `${config.site.title}: Göteborg`, description: `Stories tagged Göteborg from ${config.site.title}.` });
    expect(feed!.items).toEqual([item]);
  });
});
