// Hostile bodies (test/fixtures/hostile/bodies.json: the usual XSS vectors, OWASP cheat-sheet
// style) come out harmless. Each output is PARSED as a browser's HTML parser would (htmlparser2,
// which sanitize-html itself uses) and every element, attribute and URL is checked.
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { parseConfig } from '../src/config/load.js';
import { renderBody } from '../src/items/body.js';
import { parseXml } from './helpers/xml.js';
import { dirOf, testAccess } from './helpers/partners.js';

interface Vector {
  name: string;
  html: string;
}
const VECTORS = JSON.parse(readFileSync(new URL('./fixtures/hostile/bodies.json', import.meta.url), 'utf8')) as Vector[];
const BASE = 'https://desk.example.org/2026/11/01/story';

/** The elements a sanitized body may hold: sanitize-html's default allowlist and ours. */
const ALLOWED = new Set([
  'address', 'article', 'aside', 'footer', 'header', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hgroup', 'main', 'nav',
  'section', 'blockquote', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'hr', 'li', 'ol', 'p', 'pre', 'ul',
  'a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'dfn', 'em', 'i', 'kbd', 'mark', 'q', 'rb', 'rp',
  'rt', 'rtc', 'ruby', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr', 'caption',
  'col', 'colgroup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'img', 'picture', 'del', 'ins',
]);
const ATTRIBUTES = new Set(['href', 'title', 'hreflang', 'rel', 'src', 'alt', 'width', 'height', 'lang', 'dir']);
const URL_ATTRIBUTES = new Set(['href', 'src']);

interface El {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: El[];
}

/** Every way the parsed HTML could still do harm; empty when it cannot. */
export function harms(html: string, opts: { dataImages: boolean }): string[] {
  const out: string[] = [];
  const walk = (node: El) => {
    if (node.type === 'script' || node.type === 'style') out.push(`<${node.name}> element`);
    if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
      const name = node.name!;
      if (!ALLOWED.has(name)) out.push(`<${name}> is not on the allowlist`);
      for (const [attr, value] of Object.entries(node.attribs ?? {})) {
        if (/^on/i.test(attr)) out.push(`event handler ${attr} on <${name}>`);
        // The credit paragraph wirefeed appends after the body: <p class="credit">.
        else if (name === 'p' && attr === 'class' && value === 'credit') continue;
        else if (!ATTRIBUTES.has(attr)) out.push(`attribute ${attr} on <${name}>`);
        if (!URL_ATTRIBUTES.has(attr)) continue;
        let url: URL;
        try {
          url = new URL(value);
        } catch {
          out.push(`${attr}="${value}" on <${name}> is not an absolute URL`);
          continue;
        }
        const dataImage = name === 'img' && attr === 'src' && url.protocol === 'data:';
        if (dataImage && !(opts.dataImages && /^data:image\/(png|jpeg|gif|webp|avif);base64,/.test(value)))
          out.push(`data: URL on <img>: ${value.slice(0, 40)}`);
        else if (!dataImage && !['http:', 'https:', 'mailto:'].includes(url.protocol))
          out.push(`${attr} with scheme ${url.protocol} on <${name}>`);
      }
    }
    for (const c of node.children ?? []) walk(c);
  };
  walk(parseDocument(html, { decodeEntities: true }) as unknown as El);
  return out;
}

const sanitized = (html: string, allowDataImages = false) =>
  renderBody({ format: 'html', text: html }, { baseUrl: BASE, sanitize: true, allowDataImages, blockedImages: [] });

describe('the check itself', () => {
  it('finds the harm in each raw vector it is meant to catch', () => {
    // A checker that passes everything proves nothing: most raw vectors must fail it.
    const caught = VECTORS.filter((v) => harms(v.html, { dataImages: false }).length > 0);
    expect(caught.length).toBeGreaterThanOrEqual(VECTORS.length - 3);
    expect(harms('<p><a href="https://ok.example/">ok</a></p>', { dataImages: false })).toEqual([]);
  });
});

