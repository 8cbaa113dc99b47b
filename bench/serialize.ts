// Serialization alone: the same N items (every item of the data set, as when a whole
// archive is rendered), bodies already HTML, written as RSS 2.0, Atom 1.0 and JSON Feed by
// wirefeed's renderers, by feed@6 and by feedsmith@3 — each written to the null device, as to a file.
//   node serialize.js wirefeed|feed|feedsmith ITEMS_DIR  → prints {"ms": …, "bytes": …}
// Reading and Markdown rendering happen first and are not timed: only the serializers are.
import { openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { devNull } from 'node:os';
import path from 'node:path';
import { Feed } from 'feed';
import { generateAtomFeed, generateJsonFeed, generateRssFeed } from 'feedsmith';
import matter from 'gray-matter';
import { marked } from 'marked';
import { itemWriter, toEntry } from '../dist/render/index.js';
import type { FeedView, Item } from '../dist/index.js';
import { isItemFile, walk } from './walk.js';

/**
 * Where each serializer's documents go: the null device, as to a file, so that writing costs
 * what it costs and no document has to be kept. Every document is written through a writer of
 * the same kind: strings are encoded into its reused 1 MB buffer, which is written out when full (a
 * careful file writer does the same; a fresh Buffer per string would make the sink the
 * biggest cost). wirefeed hands each document's writer its parts as it makes them, item by
 * item as a build does (three documents open at once, one writer each); feed@6 and
 * feedsmith@3 return one string per document, which goes through in 256k-character slices.
 */
let written = 0;

class Writer {
  private readonly fd = openSync(devNull, 'w');
  private readonly buffer = Buffer.allocUnsafe(1 << 20);
  private used = 0;

  flush(): void {
    writeSync(this.fd, this.buffer, 0, this.used);
    written += this.used;
    this.used = 0;
  }

  put(s: string): void {
    if (s.length > SLICE) {
      for (let at = 0; at < s.length; ) {
        // Never between the two halves of a surrogate pair: each half alone would encode as U+FFFD.
        let end = Math.min(at + SLICE, s.length);
        const last = s.charCodeAt(end - 1);
        if (end < s.length && last >= 0xd800 && last <= 0xdbff) end--;
        this.put(s.slice(at, end));
        at = end;
      }
      return;
    }
    // 3 bytes per UTF-16 unit at most.
    if (this.used + 3 * s.length > this.buffer.length) this.flush();
    this.used += this.buffer.write(s, this.used);
  }
}

const SLICE = 1 << 18;
const sink = new Writer();
const put = (s: string) => sink.put(s);

const walkItems = (dir: string) => walk(dir, isItemFile);

const ms = (s: string | undefined) => (s ? Date.parse(s) : undefined);

/** The data set as Items plus each body's HTML: the input every serializer gets. */
function prepare(dir: string): { items: Item[]; html: string[] } {
  const items: Item[] = [];
  const html: string[] = [];
  for (const file of walkItems(dir)) {
    const text = readFileSync(file, 'utf8');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let d: any;
    if (file.endsWith('.json')) {
      d = JSON.parse(text);
      html.push(d.content_html ?? '');
    } else {
      const m = matter(text);
      d = m.data;
      // Flattened, as a body read from a file or the cache would be: marked returns a rope of
      // many small pieces, and whichever serializer touched it first would pay for joining them.
      html.push(Buffer.from(marked.parse(m.content) as string).toString());
    }
    const published = ms(d.published)!;
    items.push({
      file,
      id: d.id ?? d.url,
      url: d.url,
      title: d.title,
      published,
      updated: ms(d.updated) ?? published,
      summary: d.summary,
      language: d.language,
      authors: d.authors ?? [],
      contributors: d.contributors ?? [],
      source: d.source,
      image: d.image,
      tags: d.tags ?? [],
      rights: d.rights,
      license: d.license,
      syndication: { partners: 'all' },
      withdrawn: false,
    });
  }
  return { items, html };
}

const view = (items: Item[]): FeedView => ({
  dir: '',
  formats: ['rss', 'atom', 'json'],
  title: 'Nordic Wire Desk',
  description: 'Wire stories from the Nordic agencies and beyond.',
  homeUrl: 'https://news.example.org/',
  language: 'en',
  rights: '© 2026 Nordic Wire Desk.',
  generator: 'wirefeed',
  links: {
    self: {
      rss: 'https://news.example.org/feeds/rss.xml',
      atom: 'https://news.example.org/feeds/atom.xml',
      json: 'https://news.example.org/feeds/feed.json',
    },
  },
  archive: false,
  complete: true,
  updated: items.reduce((m, i) => Math.max(m, i.updated), 0),
  items,
  fullText: false,
  blockedImages: [],
});

function wirefeed(items: Item[], html: string[]): void {
  const v = view(items);
  const opts = { sanitize: false, allowDataImages: false };
  // The neutral entries (the one mapping), with the already-rendered body in place of the summary.
  const entries = items.map((item, i) => {
    const e = toEntry(item, v, opts);
    e.bodyHtml = html[i]!;
    return e;
  });
  // As renderViewBytes assembles a view's documents (render/index.ts assemble): item by item,
  // each item in every format one after the other, through the same item writers. (A build
  // also keeps each item's bytes, for the other documents that show it, and joins each
  // document's bytes before it stages the file; a single view has neither to do.)
  const docs = v.formats.map((format) => ({ ...itemWriter(v, format), to: new Writer() }));
  for (const d of docs) d.to.put(d.pieces.head(v));
  for (let i = 0; i < entries.length; i++) {
    for (const d of docs) {
      const sep = d.pieces.separator(i);
      if (sep) d.to.put(sep);
      for (const piece of d.pieces.item(entries[i]!, d.extra)) d.to.put(piece);
    }
  }
  for (const d of docs) {
    d.to.put(d.pieces.tail(entries.length));
    d.to.flush();
  }
}

function feed6(items: Item[], html: string[]): void {
  const feed = new Feed({
    title: 'Nordic Wire Desk',
    description: 'Wire stories from the Nordic agencies and beyond.',
    id: 'https://news.example.org/',
    link: 'https://news.example.org/',
    language: 'en',
    copyright: '© 2026 Nordic Wire Desk.',
    updated: new Date(items.reduce((m, i) => Math.max(m, i.updated), 0)),
    feedLinks: { rss: 'https://news.example.org/feeds/rss.xml', atom: 'https://news.example.org/feeds/atom.xml', json: 'https://news.example.org/feeds/feed.json' },
  });
  items.forEach((i, n) =>
    feed.addItem({
      title: i.title,
      id: i.id,
      link: i.url,
      date: new Date(i.updated),
      published: new Date(i.published),
      description: i.summary,
      content: html[n],
      author: i.authors.map((a) => ({ name: a.name, email: a.email, link: a.url })),
      contributor: i.contributors.map((c) => ({ name: c.name, link: c.url })),
      category: i.tags.map((t) => ({ name: t })),
      image: i.image ? { url: i.image.url, type: 'image/jpeg', length: 0, title: i.image.caption } : undefined,
      copyright: i.rights,
    }),
  );
  put(feed.rss2());
  put(feed.atom1());
  put(feed.json1());
}

function feedsmith(items: Item[], html: string[]): void {
  const updated = new Date(items.reduce((m, i) => Math.max(m, i.updated), 0));
  const media = (i: Item) =>
    i.image
      ? {
          contents: [
            {
              url: i.image.url,
              medium: 'image',
              width: i.image.width,
              height: i.image.height,
              description: i.image.caption ? { value: i.image.caption, type: 'plain' } : undefined,
              credits: i.image.credit ? [{ value: i.image.credit, scheme: 'urn:ebu' }] : undefined,
            },
          ],
        }
      : undefined;
  const rss = generateRssFeed({
    title: 'Nordic Wire Desk',
    link: 'https://news.example.org/',
    description: 'Wire stories from the Nordic agencies and beyond.',
    language: 'en',
    copyright: '© 2026 Nordic Wire Desk.',
    lastBuildDate: updated,
    atom: { links: [{ href: 'https://news.example.org/feeds/rss.xml', rel: 'self', type: 'application/rss+xml' }] },
    items: items.map((i, n) => ({
      title: i.title,
      link: i.url,
      description: i.summary,
      guid: { value: i.id, isPermaLink: i.id === i.url },
      pubDate: new Date(i.published),
      categories: i.tags.map((t) => ({ name: t })),
      enclosures: i.image ? [{ url: i.image.url, length: 0, type: 'image/jpeg' }] : undefined,
      content: { encoded: html[n] },
      dc: { creators: i.authors.map((a) => a.name), contributors: i.contributors.map((c) => c.name), rights: i.rights ? [i.rights] : undefined },
      media: media(i),
    })),
  } as never);
  const atom = generateAtomFeed({
    id: 'https://news.example.org/feeds/atom.xml',
    title: { value: 'Nordic Wire Desk' },
    updated,
    links: [{ href: 'https://news.example.org/', rel: 'alternate', type: 'text/html' }],
    entries: items.map((i, n) => ({
      id: i.id,
      title: { value: i.title, type: 'text' },
      links: [{ href: i.url, rel: 'alternate', type: 'text/html' }],
      published: new Date(i.published),
      updated: new Date(i.updated),
      authors: i.authors.map((a) => ({ name: a.name, uri: a.url, email: a.email })),
      contributors: i.contributors.map((c) => ({ name: c.name, uri: c.url })),
      summary: i.summary ? { value: i.summary, type: 'text' } : undefined,
      content: { value: html[n], type: 'html' },
      categories: i.tags.map((t) => ({ term: t })),
      rights: i.rights ? { value: i.rights } : undefined,
      media: media(i),
    })),
  } as never);
  const json = generateJsonFeed({
    title: 'Nordic Wire Desk',
    home_page_url: 'https://news.example.org/',
    feed_url: 'https://news.example.org/feeds/feed.json',
    language: 'en',
    items: items.map((i, n) => ({
      id: i.id,
      url: i.url,
      title: i.title,
      summary: i.summary,
      content_html: html[n],
      image: i.image?.url,
      date_published: new Date(i.published),
      date_modified: new Date(i.updated),
      authors: i.authors.map((a) => ({ name: a.name, url: a.url })),
      tags: i.tags,
      language: i.language,
      attachments: i.image ? [{ url: i.image.url, mime_type: 'image/jpeg', title: i.image.caption }] : undefined,
    })),
  } as never);
  put(rss);
  put(atom);
  put(typeof json === 'string' ? json : JSON.stringify(json));
}

const SERIALIZERS = { wirefeed, feed: feed6, feedsmith };
const [which, dir] = process.argv.slice(2) as [keyof typeof SERIALIZERS, string];
const serialize = SERIALIZERS[which];
if (!serialize) {
  process.stderr.write('usage: serialize.js wirefeed|feed|feedsmith ITEMS_DIR\n');
  process.exit(64);
}
const { items, html } = prepare(dir);
(globalThis as { gc?: () => void }).gc?.();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
serialize(items, html);
sink.flush();
const elapsed = performance.now() - t0;
// CPU time too (all threads, the collector's included): on a busy machine it moves less than wall time.
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ ms: elapsed, cpuMs: (cpu.user + cpu.system) / 1000, items: items.length, bytes: written }));
