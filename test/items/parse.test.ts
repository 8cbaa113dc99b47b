// Parsing one item file: every field of the schema, the defaults, and the exact message for
// each kind of bad item (test/fixtures/items-bad holds one file per kind).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { loadItems } from '../../src/items/load.js';
import { parseItem, parseJsonItem, parseMarkdownItem } from '../../src/items/parse.js';
import type { Item } from '../../src/types.js';
import { formatProblem } from '../../src/validate.js';

const BAD = 'test/fixtures/items-bad';
const GOOD = 'test/fixtures/items-good';
const read = (file: string) => readFileSync(file, 'utf8');
const ms = (iso: string) => Date.parse(iso);

function parseOk(file: string, defaults = {}): Item {
  const r = parseItem(read(file), file, defaults);
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return r.item;
}

function messages(file: string): string[] {
  const r = parseItem(read(file), file, {});
  return r.ok ? [] : r.problems.map(formatProblem);
}

// Each bad fixture and the one message it must give: file, line, field, expectation.
const EXPECTED: Record<string, string> = {
  'authors-empty.md': '5: authors: expected at least one author, got an empty list',
  'bad-yaml.md': '5: invalid YAML: this "[" is not closed; close it with "]" on the same line',
  'body-and-content-html.md': '6: content_html: expected a Markdown body or content_html, not both',
  'contributor-without-role.md': '7: contributors.0.role: required: expected the contributor\'s role, a noun phrase such as "English edition"',
  'date-does-not-exist.md':
    '4: published: 2026-02-30 does not exist: February 2026 has 28 days',
  'duplicate-key.md': '6: invalid YAML: key "title" appears twice in one mapping',
  'email-invalid.md': '7: authors.0.email: expected an email address, got "asa.oberg-at-news.example.org"',
  'field-misspelt.md': '9: image.credt: unknown field (did you mean "credit"?)',
  'front-matter-not-closed.md': '1: front matter is not closed by a "---" line',
  'image-url-relative.json': '7: image.url: expected an absolute http(s) URL, got "media/photo.jpg"',
  'image-rendition-without-height.md': '9: image.renditions.0.height: required: expected a whole number of pixels',
  'image-width-string.md': '9: image.width: expected a whole number of pixels, got "1200px"',
  'invalid-json.json': '6: invalid JSON: Expected double-quoted property name',
  'js-front-matter.md': '1: expected YAML front matter opening with "---", got "---js" (an item never runs code)',
  'json-not-an-object.json': '1: expected a JSON object of fields',
  'missing-title.md': '2: title: required: expected text',
  'no-front-matter.md': '1: expected YAML front matter opening with "---" on the first line',
  'published-not-a-date.md': '4: published: expected an RFC 3339 date-time with offset, got "yesterday"',
  'published-without-offset.json':
    '4: published: expected an RFC 3339 date-time with offset, got "2026-11-20T10:00:00"',
  'syndication-bad.md':
    '7: syndication.partners: expected "all", "none" or a list of partner names, got "some"',
  'title-empty.md': '2: title: expected non-empty text, got "   "',
  'unknown-field.md': '6: byline: unknown field',
  'updated-before-published.md':
    '5: updated: expected a time no earlier than published (2026-11-20T10:00:00+01:00), got "2026-11-19T10:00:00+01:00"',
  'url-relative.md': '3: url: expected an absolute http(s) URL, got "/2026/11/20/url-relative"',
  'correction-without-updated.md':
    '6: correction: expected updated later than published (2026-11-20T10:00:00+01:00) with a correction: give the time of the correction in updated',
  'withdrawn-without-reason.md': '6: withdrawn.reason: required: expected text',
  'withdrawn-not-a-kill.md': '6: withdrawn: expected true, false or {at: time, reason: text}, got "yes please"',
};

