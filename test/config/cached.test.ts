// The validated config a run with a cache keeps (src/config/cached.ts): used while the
// config's text is the one validated, never for another text, never kept when broken, and
// building exactly what the config parsed afresh builds.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { codeStamp } from '../../src/cache/run.js';
import { CACHE_VERSION, digest, writeCacheFile } from '../../src/cache/store.js';
import { configStore } from '../../src/config/cached.js';
import { parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { feeds, itemFiles, makeSite, NEWSROOM, NOW_MS, ROOT, type Site } from '../cache/helpers.js';
import { testAccess } from '../helpers/partners.js';

const sites: Site[] = [];
afterAll(() => {
  for (const s of sites) rmSync(s.root, { recursive: true, force: true });
});

const ACCESS = testAccess(['nordpress', 'baltic-daily', 'wirewatch']);

function site(size = 12, extra = NEWSROOM): Site {
  const s = makeSite(size, extra);
  sites.push(s);
  // Agency stories, which the partners' policies name.
  writeFileSync(s.config, readFileSync(s.config, 'utf8').replace(/^site:\n/, 'site:\n  agencies: [TT News Agency, NTB, Reuters, AP]\n'));
  return s;
}

const buildWith = (s: Site, cacheDir: string | undefined, out = s.out) =>
  build({ configFile: s.config, itemsDir: s.items, outDir: out, now: NOW_MS, ping: false, access: ACCESS, cacheDir });

const feedTitle = (s: Site) => (JSON.parse(readFileSync(path.join(s.out, 'feed.json'), 'utf8')) as { title: string }).title;

/** The config as the cache would keep it for this text: what a run reads back instead of parsing. */
function keep(s: Site, config: Config): void {
  const text = readFileSync(s.config, 'utf8');
  writeCacheFile(configStore(s.cache, { itemsDir: s.items, outDir: s.out }), 'config', digest(String(CACHE_VERSION), codeStamp(), text), config);
}

describe('the config a run keeps in its cache', () => {
  it('is used while the text is the one validated, and not for any other text', async () => {
    const s = site();
    expect((await buildWith(s, s.cache)).exitCode).toBeLessThanOrEqual(1);
    const parsed = parseConfig(readFileSync(s.config, 'utf8'), s.config);
    if (!parsed.ok) throw new Error('the test config must parse');
    // The kept config names another title: a run that reads it back writes that title.
    keep(s, { ...parsed.config, site: { ...parsed.config.site, title: 'Kept Desk' } });
    writeFileSync(path.join(s.items, 'zz-touch.md'), readFileSync(itemFiles(s).find((f) => f.endsWith('.md'))!, 'utf8').replace(/^url: .*$/m, 'url: "https://news.example.org/touch-1"'));
    expect((await buildWith(s, s.cache)).exitCode).toBeLessThanOrEqual(1);
    expect(feedTitle(s)).toBe('Kept Desk');
    // Another text (a comment is enough) is parsed afresh: the title is the file's again.
    writeFileSync(s.config, `${readFileSync(s.config, 'utf8')}# edited\n`);
    expect((await buildWith(s, s.cache)).exitCode).toBeLessThanOrEqual(1);
    expect(feedTitle(s)).toBe('Cache Test Desk');
  });

  it('is never kept when the config is broken, and a kept one is not used for a broken text', async () => {
    const s = site();
    expect((await buildWith(s, s.cache)).exitCode).toBeLessThanOrEqual(1);
    const store = configStore(s.cache, { itemsDir: s.items, outDir: s.out });
    const before = statSync(store).mtimeMs;
    writeFileSync(s.config, readFileSync(s.config, 'utf8').replace('limit: 10', 'limit: ten'));
    const r = await buildWith(s, s.cache);
    expect(r.exitCode).toBe(78);
    expect(r.problems.map((p) => p.field)).toContain('feed.limit');
    expect(statSync(store).mtimeMs).toBe(before);
  });

  it('builds, byte for byte, what the config parsed afresh builds (the sample config and the newsroom test config)', async () => {
    for (const config of [readFileSync(path.join(ROOT, 'wirefeed.config.yaml'), 'utf8'), undefined]) {
      const s = site(40);
      if (config) writeFileSync(s.config, config);
      const plain = path.join(s.root, 'plain');
      await buildWith(s, undefined, plain);
      // The first run parses and keeps it; the second (one item more, so it is not "nothing changed") reads it back.
      await buildWith(s, s.cache);
      const copy = readFileSync(itemFiles(s).find((f) => f.endsWith('.md'))!, 'utf8').replace(/^url: .*$/m, 'url: "https://news.example.org/extra-1"');
      writeFileSync(path.join(s.items, 'zz-extra.md'), copy);
      const warm = await buildWith(s, s.cache);
      expect(warm.exitCode).toBeLessThanOrEqual(1);
      await buildWith(s, undefined, plain);
      expect(Object.keys(feeds(s.out)).length).toBeGreaterThan(10);
      expect(feeds(s.out)).toEqual(feeds(plain));
    }
  });
});

/** Every value JSON keeps as it is: the kept config is the parsed one read back from JSON. */
function plainJson(v: unknown, at = 'config'): string[] {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return [];
  if (typeof v === 'number') return Number.isFinite(v) ? [] : [at];
  if (Array.isArray(v)) return v.flatMap((x, i) => plainJson(x, `${at}.${i}`));
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => (x === undefined ? [] : plainJson(x, `${at}.${k}`)));
  return [at];
}

describe('a validated config', () => {
  const texts: [string, string][] = [[path.join(ROOT, 'wirefeed.config.yaml'), readFileSync(path.join(ROOT, 'wirefeed.config.yaml'), 'utf8')]];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (/\.ya?ml$/.test(e.name)) texts.push([abs, readFileSync(abs, 'utf8')]);
    }
  };
  walk(path.join(ROOT, 'test/fixtures'));

  it('is plain JSON data, so that the cache gives it back as it was (every config among the fixtures)', () => {
    let valid = 0;
    for (const [file, text] of texts) {
      const r = parseConfig(text, file);
      if (!r.ok) continue;
      valid++;
      expect({ file, odd: plainJson(r.config) }).toEqual({ file, odd: [] });
      expect(JSON.parse(JSON.stringify(r.config))).toEqual(r.config);
    }
    expect(valid).toBeGreaterThan(5);
  });
});
