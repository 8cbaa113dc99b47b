// The item schema (and zod with it) is loaded only when an item needs more than the fast check:
// a cron run whose one new story is plain parses it without them. Run on the compiled module in
// a process of its own, where nothing else has loaded zod.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Parses `text` as items/story.md in a fresh process: the result, and whether zod was loaded. */
function parseFresh(text: string): { ok: boolean; messages: string[]; zodLoaded: boolean } {
  const script = `
    import { createRequire } from 'node:module';
    const { parseItem } = await import(${JSON.stringify(path.join(ROOT, 'dist/items/parse.js'))});
    const r = parseItem(${JSON.stringify(text)}, 'items/story.md');
    const loaded = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/node_modules/zod/'));
    process.stdout.write(JSON.stringify({ ok: r.ok, messages: r.ok ? [] : r.problems.map((p) => p.message), zodLoaded: loaded }));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as { ok: boolean; messages: string[]; zodLoaded: boolean };
}

const plain = '---\ntitle: Dockworkers vote to extend strike\nurl: https://news.example.org/2026/11/25/strike\npublished: 2026-11-25T06:30:00Z\nauthors:\n  - name: TT News Agency\ntags: [Sweden]\n---\nThe port stays closed.\n';

describe('loading the item schema', () => {
  it('is not needed for a plain item: zod stays unloaded', () => {
    expect(parseFresh(plain)).toEqual({ ok: true, messages: [], zodLoaded: false });
  });

  it('happens for an item the fast check leaves to it, which gets the schema\'s message', () => {
    const bad = plain.replace('url: https://news.example.org/2026/11/25/strike', 'url: not a url');
    const r = parseFresh(bad);
    expect(r.zodLoaded).toBe(true);
    expect(r.ok).toBe(false);
    expect(r.messages).toEqual(['expected an absolute http(s) URL, got "not a url"']);
  });
});