describe('bad items: one exact message each', () => {
  it('has an expected message for every fixture, and a fixture for every message', () => {
    expect(readdirSync(BAD).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, message] of Object.entries(EXPECTED)) {
    it(name, () => {
      expect(messages(`${BAD}/${name}`)).toEqual([`${BAD}/${name}:${message}`]);
    });
  }

  it('gives the same messages when the folder is loaded, and no item from it', async () => {
    const result = await loadItems(BAD);
    expect(result.items).toEqual([]);
    expect(result.files).toBe(Object.keys(EXPECTED).length);
    expect(result.problems.map(formatProblem).sort()).toEqual(
      Object.entries(EXPECTED)
        .map(([name, message]) => `${BAD}/${name}:${message}`)
        .sort(),
    );
  });

  it('reports every problem of an item, each at its own line', () => {
    const text = [
      '---',
      'title: ""',
      'url: news.example.org/x',
      'published: 2026-11-20T10:00:00+01:00',
      'authors: [{name: NTB, mail: a@b.c}]',
      'tagz: [Norway]',
      '---',
    ].join('\n');
    const r = parseMarkdownItem(text, 'items/many.md');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map(formatProblem).sort()).toEqual(
      [
        'items/many.md:2: title: expected non-empty text, got ""',
        'items/many.md:3: url: expected an absolute http(s) URL, got "news.example.org/x"',
        'items/many.md:5: authors.0.mail: unknown field (did you mean "email"?)',
        'items/many.md:6: tagz: unknown field (did you mean "tags"?)',
      ].sort(),
    );
  });

  it('names the authors field when an item has none and the site has no default author', () => {
    const r = parseItem(read(`${GOOD}/no-authors.md`), 'items/no-authors.md', {});
    expect(r.ok ? [] : r.problems.map(formatProblem)).toEqual([
      'items/no-authors.md:2: authors: required: expected at least one author (or site.default_author in the config)',
    ]);
  });

  it('gives JSON items lines too, counted in the JSON text', () => {
    const text = '{\n  "title": "T",\n  "url": "https://x.example/a",\n  "published": "2026-11-20T10:00:00Z",\n  "authors": [{ "name": "AP" }],\n  "tags": "Ukraine"\n}\n';
    const r = parseJsonItem(text, 'items/a.json');
    expect(r.ok ? [] : r.problems.map(formatProblem)).toEqual(['items/a.json:6: tags: expected a list, got "Ukraine"']);
  });

  it('gives the line where JSON that ends too soon stops', () => {
    const r = parseJsonItem('{\n  "title": "T"', 'items/short.json');
    expect(r.ok ? [] : r.problems.map(formatProblem)).toEqual([
      "items/short.json:2: invalid JSON: Expected ',' or '}' after property value",
    ]);
  });
});

describe('a ---js front-matter block is refused and never run', () => {
  let dir: string;
  let marker: string;
  const saved = process.env.WIREFEED_MARKER;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-js-'));
    marker = path.join(dir, 'ran');
    process.env.WIREFEED_MARKER = marker;
  });
  afterEach(async () => {
    if (saved === undefined) delete process.env.WIREFEED_MARKER;
    else process.env.WIREFEED_MARKER = saved;
    await rm(dir, { recursive: true, force: true });
  });

  it('is refused by the parser, and the code in it did not run', () => {
    const file = `${BAD}/js-front-matter.md`;
    const r = parseItem(read(file), file, {});
    expect(r.ok).toBe(false);
    expect(existsSync(marker)).toBe(false);
  });

  it('is a live fixture: gray-matter with its default engines does run it', () => {
    // Proves the test above could fail: the same text, given to the usual library, writes the marker.
    const matter = createRequire(import.meta.url)('gray-matter') as (s: string) => { data: Record<string, unknown> };
    const parsed = matter(read(`${BAD}/js-front-matter.md`));
    expect(parsed.data.title).toBe('Ran code');
    expect(readFileSync(marker, 'utf8')).toBe('ran');
  });
});

