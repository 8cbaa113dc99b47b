// The safety valve: a good feed on disk is never replaced by an empty or shrunken one because
// the items folder came up empty or half-synced (a failed mount, an interrupted rsync).
// Reading the feed on disk is I/O (this module's edge); the judgement is a pure function.
import path from 'node:path';
import { FILES } from '../render/index.js';
import { NotRegularError, readRegular } from './guard.js';
import type { Format } from '../types.js';

export interface PublishedItem {
  id: string;
  title?: string;
  /** Atom only: the item id a tag: URI was made from (render/entry.ts writes one for ids that are not IRIs). */
  itemId?: string;
}

const OUR_TAG_URI = /^tag:[^,\s]+,\d{4}-\d{2}-\d{2}:(.+)$/;
const fromTagUri = (id: string): string | undefined => {
  const m = OUR_TAG_URI.exec(id);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return undefined;
  }
};

/** The items the main feed on disk holds, read from the first of its files that parses. */
export interface PublishedFeed {
  /** Path of the file read, as given (out/feed.json). */
  file: string;
  items: PublishedItem[];
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
/** A CDATA section as the escaped text it stands for: the HTML a body carries in one (`</item>` too) is never read as markup. */
const flattenCdata = (xml: string) => (xml.includes('<![CDATA[') ? xml.replace(CDATA, (_, t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')) : xml);
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescape = (s: string) =>
  s
    .replace(ENTITY, (_, e: string) =>
      e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : NAMED[e]!,
    );

/** The text of the first <name>…</name> in `xml` (attributes allowed), unescaped. */
function first(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? unescape(m[1]!).trim() : undefined;
}

function blocks(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1]!);
}

/**
 * Item ids out of a feed document wirefeed wrote. A small reader rather than an XML library:
 * it only has to find ids and titles in our own output, and must not become a dependency.
 * Undefined when the text is not such a feed (then there is nothing to protect).
 */
export function publishedItems(format: Format, text: string): PublishedItem[] | undefined {
  if (format === 'json') {
    try {
      const doc = JSON.parse(text) as { version?: unknown; items?: { id?: unknown; title?: unknown }[] };
      if (typeof doc.version !== 'string' || !Array.isArray(doc.items)) return undefined;
      return doc.items.filter((i) => typeof i.id === 'string').map((i) => ({ id: i.id as string, ...(typeof i.title === 'string' ? { title: i.title } : {}) }));
    } catch {
      return undefined;
    }
  }
  const xml = flattenCdata(text);
  const root = format === 'rss' ? /<rss[\s>]/ : /<feed[\s>]/;
  if (!root.test(xml)) return undefined;
  const entries = blocks(xml, format === 'rss' ? 'item' : 'entry');
  const items: PublishedItem[] = [];
  for (const e of entries) {
    const id = first(e, format === 'rss' ? 'guid' : 'id');
    if (id === undefined) continue;
    const title = first(e, 'title');
    const item: PublishedItem = title === undefined ? { id } : { id, title };
    const itemId = format === 'atom' ? fromTagUri(id) : undefined;
    if (itemId !== undefined) item.itemId = itemId;
    items.push(item);
  }
  return items;
}

/** Read the main feed on disk: feed.json first (cheapest to read), then RSS (guid is the id), then Atom. */
export async function readPublishedFeed(outDir: string, formats: readonly Format[]): Promise<PublishedFeed | undefined> {
  const order: Format[] = (['json', 'rss', 'atom'] as const).filter((f) => formats.includes(f));
  for (const format of order) {
    const file = path.join(outDir, FILES[format].name);
    let text: string;
    try {
      // A FIFO or folder in its place is refused (NotRegularError, exit 73), never read.
      const bytes = await readRegular(file, 'a feed file');
      if (bytes === undefined) continue;
      text = bytes.toString('utf8');
    } catch (err) {
      if (err instanceof NotRegularError) throw err;
      continue;
    }
    const items = publishedItems(format, text);
    if (items) return { file, items };
  }
  return undefined;
}

export interface DropInput {
  published: PublishedFeed;
  /** Ids the new main feed will hold. */
  next: ReadonlySet<string>;
  /**
   * Ids that leave the feed on purpose or only because newer items push them out: every
   * publishable item of the catalog, and the withdrawn and expired ones.
   */
  accounted: ReadonlySet<string>;
  /** safety.max_drop: the share of the feed on disk a run may lose. */
  maxDrop: number;
}

export interface Refusal {
  reason: 'empty' | 'drop';
  message: string;
  /** What would have been lost. */
  lost: PublishedItem[];
  onDisk?: number;
}

const SHOWN = 10;

/** The first few lost items by id and title, for a message a person reads in a cron mail. */
export function describeLost(lost: readonly PublishedItem[]): string {
  const list = lost
    .slice(0, SHOWN)
    .map((i) => (i.title ? `${i.id} ("${i.title}")` : i.id))
    .join(', ');
  return lost.length > SHOWN ? `${list}, and ${lost.length - SHOWN} more` : list;
}

/** Whether publishing would lose too much of the feed on disk; undefined when it may go ahead. */
export function judgeDrop({ published, next, accounted, maxDrop }: DropInput): Refusal | undefined {
  const onDisk = published.items.length;
  if (onDisk === 0) return undefined;
  const known = (id: string | undefined) => id !== undefined && (next.has(id) || accounted.has(id));
  const lost = published.items.filter((i) => !known(i.id) && !known(i.itemId));
  if (lost.length / onDisk <= maxDrop) return undefined;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return {
    reason: 'drop',
    onDisk,
    lost,
    message:
      `refusing to publish: ${lost.length} of the ${onDisk} items in ${published.file} (${pct(lost.length / onDisk)}) ` +
      `are gone from the items folder, more than safety.max_drop (${pct(maxDrop)}); nothing written. ` +
      `Would be lost: ${describeLost(lost)}. Check the items folder (a failed mount or sync?); if the removal is intended, run once with --force`,
  };
}

/** An items folder with no item files at all: a failed mount looks exactly like this. */
export function emptyFolderRefusal(itemsDir: string, published: PublishedFeed | undefined): Refusal {
  const lost = published?.items ?? [];
  const feed = published && lost.length > 0 ? `; the ${lost.length} items in ${published.file} would be lost: ${describeLost(lost)}` : '';
  return {
    reason: 'empty',
    lost,
    ...(published ? { onDisk: lost.length } : {}),
    message: `refusing to publish: the items folder ${itemsDir} holds no items${feed}; nothing written. Check the folder (a failed mount?); to publish empty feeds on purpose, run once with --force`,
  };
}
