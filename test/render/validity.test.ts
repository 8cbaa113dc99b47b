// Every document a build of the sample items writes is valid: Atom against RFC 4287's RELAX NG
// schema and its embedded Schematron rules (jing), JSON Feed against the JSON Feed 1.1 schema
// (ajv), RSS against the rules the W3C feed validator checks (RSS 2.0 has no schema).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import type { RenderedFeed } from '../../src/types.js';
import { atomSchemaErrors, jingMissing } from '../helpers/jing.js';
import { jsonFeedErrors } from '../helpers/jsonfeed.js';
import { rssProblems } from '../helpers/rss.js';
import { ITEMS_DIR, NOW, REPO } from '../helpers/site.js';
import { wellFormedProblems } from '../helpers/xml.js';

const result = await build({
  configFile: path.join(REPO, 'wirefeed.config.yaml'),
  itemsDir: ITEMS_DIR,
  outDir: path.join(REPO, 'out-never-written'),
  now: NOW,
  write: false,
});
const byExt = (ext: string) => result.rendered.filter((f: RenderedFeed) => f.path.endsWith(ext));

describe('a build of items/ with the repository config', () => {
  it('renders every sample item, with nothing skipped', () => {
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.counts.items).toBeGreaterThanOrEqual(10);
    for (const ext of ['rss.xml', 'atom.xml', 'feed.json']) expect(byExt(ext).length).toBeGreaterThan(0);
  });

  it('writes well-formed XML in every RSS and Atom document', () => {
    const problems = [...byExt('rss.xml'), ...byExt('atom.xml')].flatMap((f) => wellFormedProblems(f.body).map((p) => `${f.path}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('writes RSS that breaks none of the W3C feed validator rules checked here', () => {
    expect(byExt('rss.xml').flatMap((f) => rssProblems(f.body).map((p) => `${f.path}: ${p}`))).toEqual([]);
  });

  it('writes JSON Feed that the JSON Feed 1.1 schema accepts', () => {
    expect(byExt('feed.json').flatMap((f) => jsonFeedErrors(f.body).map((p) => `${f.path}: ${p}`))).toEqual([]);
  });

  it.skipIf(jingMissing)(`writes Atom that RFC 4287's RELAX NG schema and Schematron rules accept${jingMissing ? ` (skipped: ${jingMissing})` : ''}`, async () => {
    expect(await atomSchemaErrors(Object.fromEntries(byExt('atom.xml').map((f) => [f.path, f.body])))).toEqual([]);
  });
});

describe('the checkers themselves catch what they are for', () => {
  it('RSS rules: missing guid, bad date, enclosure without length, source with dc:source, empty element, author without email', () => {
    const bad = `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>t</title><link>https://x.org/</link><description>d</description><language>en</language><copyright>c</copyright><dc:rights>r</dc:rights><atom:link rel="self" href="https://x.org/rss.xml"/>
<item><title>a</title><pubDate>Tue, 03 Nov 26 10:00:00 GMT</pubDate><enclosure url="https://x.org/a.jpg" type="image/jpeg"/><source url="https://x.org/f">s</source><dc:source>https://x.org/</dc:source><dc:rights></dc:rights><author>Jane Doe</author></item></channel></rss>`;
    const problems = rssProblems(bad).join('\n');
    for (const rule of ['MissingGuid', 'RFC 822', 'enclosure length', 'dc:source together', 'empty element or attribute: dc:rights', 'author without an email', 'copyright and dc:rights'])
      expect(problems).toContain(rule);
  });

  it('RSS rules: pubDate with dc:date, a credit role the EBU list lacks, a thumbnail without a url, a bad media text type', () => {
    const bad = `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>t</title><link>https://x.org/</link><description>d</description><language>en</language><atom:link rel="self" href="https://x.org/rss.xml"/>
<item><title>a</title><guid>https://x.org/a</guid><pubDate>Tue, 03 Nov 2026 10:00:00 GMT</pubDate><dc:date>2026-11-03T10:00:00Z</dc:date><atom:updated>yesterday</atom:updated><media:group><media:content url="https://x.org/a.jpg"/><media:credit role="Photographer" scheme="urn:ebu">P/TT</media:credit><media:thumbnail width="4"/><media:title type="text">c</media:title></media:group></item></channel></rss>`;
    const problems = rssProblems(bad).join('\n');
    for (const rule of ['pubDate and dc:date', 'atom:updated is not an RFC 3339', 'InvalidCreditRole', 'media:thumbnail needs a url', 'InvalidMediaTextType'])
      expect(problems).toContain(rule);
  });

  it('well-formedness: a control character, U+FFFE and "]]>" in text are caught', () => {
    expect(wellFormedProblems('<a>\u0001</a>')).toHaveLength(1);
    expect(wellFormedProblems('<a>\uFFFE</a>')).toHaveLength(1);
    expect(wellFormedProblems('<a>x]]>y</a>')).toHaveLength(1);
    expect(wellFormedProblems('<a><![CDATA[x]]></a>')).toEqual([]);
  });

  it('JSON Feed schema: an item without an id is refused', () => {
    expect(jsonFeedErrors(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 't', items: [{ url: 'https://x.org/' }] }))).not.toEqual([]);
  });

  it.skipIf(jingMissing)('jing: an entry without an author, and an Atom id that is missing, are refused', async () => {
    const feed = `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><updated>2026-01-01T00:00:00Z</updated><entry><id>x:y</id><title>t</title><updated>2026-01-01T00:00:00Z</updated><link href="https://x.org/"/></entry></feed>`;
    const errors = await atomSchemaErrors({ 'bad.xml': feed });
    expect(errors.some((e) => /atom:id|"id"|element "id"|missing/i.test(e))).toBe(true);
    expect(errors.some((e) => e.includes('must have an atom:author'))).toBe(true);
  });
});
