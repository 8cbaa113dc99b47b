// RSS and Atom carry an item's HTML in a CDATA section (render/shared.ts contentXml): the clients
// must read it exactly as they read the same HTML entity-escaped, as every earlier version
// wrote it. A content with a `]]>` or a CR is escaped text: split into sections, gofeed would
// lose part of it (as the last test shows).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parseAtomFeed, parseRssFeed } from 'feedsmith';
import Parser from 'rss-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { parseItem } from '../../src/items/parse.js';
import { renderMain, repoConfig } from '../helpers/site.js';
import { needs } from '../helpers/tools.js';
import { parseXml, textOf, type Node } from '../helpers/xml.js';
import { buildGofeedDump, feedparserMissing, gofeedMissing, runFeedparser, runGofeed, type Loose } from './clients.js';

// Raw HTML (sanitizing off, as a newsroom may configure it): `]]>` in text and attribute values
// (which the HTML serializer escapes), markup, entities, emoji and non-ASCII text; the same with
// CR and CRLF; and with `]]>` in a style element (which the serializer leaves as it is).
const HTML = '<p>One ]]> two ]]]]> <![CDATA[not a section]]></p>\n<p><a href="https://example.org/" title="a]]>b">link</a> &amp; &lt;b&gt; "quoted" Göteborg 👩‍👩‍👧</p>';
const WITH_CR = `${HTML}\r\n<p>CR\rhere</p>`;
const WITH_END = `${HTML}\n<style>p::after { content: "]]> ]]]]>" }</style>`;

const config = repoConfig();
const item = (n: number, summary: boolean, html = HTML) => {
  const text = JSON.stringify({
    title: `Item ${n}`,
    url: `https://news.example.org/2026/11/0${n}/cdata`,
    published: `2026-11-0${n}T10:00:00Z`,
    authors: [{ name: 'NTB' }],
    ...(summary && { summary: 'A summary.' }),
    content_html: html,
  });
  const parsed = parseItem(text, `cdata-${n}.json`, { author: config.site.default_author });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.item;
};
// With a summary (content:encoded only) and without (the description carries the content too).
// With CR, escaped text instead (gofeed drops text between sections, so CR cannot stand there).
const out = renderMain([item(1, true), item(2, false), item(3, true, WITH_CR), item(4, false, WITH_END)], { ...config, html: { ...config.html, sanitize: false } });
const json = (JSON.parse(out.json) as { items: Loose[] }).items;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
/** The same document with every CDATA section written as escaped text instead. */
const escaped = (doc: string) => doc.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, t: string) => esc(t));

/** A parser that keeps CDATA sections apart from text, to tell which content stands in one. */
const sections = new XMLParser({ cdataPropName: '#cdata', trimValues: false, parseTagValue: false, isArray: (name) => name === 'item' || name === 'entry' });
const inSection = (node: unknown) => typeof node === 'object' && node !== null && '#cdata' in node;

