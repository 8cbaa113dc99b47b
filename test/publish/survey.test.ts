// The survey of out/ stands in for a stat of each output file and for the walk that finds stale
// archive pages: it must say exactly what they say. Taken here (the fallback) and on its own
// thread (the compiled module, as a build runs it).
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type * as Survey from '../../src/publish/survey.js';
import { startSurvey as startHere, surveyHere } from '../../src/publish/survey.js';
import { removeStaleArchives } from '../../src/publish/write.js';

const ROOT = path.resolve(__dirname, '../..');
const compiled = (await import(path.join(ROOT, 'dist/publish/survey.js'))) as typeof Survey;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirefeed-survey-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** An out/ as a build with archives and a partner leaves it, plus what a person or a stopped run adds. */
function outDir(name: string): string {
  const out = path.join(tmp, name);
  const files: Record<string, string> = {
    'rss.xml': '<rss/>',
    'feed.json': '{}',
    'archive/2026-10/rss.xml': '<rss>october</rss>',
    'archive/2026-10/feed.json': '{"items":[]}',
    'archive/2026-11/atom.xml': '<feed/>',
    'tags/economy/archive/2026-09/feed.json': '{}',
    'partners/tok/ninjs/oslo-visit-0123456789ab.json': '{"uri":"x"}',
    'partners/tok/ninjs/archive/2026-10.json': '[]',
    '.rss.xml.0123456789ab.tmp': 'half',
    '.old/archive/2026-10/feed.json': 'a hidden copy, not ours to judge',
    'archive/.hidden/feed.json': 'not ours',
    'notes.txt': 'left by an editor',
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
    writeFileSync(path.join(out, rel), text);
  }
  mkdirSync(path.join(tmp, `${name}-elsewhere`), { recursive: true });
  writeFileSync(path.join(tmp, `${name}-elsewhere`, 'feed.json'), 'outside');
  symlinkSync(path.join(tmp, `${name}-elsewhere`), path.join(out, 'archive', '2026-08'));
  symlinkSync(path.join(out, 'rss.xml'), path.join(out, 'atom.xml'));
  // A period folder that was empty before the run: nothing of it is removed by the run, so it stays.
  mkdirSync(path.join(out, 'archive', '2026-07'));
  return out;
}

/** Every regular file below `dir` as a walk with a stat per file finds it, hidden entries and links left out. */
function statted(dir: string, rel = ''): Map<string, { size: number; mtimeMs: number }> {
  const found = new Map<string, { size: number; mtimeMs: number }>();
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) for (const [k, v] of statted(dir, r)) found.set(k, v);
    else if (e.isFile()) {
      const st = statSync(path.join(dir, r));
      found.set(r, { size: st.size, mtimeMs: st.mtimeMs });
    }
  }
  return found;
}

/** The survey's files as a map, path → stamp. */
const filesOf = (s: Survey.OutSurvey) => new Map(s.names.map((n, i) => [n, { size: s.sizes[i]!, mtimeMs: s.mtimes[i]! }]));

describe('the survey of out/', () => {
  const out = outDir('out');

  it('gives each regular file the size and mtime a stat gives, and passes over hidden entries', async () => {
    for (const survey of [await startHere(out)(), await compiled.startSurvey(out)()]) {
      expect(new Map([...filesOf(survey)].sort())).toEqual(new Map([...statted(out)].sort()));
      expect(filesOf(survey).has('.rss.xml.0123456789ab.tmp')).toBe(false);
      expect(survey.names.some((k) => k.includes('.hidden'))).toBe(false);
    }
  });

  it('does not follow links: a link, and what is behind it, is left for a stat to answer', async () => {
    const survey = await compiled.startSurvey(out)();
    expect(filesOf(survey).has('atom.xml')).toBe(false);
    expect(filesOf(survey).has('archive/2026-08/feed.json')).toBe(false);
    expect(survey.dirs).not.toContain('archive/2026-08');
  });

  it('names each folder once, after the folders inside it, and not out/ itself', () => {
    const { dirs } = surveyHere(out);
    expect([...dirs].sort()).toEqual(
      ['archive', 'archive/2026-07', 'archive/2026-10', 'archive/2026-11', 'partners', 'partners/tok', 'partners/tok/ninjs', 'partners/tok/ninjs/archive', 'tags', 'tags/economy', 'tags/economy/archive', 'tags/economy/archive/2026-09'].sort(),
    );
    for (const d of dirs) for (const inner of dirs.filter((x) => x.startsWith(`${d}/`))) expect(dirs.indexOf(inner)).toBeLessThan(dirs.indexOf(d));
  });

  it('is of a folder that does not exist yet: nothing', async () => {
    const survey = await compiled.startSurvey(path.join(tmp, 'no-such-out'))();
    expect(survey.names.length + survey.dirs.length).toBe(0);
  });
});

describe('removing stale archive documents with the survey', () => {
  // Kept: this run rendered October's feed.json and the partner's story; all else archived is stale.
  const keep = new Set(['rss.xml', 'feed.json', 'archive/2026-10/feed.json', 'partners/tok/ninjs/oslo-visit-0123456789ab.json']);

  it('removes what the walk removes, and the folders it empties', async () => {
    const walked = outDir('walked');
    const surveyed = outDir('surveyed');
    const byWalk = await removeStaleArchives(walked, keep);
    const bySurvey = await removeStaleArchives(surveyed, keep, await compiled.startSurvey(surveyed)());
    expect(bySurvey).toEqual(byWalk);
    expect(bySurvey).toEqual(['archive/2026-10/rss.xml', 'archive/2026-11/atom.xml', 'partners/tok/ninjs/archive/2026-10.json', 'tags/economy/archive/2026-09/feed.json']);
    expect([...statted(surveyed).keys()].sort()).toEqual([...statted(walked).keys()].sort());
    for (const out of [walked, surveyed]) {
      expect(existsSync(path.join(out, 'archive/2026-11'))).toBe(false);
      expect(existsSync(path.join(out, 'archive/2026-10/feed.json'))).toBe(true);
      // Not ours, or not of a period: left.
      expect(existsSync(path.join(out, 'notes.txt'))).toBe(true);
      expect(existsSync(path.join(out, 'archive/.hidden/feed.json'))).toBe(true);
      expect(existsSync(path.join(out, '.old/archive/2026-10/feed.json'))).toBe(true);
      expect(existsSync(path.join(out, 'archive/2026-07'))).toBe(true);
      // Emptied of its one page, and so gone; the partner's index folder is not a period's.
      expect(existsSync(path.join(out, 'tags/economy/archive/2026-09'))).toBe(false);
      expect(existsSync(path.join(out, 'partners/tok/ninjs/archive'))).toBe(true);
      expect(existsSync(path.join(tmp, `${path.basename(out)}-elsewhere`, 'feed.json'))).toBe(true);
    }
  });
});
