// FeedView → the files of that document, one per configured format.
import type { Format, FeedView, Item, RenderedFeed } from '../types.js';
import { profileItemXml } from '../profiles/index.js';
import { ATOM_TAIL, atomEntry, atomHead, renderAtom } from './atom.js';
import { toEntry, type Entry } from './entry.js';
import { jsonFeedHead, jsonFeedItem, jsonFeedSeparator, jsonFeedTail, renderJsonFeed } from './jsonfeed.js';
import { ninjsPaths, renderNinjs } from './ninjs.js';
import { renderRss, RSS_TAIL, rssHead, rssItem } from './rss.js';

export interface RenderOptions {
  sanitize: boolean;
  allowDataImages: boolean;
}

/** A format as a document is made of it: a head, each item's pieces with what goes between them, a tail. */
export interface FormatPieces {
  head(view: FeedView): string;
  /** `extra`: the view's profile elements in every item (profileItemXml). */
  item(e: Entry, extra: string): string[];
  separator(index: number): string;
  tail(count: number): string;
}

const XML_PIECES = (head: FormatPieces['head'], item: FormatPieces['item'], tail: string): FormatPieces => ({
  head,
  item,
  separator: () => '',
  tail: () => tail,
});

export const FILES: Record<Format, { name: string; contentType: string; render: (v: FeedView, e: Entry[]) => string; pieces: FormatPieces }> = {
  rss: { name: 'rss.xml', contentType: 'application/rss+xml; charset=utf-8', render: renderRss, pieces: XML_PIECES(rssHead, rssItem, RSS_TAIL) },
  atom: { name: 'atom.xml', contentType: 'application/atom+xml; charset=utf-8', render: renderAtom, pieces: XML_PIECES(atomHead, atomEntry, ATOM_TAIL) },
  json: {
    name: 'feed.json',
    contentType: 'application/feed+json; charset=utf-8',
    render: renderJsonFeed,
    pieces: { head: jsonFeedHead, item: (e) => jsonFeedItem(e), separator: jsonFeedSeparator, tail: jsonFeedTail },
  },
};

export const filePath = (dir: string, format: Format) => (dir ? `${dir}/${FILES[format].name}` : FILES[format].name);

/**
 * What an item's entry and its pieces depend on besides the item: everything toEntry and the
 * item writers read of the view. Two documents with the same shape (the main feed, its archive
 * pages, the tag feeds) show an item in the same bytes.
 */
export function entryShape(view: FeedView, opts: RenderOptions): string {
  return JSON.stringify([view.fullText, view.tagUrl ?? null, view.profile ?? null, opts.sanitize, opts.allowDataImages]);
}

/**
 * A run's entries and item pieces, by item and shape, so that each is made once however many
 * documents show it. Kept for one period's documents at a time (clear()): an item is on one
 * page of each feed, and the feeds' pages of one period are rendered together.
 */
export class EntryMemo {
  private readonly entries = new Map<Item, Map<string, Entry>>();
  private readonly pieces = new WeakMap<Entry, Map<string, Buffer>>();

  constructor(
    /**
     * The URLs of the pictures an item shows (its photo, and those of its body in a full-text
     * document): of a document's withheld photos, only these change the item's bytes. Without
     * it the whole list is the key (correct, and shared less).
     */
    private readonly imagesOf?: (item: Item, fullText: boolean) => readonly string[],
  ) {}

  /** The withheld photos that matter to this item, as a key. */
  private blockedKey(item: Item, view: FeedView): string {
    if (view.blockedImages.length === 0) return '';
    if (!this.imagesOf) return view.blockedImages.join('\0');
    const mine = new Set(this.imagesOf(item, view.fullText));
    return view.blockedImages.filter((u) => mine.has(u)).join('\0');
  }

  entry(item: Item, view: FeedView, opts: RenderOptions, shape: string): Entry {
    const key = `${shape}\u0001${this.blockedKey(item, view)}`;
    let byShape = this.entries.get(item);
    if (!byShape) this.entries.set(item, (byShape = new Map()));
    let e = byShape.get(key);
    if (!e) byShape.set(key, (e = toEntry(item, view, opts)));
    return e;
  }

