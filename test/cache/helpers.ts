// A small site in a temp folder for the parse-cache tests: items made by the benchmark's
// seeded generator (realistic, deterministic), a config with one tag feed, and helpers to
// read back what a run left on disk.
import { dirOf, testAccess } from '../helpers/partners.js';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateItem } from '../../bench/generate.js';
import { build, type BuildResult } from '../../src/build.js';
import { parseRfc3339 } from '../../src/fields.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const NOW = '2026-11-26T12:00:00Z';
export const NOW_MS = parseRfc3339(NOW)!;

export interface Site {
  root: string;
  items: string;
  out: string;
  cache: string;
  config: string;
}

// The sample config's partners, tags and archives (wirefeed.config.yaml), with small limits
// so that 30 items fill many archive pages.
export const NEWSROOM = `archive:
  enabled: true
tags:
  - tag: Climate
  - Ukraine
  - economy
partners:
  - name: nordpress
    full_text: true
    formats: [rss, atom, json, ninjs]
    policy:
      agencies: [TT News Agency, NTB]
      deny_photo_credits: [AP, Reuters]
    limit: 3
  - name: baltic-daily
    tags: [Economy, Climate]
    formats: [rss, json]
    full_text: false
    limit: 3
    policy:
      deny_agencies: [AP]
      deny_photo_credits: [AP]
  - name: wirewatch
    full_text: true
    policy:
      deny_agencies: [TT News Agency]
      allow_uncredited_photos: true
    limit: 3
`;

export function makeSite(size: number, extraConfig = ''): Site {
  const root = mkdtempSync(path.join(tmpdir(), 'wirefeed-cache-'));
  const site: Site = {
    root,
    items: path.join(root, 'items'),
    out: path.join(root, 'out'),
    cache: path.join(root, 'cache'),
    config: path.join(root, 'wirefeed.config.yaml'),
  };
  for (let n = 0; n < size; n++) {
    const item = generateItem(n, size);
    const file = path.join(site.items, item.name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, item.text);
  }
  writeFileSync(
    site.config,
    `site:
  title: Cache Test Desk
  home: https://news.example.org/
  feeds_base: https://news.example.org/feeds/
  language: en
  default_author:
    name: Cache Test Desk
feed:
  limit: 10
  formats: [rss, atom, json]
${extraConfig}`,
  );
  return site;
}

export function run(site: Site, opts: { out?: string; cache?: string | false; now?: number } = {}): Promise<BuildResult> {
  return build({
    configFile: site.config,
    itemsDir: site.items,
    outDir: opts.out ?? site.out,
    now: opts.now ?? NOW_MS,
    cacheDir: opts.cache === false ? undefined : (opts.cache ?? site.cache),
    ping: false,
    // The partners these tests configure have secrets: their documents are written.
    access: testAccess(['desk']),
  });
}

/** The private folder of the cache tests' partner. */
export const DESK = dirOf(testAccess(['desk']), 'desk');

/** Every file below `dir` (dotfiles too), relative path → bytes and mtime. */
export function snapshot(dir: string): Map<string, { text: string; mtimeMs: number }> {
  const out = new Map<string, { text: string; mtimeMs: number }>();
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else out.set(path.relative(dir, abs), { text: readFileSync(abs, 'utf8'), mtimeMs: statSync(abs).mtimeMs });
    }
  };
  walk(dir);
  return out;
}

/** The feed files' bytes only (what a reader fetches), for comparing two output folders. */
export function feeds(dir: string): Record<string, string> {
  return Object.fromEntries([...snapshot(dir)].filter(([p]) => !path.basename(p).startsWith('.')).map(([p, v]) => [p, v.text]));
}

/** Every item file below the site's items folder, sorted. */
export function itemFiles(site: Site): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else if (!e.name.startsWith('.')) out.push(abs);
    }
  };
  walk(site.items);
  return out.sort();
}

/** The cache's files for this site's job (one folder below the cache root). */
export function cacheFiles(site: Site): string[] {
  const jobs = readdirSync(site.cache);
  return jobs.flatMap((j) => readdirSync(path.join(site.cache, j)).map((f) => path.join(site.cache, j, f)));
}

/** A new story, newest of all: the main feed must then be rendered again, reading its shown items' bodies. */
export function addLateItem(site: Site): void {
  writeFileSync(
    path.join(site.items, 'zz-new.md'),
    ['---', 'title: Late news', 'url: https://news.example.org/late', 'published: 2026-11-26T11:59:00Z', 'authors: [{name: NTB}]', '---', 'Body.', ''].join('\n'),
  );
}

/** A run (with the cache) that calls `atRender` as its render stage starts: after the listing, before any body is read. */
export function runChangingAtRender(site: Site, atRender: () => void): Promise<BuildResult> {
  return build({
    configFile: site.config,
    itemsDir: site.items,
    outDir: site.out,
    now: NOW_MS,
    cacheDir: site.cache,
    ping: false,
    onStage: (stage) => {
      if (stage === 'render') atRender();
    },
  });
}