describe('good items', () => {
  it('reads every field of the schema', () => {
    const item = parseOk(`${GOOD}/everything.md`);
    expect(item).toEqual({
      file: `${GOOD}/everything.md`,
      id: 'tag:news.example.org,2026:everything',
      url: 'https://news.example.org/2026/11/23/everything?utm_source=feed',
      title: 'Every field of the item schema',
      published: ms('2026-11-23T08:40:00Z'),
      updated: ms('2026-11-23T11:00:00Z'),
      summary: 'A standfirst, with spaces around it.',
      body: { format: 'markdown', text: 'The body.\n' },
      language: 'sv-SE',
      authors: [
        { name: 'TT News Agency', url: 'https://tt.example.se/', email: 'desk@tt.example.se' },
        { name: 'Åsa Öberg' },
      ],
      contributors: [{ name: 'Sweden Herald', role: 'English edition', url: 'https://swedenherald.example.com/' }],
      source: { name: 'TT News Agency', url: 'https://tt.example.se/a/1', feed: 'https://tt.example.se/feed.xml' },
      credit: 'By TT. Photo: Markus Schreiber/AP/TT',
      image: {
        url: 'https://news.example.org/media/a.jpg',
        caption: 'A caption.',
        credit: 'Markus Schreiber/AP/TT',
        rights: 'Editorial use only.',
        width: 1600,
        height: 1067,
        type: 'image/jpeg',
        length: 284113,
      },
      tags: ['Ukraine', 'Sweden'],
      rights: '© 2026 TT News Agency',
      license: 'https://creativecommons.org/licenses/by-nd/4.0/',
      syndication: {
        partners: ['nordpress', 'baltic-daily'],
        embargo: ms('2026-11-23T09:00:00Z'),
        expires: ms('2027-11-23T00:00:00Z'),
      },
      withdrawn: false,
    } satisfies Item);
  });

  it('fills the defaults of an item with only the required fields', () => {
    const item = parseOk(`${GOOD}/minimal.md`);
    expect(item).toEqual({
      file: `${GOOD}/minimal.md`,
      id: 'https://news.example.org/2026/11/20/minimal',
      url: 'https://news.example.org/2026/11/20/minimal',
      title: 'Only the required fields',
      published: ms('2026-11-20T09:00:00Z'),
      updated: ms('2026-11-20T09:00:00Z'),
      authors: [{ name: 'Åsa Öberg' }],
      contributors: [],
      tags: [],
      syndication: { partners: 'all' },
      withdrawn: false,
    } satisfies Item);
  });

  it('reads the same item from Markdown and from JSON', () => {
    const { file: _m, ...md } = parseOk(`${GOOD}/minimal.md`);
    const { file: _j, ...json } = parseOk(`${GOOD}/minimal.json`);
    expect(json).toEqual(md);
  });

  it("uses the site's default author for an item that names none", () => {
    const item = parseOk(`${GOOD}/no-authors.md`, { author: { name: 'Nordic Wire Desk', url: 'https://news.example.org/about' } });
    expect(item.authors).toEqual([{ name: 'Nordic Wire Desk', url: 'https://news.example.org/about' }]);
  });

  it('removes the characters XML 1.0 forbids from every field and the body', () => {
    const text = [
      '---',
      'title: "Bell\\u0007 and \\uFFFE gone"',
      'url: https://news.example.org/x',
      'published: 2026-11-20T10:00:00Z',
      'authors: [{name: "N\\u0001TB"}]',
      'tags: ["Nor\\u000Bway"]',
      '---',
      'Body\u0000 with\u001F controls, a tab\tand an emoji 🇸🇪.',
    ].join('\n');
    const item = parseMarkdownItem(text, 'items/c.md');
    expect(item.ok).toBe(true);
    if (!item.ok) return;
    expect(item.item.title).toBe('Bell and  gone');
    expect(item.item.authors[0]!.name).toBe('NTB');
    expect(item.item.tags).toEqual(['Norway']);
    expect(item.item.body!.text).toBe('Body with controls, a tab\tand an emoji 🇸🇪.');
  });

  it('reads a JSON item with content_html as an HTML body', () => {
    const item = parseOk('items/2026-11-24-zelensky-oslo-visit.json');
    expect(item.body?.format).toBe('html');
    expect(item.syndication).toEqual({ partners: ['nordpress'] });
  });

  it('accepts YAML-looking text that is not a date as a plain string elsewhere', () => {
    // The YAML core schema: `published` stays the text that was written, validated by our rule.
    const r = parseMarkdownItem(
      '---\ntitle: 2026-11-20\nurl: https://news.example.org/y\npublished: 2026-11-20 10:00:00+01:00\nauthors: [{name: AP}]\n---\n',
      'items/y.md',
    );
    expect(r.ok && r.item.title).toBe('2026-11-20');
    expect(r.ok && r.item.published).toBe(ms('2026-11-20T09:00:00Z'));
  });
});

describe('the sample items', () => {
  const files = readdirSync('items').filter((f) => /\.(md|json)$/.test(f));
  it('are all valid with the repo config, with no problems', async () => {
    const config = await loadConfig('wirefeed.config.yaml');
    if (!config.ok) throw new Error(config.problems.map(formatProblem).join('\n'));
    const items = files.map((f) => parseOk(`items/${f}`, { author: config.config.site.default_author }));
    expect(items.length).toBeGreaterThanOrEqual(10);
  });
});