describe.each([false, true])('hostile bodies, data images allowed: %s', (dataImages) => {
  it.each(VECTORS.map((v) => [v.name, v.html]))('%s', (_name, html) => {
    const out = sanitized(html, dataImages);
    expect(harms(out, { dataImages })).toEqual([]);
  });
});

describe('what survives', () => {
  it('makes relative and protocol-relative URLs absolute against the item URL', () => {
    const doc = parseDocument(sanitized('<a href="../other">up</a><img src="pic.jpg" alt="rel"><a href="#top">frag</a><a href="//cdn.example/x">pr</a>'));
    const urls = [...(doc.children as unknown as El[])].map((e) => e.attribs?.href ?? e.attribs?.src);
    expect(urls).toEqual([
      'https://desk.example.org/2026/11/other',
      'https://desk.example.org/2026/11/01/pic.jpg',
      'https://desk.example.org/2026/11/01/story#top',
      'https://cdn.example/x',
    ]);
  });

  it('keeps a raster data: image only when the config allows it, and never an SVG one', () => {
    const png = '<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">';
    const svg = '<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="svg">';
    const srcOf = (html: string) => ((parseDocument(html).children[0] as unknown as El | undefined)?.attribs ?? {}).src;
    expect(srcOf(sanitized(png, true))).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(srcOf(sanitized(png, false))).toBeUndefined();
    expect(srcOf(sanitized(svg, true))).toBeUndefined();
  });

  it('keeps the text of a link whose javascript: URL it removed', () => {
    const doc = parseDocument(sanitized('<a href="jav&#x09;ascript:alert(1)">tab</a>'));
    const a = doc.children[0] as unknown as El;
    expect(a.name).toBe('a');
    expect(a.attribs).toEqual({});
  });
});

describe('in the feeds', () => {
  it('partner feeds are sanitized even when the config turns sanitizing off for the site', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-hostile-'));
    try {
      const items = path.join(dir, 'items');
      await mkdir(items);
      const body = VECTORS.map((v) => v.html).join('\n');
      await writeFile(
        path.join(items, 'hostile.json'),
        JSON.stringify({
          title: 'Hostile <b>body</b>',
          url: 'https://desk.example.org/2026/11/01/hostile',
          published: '2026-11-01T10:00:00Z',
          authors: [{ name: 'Åsa Öberg' }],
          content_html: body,
        }),
      );
      const parsed = parseConfig(
        [
          'site: {title: T, home: "https://desk.example.org/", feeds_base: "https://desk.example.org/feeds/", language: en}',
          'html: {sanitize: false}',
          'partners: [{name: open, policy: {allow_uncredited_photos: true}}]',
        ].join('\n'),
        'inline.yaml',
      );
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      const out = path.join(dir, 'out');
      const access = testAccess(['open']);
      const r = await build({ config: parsed.config, itemsDir: items, outDir: out, now: Date.parse('2026-11-26T12:00:00Z'), access });
      expect(r.exitCode).toBe(0);

      const contentOf = async (file: string) => {
        const rss = parseXml(await readFile(path.join(out, file), 'utf8')) as { rss: { channel: { item: Record<string, string>[] } } };
        return rss.rss.channel.item[0]!['content:encoded']!;
      };
      const partner = await contentOf(`${dirOf(access, 'open')}/rss.xml`);
      expect(harms(partner, { dataImages: false })).toEqual([]);
      // The same HTML in Atom and JSON Feed.
      const json = JSON.parse(await readFile(path.join(out, dirOf(access, 'open'), 'feed.json'), 'utf8')) as { items: { content_html: string }[] };
      expect(harms(json.items[0]!.content_html, { dataImages: false })).toEqual([]);
      // The site's own feed was told not to sanitize: the check sees the difference.
      expect(harms(await contentOf('rss.xml'), { dataImages: false }).length).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
