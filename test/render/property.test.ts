// For arbitrary text in every text field, the feeds stay well-formed and valid, and every reader
// gets the same text back, less the characters XML 1.0 forbids (removed at load, as the loader
// does: the items here go through parseItem like a JSON item file).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/items/clean.js';
import { parseItem } from '../../src/items/parse.js';
import { escapeHtml, present, unescapeHtml } from '../helpers/expect.js';
import { atomSchemaErrors, jingMissing } from '../helpers/jing.js';
import { jsonFeedErrors } from '../helpers/jsonfeed.js';
import { renderMain, repoConfig } from '../helpers/site.js';
import { parseXml, textOf, wellFormedProblems, type Node } from '../helpers/xml.js';

const config = repoConfig();

// The characters that break feeds: markup, quotes, CDATA ends, every kind of control, the
// non-characters, lone surrogates, bidi overrides, astral emoji; mixed with any code unit at all.
const nasty = fc.constantFrom(
  '<', '>', '&', '"', "'", ']]>', '<![CDATA[', '&amp;', '&#0;', '&#x1F600;', '\u0000', '\u0001', '\u0008', '\u000B', '\u000C',
  '\u001F', '\u007F', '\u0085', '\uFFFE', '\uFFFF', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\r', '\n', '\r\n', '\t', ' ',
  '\u00A0', '\u2028', '\u202E', '\uFEFF', '😀', '👩‍👩‍👧', 'Ö', 'ش', 'א', 'a', 'Z', '1', '.',
);
const text = fc.oneof(fc.string({ unit: nasty, maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }));
/** Text that stays non-empty after cleaning and trimming, as required fields must. */
const required = text.map((s) => `x${s}y`);

const list = (v: unknown): Node[] => (v === undefined ? [] : Array.isArray(v) ? (v as Node[]) : [v as Node]);
/** What the loader and the feed keep of a text: forbidden characters removed, trimmed. */
const kept = (s: string) => cleanText(s).trim();

const itemFields = fc.record({
  title: required,
  summary: text,
  authors: fc.array(fc.record({ name: required }), { minLength: 1, maxLength: 3 }),
  contributors: fc.array(fc.record({ name: required, role: required }), { maxLength: 2 }),
  tags: fc.uniqueArray(required, { maxLength: 3, selector: kept }),
  rights: text,
  credit: fc.option(required, { nil: undefined }),
  image: fc.record({ caption: text, credit: text, rights: text, alt: text }),
  content_html: text,
});

const atomDocs: Record<string, string> = {};

describe('arbitrary text in every field', () => {
  it('gives well-formed, valid feeds that read back the same text', () => {
    let run = 0;
    fc.assert(
      fc.property(itemFields, (f) => {
        const json = {
          ...f,
          url: 'https://news.example.org/2026/11/01/p',
          published: '2026-11-01T10:00:00Z',
          image: { url: 'https://news.example.org/media/p.jpg', ...f.image },
        };
        const parsed = parseItem(JSON.stringify(json), 'prop.json', {});
        if (!parsed.ok) throw new Error(`the loader refused a generated item: ${JSON.stringify(parsed.problems)}`);
        const out = renderMain([parsed.item], config);
        if (run++ < 60) atomDocs[`run ${run}`] = out.atom;

        expect(wellFormedProblems(out.rss)).toEqual([]);
        expect(wellFormedProblems(out.atom)).toEqual([]);
        expect(jsonFeedErrors(out.json)).toEqual([]);

        const item = ((parseXml(out.rss).rss as Node).channel as Node).item as Node[];
        const r = item[0]!;
        const e = ((parseXml(out.atom).feed as Node).entry as Node[])[0]!;
        const j = (JSON.parse(out.json) as { items: Record<string, any>[] }).items[0]!;

        const title = kept(f.title);
        expect([textOf(r.title), textOf(e.title), j.title]).toEqual([title, title, title]);

        const summary = present(cleanText(f.summary));
        expect(textOf(e.summary)).toBe(summary);
        expect(j.summary).toBe(summary);
        if (summary) expect(unescapeHtml(textOf(r.description)!)).toBe(summary);

        const authors = f.authors.map((a) => kept(a.name));
        // RSS: one dc:creator with the whole byline ("A, B and C").
        expect(list(r['dc:creator']).map(textOf)).toEqual([authors.length <= 1 ? authors.join('') : `${authors.slice(0, -1).join(', ')} and ${authors.at(-1)}`]);
        expect(list(e.author).map((a) => textOf(a.name))).toEqual(authors);
        expect(j.authors.map((a: { name: string }) => a.name)).toEqual(authors);

        const contributors = f.contributors.map((c) => ({ name: kept(c.name), role: kept(c.role) }));
        expect(list(r['dc:contributor']).map(textOf)).toEqual(contributors.map((c) => c.name));
        expect(list(e.contributor).map((c) => textOf(c.name))).toEqual(contributors.map((c) => c.name));
        expect(j._attribution.contributors ?? []).toEqual(contributors);

        const tags = [...new Set(f.tags.map(kept))];
        expect(list(r.category).map(textOf)).toEqual(tags);
        expect(list(e.category).map((c) => c['@term'])).toEqual(tags);
        expect(j.tags ?? []).toEqual(tags);

        const rights = present(cleanText(f.rights));
        expect([textOf(r['dc:rights']), textOf(e.rights), j._attribution.rights]).toEqual([rights, rights, rights]);

        const caption = present(cleanText(f.image.caption));
        const photoCredit = present(cleanText(f.image.credit));
        const photoRights = present(cleanText(f.image.rights));
        const alt = present(cleanText(f.image.alt));
        for (const m of [list(r['media:content'])[0]!, list(e['media:content'])[0]!]) {
          expect(textOf(m['media:title'])).toBe(caption);
          expect(textOf(m['media:credit'])).toBe(photoCredit);
          expect(textOf(m['media:copyright'])).toBe(photoRights);
          expect(textOf(m['media:text'])).toBe(alt);
        }
        expect(list(e.link).find((l) => l['@rel'] === 'enclosure')!['@title']).toBe(caption);
        expect(j._attribution.image).toEqual({ url: json.image.url, caption, credit: photoCredit, rights: photoRights, alt });

        // The credit line: the item's own, verbatim, or built from the names; as text in the HTML.
        const credit = j._attribution.credit as string;
        if (f.credit !== undefined) expect(credit).toBe(kept(f.credit));
        else for (const name of [...authors, ...contributors.map((c) => c.name)]) expect(credit).toContain(name);
        // The body is HTML: whatever it became, all three formats carry the same, credit last.
        const content = j.content_html as string;
        expect(content.endsWith(`<p class="credit">${escapeHtml(credit)}</p>`)).toBe(true);
        expect(textOf(r['content:encoded'])).toBe(content);
        expect(textOf(e.content)).toBe(content);
      }),
      { numRuns: 300 },
    );
  });

  it.skipIf(jingMissing)('gives Atom that RFC 4287 accepts, read by a conforming XML parser (jing)', async () => {
    expect(Object.keys(atomDocs).length).toBeGreaterThan(0);
    expect(await atomSchemaErrors(atomDocs)).toEqual([]);
  });
});

describe('cleaning at load', () => {
  it('removes exactly the characters XML 1.0 forbids', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 50 }), (s) => {
        const out = cleanText(s);
        // Nothing forbidden remains, and every allowed character is kept in order.
        expect(out).toMatch(/^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u);
        const allowed = [...s].filter((c) => /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]$/u.test(c)).join('');
        expect(out).toBe(allowed);
      }),
      { numRuns: 500 },
    );
  });
});
