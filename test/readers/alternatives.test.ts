// The mappings the reader matrix measured and did not take, kept measured: each item of
// test/fixtures/readers/alternatives.{rss,atom}.xml is one of them, read by feedparser and
// gofeed, and the test pins the harm that ruled it out (docs/readers.md, "Choices").
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rssProblems } from '../helpers/rss.js';
import { REPO } from '../helpers/site.js';
import { needs } from '../helpers/tools.js';
import { buildGofeedDump, feedparserMissing, gofeedMissing, runFeedparser, runGofeed, type Loose } from './clients.js';

const DIR = path.join(REPO, 'test/fixtures/readers');
const RSS = 'alternatives.rss.xml';
const ATOM = 'alternatives.atom.xml';
const canRun = needs('feedparser', feedparserMissing()) && needs('gofeed', gofeedMissing());

describe.skipIf(!canRun)('mappings not taken, as the clients read them', () => {
  if (!canRun) return;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirefeed-alternatives-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const fp = runFeedparser([RSS, ATOM], DIR);
  const gf = runGofeed(buildGofeedDump(tmp), [RSS, ATOM], DIR);
  const fpItem = (file: string, slug: string) => fp[file]!.entries.find((e: Loose) => e.link === `https://news.example.org/${slug}`)!;
  const gfItem = (file: string, slug: string) => gf[file]!.items.find((e: Loose) => e.link === `https://news.example.org/${slug}`)!;

  it('one dc:creator per author: gofeed keeps the first, feedparser\'s author the last', () => {
    expect(gfItem(RSS, 'creators').authors.map((a: Loose) => a.name)).toEqual(['Åsa Öberg']);
    expect(fpItem(RSS, 'creators').author).toBe('TT News Agency');
  });

  it('Atom authors: the clients\' single author is one name of the byline', () => {
    expect(gfItem(ATOM, 'media-description').author.name).toBe('Åsa Öberg');
    expect(fpItem(ATOM, 'media-description').author).toBe('TT News Agency');
  });

  it('the caption as media:description: the summary of an Atom entry without one, and RSS HTML relabelled as plain text', () => {
    expect(fpItem(ATOM, 'media-description').summary).toBe('Idle cranes in Göteborg.');
    const rss = fpItem(RSS, 'media-description');
    expect(rss.summary_detail.type).toBe('text/plain');
    expect(rss.summary_detail.value).toBe('Idle cranes in Göteborg.');
  });

  it('dc:contributor and atom:contributor: feedparser lists the one contributor twice', () => {
    expect(fpItem(RSS, 'contributors').contributors.map((c: Loose) => c.name)).toEqual(['Sweden Herald', 'Sweden Herald']);
  });

  it('creativeCommons:license and atom:link rel="license": feedparser has two license links', () => {
    expect(fpItem(RSS, 'license').links.filter((l: Loose) => l.rel === 'license')).toHaveLength(2);
  });

  it('media:text with a type attribute: feedparser drops its text', () => {
    expect(JSON.stringify(fpItem(RSS, 'media-text'))).not.toContain('Four container cranes');
  });

  it("dc:date for a correction: gofeed's typed DublinCoreExt.Date (its RSS item has no Updated at all), but the validator flags it next to pubDate", () => {
    const g = gfItem(RSS, 'updated');
    expect(g.updatedParsed).toBeUndefined();
    expect(g.dcExt.date).toEqual(['2026-11-25T09:00:00Z']);
    expect(rssProblems(readFileSync(path.join(DIR, RSS), 'utf8')).join('\n')).toContain('pubDate and dc:date together');
  });
});
