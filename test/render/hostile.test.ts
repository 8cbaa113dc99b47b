// Hostile input gives valid feeds: markup and entities in titles and names, "]]>" and control
// characters in bodies, emoji, right-to-left text, a 1 MB body, and an item with only the
// required fields. Each is rendered alone, then all together, and every document is validated.
import { afterAll, describe, expect, it } from 'vitest';
import { parseItem } from '../../src/items/parse.js';
import type { Item } from '../../src/types.js';
import { atomSchemaErrors, jingMissing } from '../helpers/jing.js';
import { jsonFeedErrors } from '../helpers/jsonfeed.js';
import { rssProblems } from '../helpers/rss.js';
import { fixtureItem, renderMain, repoConfig, type Rendered } from '../helpers/site.js';
import { parseXml, textOf, type Node } from '../helpers/xml.js';

const config = repoConfig();

/** A Markdown item whose body is about `bytes` long: paragraphs of mixed scripts, markup and "]]>". */
function bigItem(bytes: number): Item {
  const paragraph = 'Göteborg ]]> <b>bold</b> & "quotes" — وزراء الخارجية 🇺🇦 שלום. ';
  const body = Array.from({ length: Math.ceil(bytes / Buffer.byteLength(paragraph) / 10) }, (_, i) => `${i}: ${paragraph.repeat(10)}`).join('\n\n');
  const text = `---\ntitle: A very long report\nurl: https://news.example.org/2026/11/02/long\npublished: 2026-11-02T10:00:00Z\nauthors: [{name: NTB}]\n---\n${body}\n`;
  const parsed = parseItem(text, 'big.md', {});
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.item;
}

const cases: [string, Item[]][] = [
  ['markup and entities in titles and names (hostile.md)', [fixtureItem('hostile.md', config)]],
  ['control characters, non-characters and lone surrogates (hostile.json)', [fixtureItem('hostile.json', config)]],
  ['right-to-left text and emoji (rtl.md)', [fixtureItem('rtl.md', config)]],
  ['only the required fields (minimal.md)', [fixtureItem('minimal.md', config)]],
  ['a 1 MB body', [bigItem(1024 * 1024)]],
];
cases.push(['all of them in one feed', cases.flatMap(([, items]) => items)]);

const atomDocs: Record<string, string> = {};
const rendered = new Map<string, Rendered>();
for (const [name, items] of cases) {
  const out = renderMain(items, config);
  rendered.set(name, out);
  atomDocs[name] = out.atom;
}

const first = (name: string) => {
  const out = rendered.get(name)!;
  const rss = (((parseXml(out.rss).rss as Node).channel as Node).item as Node[])[0]!;
  const atom = ((parseXml(out.atom).feed as Node).entry as Node[])[0]!;
  const json = (JSON.parse(out.json) as { items: Record<string, any>[] }).items[0]!;
  return { out, rss, atom, json };
};

describe.each(cases.map(([name]) => [name]))('%s', (name) => {
  const out = rendered.get(name)!;
  it('gives RSS that passes the feed validator rules', () => expect(rssProblems(out.rss)).toEqual([]));
  it('gives JSON Feed that the schema accepts', () => expect(jsonFeedErrors(out.json)).toEqual([]));
});

describe('what hostile text becomes', () => {
  it('markup in a title and a name is text, the same in every format', () => {
    const { rss, atom, json } = first('markup and entities in titles and names (hostile.md)');
    const title = '<b>Zelensky</b> & "AP" say ]]> is <not> a tag';
    expect([textOf(rss.title), textOf(atom.title), json.title]).toEqual([title, title, title]);
    const author = '<i>AP</i> & "Reuters"';
    expect([textOf((rss['dc:creator'] as Node[])[0]), textOf((atom.author as Node[])[0]!.name), json.authors[0].name]).toEqual([author, author, author]);
    // In the credit line the name is text inside HTML, so its markup arrives escaped.
    expect(json.content_html).toContain('<p class="credit">By &lt;i&gt;AP&lt;/i&gt; &amp; "Reuters".');
    // A plain summary never becomes markup in RSS's HTML description.
    expect(textOf(rss.description)).toBe('Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp;amp; is not an entity');
  });

  it('"]]>" in a body stays text, scripts and control characters are gone', () => {
    const { json, rss } = first('markup and entities in titles and names (hostile.md)');
    const html = json.content_html as string;
    expect(html).toContain('A body with ]]&gt; and a CDATA end, control chars');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(textOf(rss['content:encoded'])).toBe(html);
  });

  it('forbidden characters are removed and a surrogate pair is kept', () => {
    const { rss, atom, json, out } = first('control characters, non-characters and lone surrogates (hostile.json)');
    const title = 'Controlchars, U+FFFE, U+FFFF, lone  and  surrogates, a pair 😀 kept';
    expect([textOf(rss.title), textOf(atom.title), json.title]).toEqual([title, title, title]);
    // CR survives as a reference: a conforming parser would turn a literal CR into LF.
    expect(textOf(atom.summary)).toBe('tab\there, CR\rhere, LF\nhere, NULgone');
    expect(out.atom.includes('\r')).toBe(false);
    expect(json.authors[0].name).toBe('Name with bell');
    expect(json._attribution.rights).toBe('rights');
  });

  it('right-to-left text and emoji read back unchanged, with the item language', () => {
    const { rss, atom, json } = first('right-to-left text and emoji (rtl.md)');
    const title = 'وزراء الخارجية الشماليون يلتقون في أوسلو — שרי החוץ נפגשים';
    expect([textOf(rss.title), textOf(atom.title), json.title]).toEqual([title, title, title]);
    expect(atom['@xml:lang']).toBe('ar');
    expect(textOf(rss['dc:language'])).toBe('ar');
    expect(json.language).toBe('ar');
    expect((atom.category as Node[]).map((c) => c['@term'])).toEqual(['أوكرانيا', 'ישראל', '🇺🇦']);
  });

  it('an item with only the required fields gets the default author and a credit line, nothing empty', () => {
    const { rss, atom, json } = first('only the required fields (minimal.md)');
    expect(textOf((rss['dc:creator'] as Node[])[0])).toBe(config.site.default_author!.name);
    expect(textOf((atom.author as Node[])[0]!.name)).toBe(config.site.default_author!.name);
    expect(json.content_html).toBe(`<p class="credit">By ${config.site.default_author!.name}.</p>`);
    for (const absent of ['summary', 'image', 'attachments', 'tags', 'language']) expect(json[absent]).toBeUndefined();
  });

  it('a 1 MB body arrives whole in every format', () => {
    const { rss, atom, json } = first('a 1 MB body');
    expect(Buffer.byteLength(json.content_html as string)).toBeGreaterThan(1024 * 1024);
    expect(textOf(rss['content:encoded'])).toBe(json.content_html);
    expect(textOf(atom.content)).toBe(json.content_html);
  });
});

describe.skipIf(jingMissing)(`Atom for all of it${jingMissing ? ` (skipped: ${jingMissing})` : ''}`, () => {
  it('is accepted by RFC 4287 RELAX NG and Schematron (jing)', async () => {
    expect(await atomSchemaErrors(atomDocs)).toEqual([]);
  });
});

afterAll(() => rendered.clear());