describe('HTML in CDATA sections', () => {
  it('is the item\'s HTML, `]]>` and CR included, as an XML parser reads it', () => {
    // Newest first.
    expect(json.map((j) => j.title)).toEqual(['Item 4', 'Item 3', 'Item 2', 'Item 1']);
    for (const doc of [out.rss, out.atom]) {
      // A literal CR would reach a parser as LF (XML 1.0 §2.11): none is written.
      expect(doc.includes('\r')).toBe(false);
    }
    // In a section: the two plain contents; escaped: the one with `]]>` and the one with a CR (items 4 and 3).
    const rssItems = ((sections.parse(out.rss).rss as Node).channel as Node).item as Node[];
    const atomEntries = (sections.parse(out.atom).feed as Node).entry as Node[];
    expect(rssItems.map((i) => inSection(i['content:encoded']))).toEqual([false, false, true, true]);
    expect(atomEntries.map((e) => inSection(e.content))).toEqual([false, false, true, true]);
    expect(rssItems.map((i) => inSection(i.description))).toEqual([false, false, true, false]);
    expect(json[0]!.content_html).toContain('content: "]]> ]]]]>"');
    expect(json[1]!.content_html).toContain('CR\rhere');
    const items = ((parseXml(out.rss).rss as Node).channel as Node).item as Node[];
    const entries = (parseXml(out.atom).feed as Node).entry as Node[];
    expect(items.map((i) => textOf(i['content:encoded']))).toEqual(json.map((j) => j.content_html));
    expect(textOf(items[0]!.description)).toBe(json[0]!.content_html);
    expect(textOf(items[2]!.description)).toBe(json[2]!.content_html);
    expect(entries.map((e) => textOf(e.content))).toEqual(json.map((j) => j.content_html));
  });

  it('reads the same in feedsmith and rss-parser as the entity-escaped document', async () => {
    expect(parseRssFeed(out.rss)).toEqual(parseRssFeed(escaped(out.rss)));
    expect(parseAtomFeed(out.atom)).toEqual(parseAtomFeed(escaped(out.atom)));
    const rp = new Parser();
    for (const doc of [out.rss, out.atom]) {
      const [a, b] = [await rp.parseString(doc), await rp.parseString(escaped(doc))];
      expect(a.items.map((i) => i['content:encoded'] ?? i.content)).toEqual(b.items.map((i) => i['content:encoded'] ?? i.content));
    }
  });

  const canRun = needs('feedparser', feedparserMissing()) && needs('gofeed', gofeedMissing());
  describe.skipIf(!canRun)('through the real clients', () => {
    if (!canRun) return;
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirefeed-cdata-'));
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));
    const files = { 'rss.xml': out.rss, 'atom.xml': out.atom, 'rss-escaped.xml': escaped(out.rss), 'atom-escaped.xml': escaped(out.atom) };
    for (const [name, doc] of Object.entries(files)) writeFileSync(path.join(tmp, name), doc);
    const names = Object.keys(files);
    const fp = runFeedparser(names, tmp);
    const gf = runGofeed(buildGofeedDump(path.join(tmp, 'bin')), names, tmp);

    it('feedparser: the same entries as from the entity-escaped document, not bozo', () => {
      for (const f of ['rss', 'atom']) {
        expect(fp[`${f}.xml`]!.bozo).toBe(false);
        expect(fp[`${f}.xml`]!.entries.length).toBe(4);
        expect(fp[`${f}.xml`]!.entries).toEqual(fp[`${f}-escaped.xml`]!.entries);
      }
      // What feedparser makes of the HTML (it sanitizes it) still holds the `]]>` texts.
      for (const e of fp['rss.xml']!.entries) expect(e.content[0].value).toContain('One ]]&gt; two ]]]]&gt;');
    });

    it('gofeed: the HTML exactly, and the same items as from the entity-escaped document', () => {
      for (const f of ['rss', 'atom']) {
        expect(gf[`${f}.xml`]!.items.map((i: Loose) => i.content)).toEqual(json.map((j) => j.content_html));
        expect(gf[`${f}.xml`]!.items).toEqual(gf[`${f}-escaped.xml`]!.items);
      }
    });

    it('gofeed loses what follows a second CDATA section, and the text between two: why such a content is escaped', () => {
      const doc = (content: string) =>
        `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title><link>https://example.org/</link><description>d</description><item><title>i</title><content:encoded>${content}</content:encoded></item></channel></rss>\n`;
      const cases = {
        'one.xml': '<![CDATA[a]]]]><![CDATA[>b]]>',
        'three.xml': '<![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>c]]>',
        'between.xml': '<![CDATA[a]]>&#13;<![CDATA[b]]>',
      };
      for (const [name, content] of Object.entries(cases)) writeFileSync(path.join(tmp, name), doc(content));
      const read = runGofeed(path.join(tmp, 'bin/gofeed-dump'), Object.keys(cases), tmp);
      expect(read['one.xml']!.items[0]!.content).toBe('a]]>b');
      // What gofeed gives, exactly: the third section's text and the character between two sections are gone.
      expect(read['three.xml']!.items[0]!.content).toBe('a]]>b]]');
      expect(read['between.xml']!.items[0]!.content).toBe('ab');
    });
  });
});