  /** An item's bytes in one format: encoded once, copied into every document that shows it. */
  item(e: Entry, format: Format, extra: string): Buffer {
    let byFormat = this.pieces.get(e);
    if (!byFormat) this.pieces.set(e, (byFormat = new Map()));
    const key = `${format}\u0001${extra}`;
    let bytes = byFormat.get(key);
    if (!bytes) byFormat.set(key, (bytes = utf8(FILES[format].pieces.item(e, extra))));
    return bytes;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Strings as UTF-8, in one buffer: each part encoded straight into it, never joined first. */
function utf8(parts: readonly string[]): Buffer {
  let size = 0;
  for (const p of parts) size += Buffer.byteLength(p, 'utf8');
  const buf = Buffer.allocUnsafe(size);
  let at = 0;
  for (const p of parts) at += buf.write(p, at, 'utf8');
  return buf;
}

/** One format's document of a view, from its entries, as the bytes a file holds. */
function assemble(view: FeedView, format: Format, entries: readonly Entry[], memo: EntryMemo): Buffer {
  const p = FILES[format].pieces;
  const extra = format === 'json' ? '' : profileItemXml(view);
  const out: Buffer[] = [Buffer.from(p.head(view), 'utf8')];
  entries.forEach((e, i) => {
    const sep = p.separator(i);
    if (sep) out.push(Buffer.from(sep, 'latin1'));
    out.push(memo.item(e, format, extra));
  });
  out.push(Buffer.from(p.tail(entries.length), 'utf8'));
  return Buffer.concat(out);
}

/** A rendered file as bytes: what a run that writes stages, without a string of the whole document. */
export interface RenderedBytes {
  path: string;
  contentType: string;
  body: Buffer | string;
}

/** The files of a view; the feed documents as bytes, assembled from the memo's items. */
export function renderViewBytes(view: FeedView, opts: RenderOptions, memo: EntryMemo): RenderedBytes[] {
  // The mapping runs once per item and shape for the whole run; each format only copies the items' bytes.
  const shape = entryShape(view, opts);
  const entries = view.items.map((item) => memo.entry(item, view, opts, shape));
  const feeds = view.formats.map((format) => ({
    path: filePath(view.dir, format),
    contentType: FILES[format].contentType,
    body: assemble(view, format, entries, memo),
  }));
  return view.ninjs ? [...feeds, ...renderNinjs(view, entries)] : feeds;
}

export function renderView(view: FeedView, opts: RenderOptions, memo?: EntryMemo): RenderedFeed[] {
  return renderViewBytes(view, opts, memo ?? new EntryMemo()).map((f) => ({ ...f, body: typeof f.body === 'string' ? f.body : f.body.toString('utf8') }));
}

/** Every file renderView writes for a view, known without rendering it. */
export function viewPaths(view: FeedView): string[] {
  return [...view.formats.map((f) => filePath(view.dir, f)), ...ninjsPaths(view)];
}

const ARCHIVE_PERIOD = /(?:^|\/)archive\/(\d{4}(?:-\d{2})?)$/;

/**
 * The order a run renders documents in: the subscription documents, then archive pages period
 * by period, newest first, every feed's page of one period together (so an EntryMemo holds one
 * period's items at a time). Stable: within a period, the given order.
 */
export function periodOrder<T>(jobs: readonly T[], viewOf: (job: T) => FeedView): { job: T; period: string }[] {
  return jobs
    .map((job, i) => ({ job, i, period: ARCHIVE_PERIOD.exec(viewOf(job).dir)?.[1] ?? '' }))
    .sort((a, b) => (a.period === b.period ? a.i - b.i : a.period === '' ? -1 : b.period === '' ? 1 : a.period < b.period ? 1 : -1))
    .map(({ job, period }) => ({ job, period }));
}

export { renderAtom, renderJsonFeed, renderRss, toEntry };
export { toTombstone, type TombstoneEntry } from './entry.js';
export { tombstonesOf } from './tombstones.js';
export { atomParts } from './atom.js';
export { jsonFeedParts } from './jsonfeed.js';
export { rssParts } from './rss.js';
