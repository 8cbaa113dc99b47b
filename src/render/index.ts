// FeedView → the files of that document, one per configured format.
import type { Format, FeedView, Item, RenderedFeed } from '../types.js';
import { profileItemXml } from '../profiles/index.js';
import { ATOM_TAIL, atomEntry, atomHead, renderAtom } from './atom.js';
import { toEntry, type Entry } from './entry.js';
import { jsonFeedHead, jsonFeedItem, jsonFeedSeparator, jsonFeedTail, renderJsonFeed } from './jsonfeed.js';
import { ninjsPaths, ninjsRef, renderNinjsRefs, type NinjsRef } from './ninjs.js';
import { Slabs } from './slab.js';
import { renderRss, RSS_TAIL, rssHead, rssItem } from './rss.js';

export interface RenderOptions {
  sanitize: boolean;
  allowDataImages: boolean;
}

/** A format as a document is made of it: a head, each item's pieces with what goes between them, a tail. */
export interface FormatPieces {
  head(view: FeedView): string;
  /**
   * An item as it stands in the document, in pieces to be written one after the other (their
   * join is the item); `extra`: the view's profile elements in every item (profileItemXml).
   * Each copy of the content's body is a piece of its own (flat when the body is and goes
   * out as it is: escaped, it is a rope): a string that is a rope of pieces is joined before it is encoded, and one non-ASCII
   * character (a name in the byline) would send the whole item down V8's slower UTF-8 path.
   */
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

export const FILES: Record<Format, { name: string; contentType: string; pieces: FormatPieces }> = {
  rss: { name: 'rss.xml', contentType: 'application/rss+xml; charset=utf-8', pieces: XML_PIECES(rssHead, rssItem, RSS_TAIL) },
  atom: { name: 'atom.xml', contentType: 'application/atom+xml; charset=utf-8', pieces: XML_PIECES(atomHead, atomEntry, ATOM_TAIL) },
  json: {
    name: 'feed.json',
    contentType: 'application/feed+json; charset=utf-8',
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
  private readonly slabs = new Slabs();

  constructor(
    /**
     * The URLs of the pictures an item shows (its photo, and those of its body in a full-text
     * document): of a document's withheld photos, only these change the item's bytes. Without
     * it the whole list is the key (correct, and shared less).
     */
    private readonly imagesOf?: (item: Item, fullText: boolean) => readonly string[],
  ) {}

  /** Each withheld list's URLs by their place in it: made once per list, not per item. */
  private readonly ranks = new WeakMap<readonly string[], Map<string, number>>();

  /** The withheld photos that matter to this item, as a key: in the view's order, each once. */
  blockedKey(item: Item, view: FeedView): string {
    const blocked = view.blockedImages;
    if (blocked.length === 0) return '';
    if (!this.imagesOf) return blocked.join('\0');
    let rank = this.ranks.get(blocked);
    if (!rank) {
      rank = new Map();
      for (let r = 0; r < blocked.length; r++) if (!rank.has(blocked[r]!)) rank.set(blocked[r]!, r);
      this.ranks.set(blocked, rank);
    }
    // An item shows a picture or three; a partner's archive page may withhold hundreds.
    const hits: number[] = [];
    for (const url of this.imagesOf(item, view.fullText)) {
      const r = rank.get(url);
      if (r !== undefined && !hits.includes(r)) hits.push(r);
    }
    if (hits.length === 0) return '';
    hits.sort((a, b) => a - b);
    return hits.map((r) => blocked[r]!).join('\0');
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
    if (!bytes) byFormat.set(key, (bytes = this.slabs.encode(FILES[format].pieces.item(e, extra))));
    return bytes;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Where a feed document's items are in its bytes, and what each was made of (see Reuse). */
export interface DocLayout {
  /** Bytes before the first item's separator. */
  head: number;
  /** Each item's key (Reuse.keyOf), in the document's order. */
  keys: string[];
  /** Each item's length in bytes, without its separator. */
  lens: number[];
  /** What the document says of each item beside its bytes: a ninjs index's row (refNote), rebuilt from it while the key holds. */
  notes?: string[];
}

/**
 * What the last run wrote, for a run that renders a document again: the items whose key is the
 * same are copied from the old file, not rendered (the parse cache's PieceStore).
 */
export interface Reuse {
  /** What an item's bytes in a document are made of (its file and content, `blocked`: its withheld photos): equal keys, equal bytes. */
  keyOf(item: Item, blocked: string): string | undefined;
  /** The document's layout and bytes as the last run left them; `period`: its archive period ('' for a subscription document). */
  previous(period: string, path: string): { layout: DocLayout; bytes: Buffer } | undefined;
  /** The same layout without the bytes (a one-item document, which is kept or rendered whole). */
  layout(period: string, path: string): DocLayout | undefined;
  /** The layout of a document this run writes. */
  record(period: string, path: string, layout: DocLayout): void;
}

/** The items of an old document by key: each a view of the old file's bytes. */
function oldItems(p: FormatPieces, old: { layout: DocLayout; bytes: Buffer } | undefined): Map<string, Buffer> | undefined {
  if (!old) return undefined;
  const { layout, bytes } = old;
  const items = new Map<string, Buffer>();
  let at = layout.head;
  for (let i = 0; i < layout.keys.length; i++) {
    at += Buffer.byteLength(p.separator(i), 'latin1');
    const end = at + layout.lens[i]!;
    // A layout that does not fit its file is not this file's: nothing is reused.
    if (end > bytes.length) return undefined;
    items.set(layout.keys[i]!, bytes.subarray(at, end));
    at = end;
  }
  return items;
}

/** What a view's items are written with in one format: `extra` is the view's profile elements (profileItemXml). */
export function itemWriter(view: FeedView, format: Format): { pieces: FormatPieces; extra: string } {
  return { pieces: FILES[format].pieces, extra: format === 'json' ? '' : profileItemXml(view) };
}

/**
 * A view's feed documents, one per format, from its entries, as the bytes their files hold.
 * Item by item, each item in every format one after the other: what RSS and Atom share of an
 * item (its content as XML, its Media RSS: shared.ts) is made once and dropped, never
 * kept for a whole document.
 */
function assemble(
  view: FeedView,
  formats: readonly Format[],
  entryAt: (i: number) => Entry,
  memo: EntryMemo,
  keys: readonly (string | undefined)[] | undefined,
  reuse: { period: string; to: Reuse } | undefined,
  /** Every item has a key: the documents' layouts are recorded (a layout names each item's bytes). */
  complete: boolean,
): Buffer[] {
  const docs = formats.map((format) => {
    const { pieces: p, extra } = itemWriter(view, format);
    const path = filePath(view.dir, format);
    const old = keys && reuse ? oldItems(p, reuse.to.previous(reuse.period, path)) : undefined;
    const head = Buffer.from(p.head(view), 'utf8');
    return { format, p, extra, path, old, head, out: [head] as Buffer[], lens: [] as number[], seps: new Map<string, Buffer>() };
  });
  for (let i = 0; i < view.items.length; i++) {
    for (const d of docs) {
      const sep = d.p.separator(i);
      // One Buffer per distinct separator, not one per item.
      if (sep) {
        let bytes = d.seps.get(sep);
        if (!bytes) d.seps.set(sep, (bytes = Buffer.from(sep, 'latin1')));
        d.out.push(bytes);
      }
      const key = keys?.[i];
      const bytes = (key !== undefined && d.old?.get(key)) || memo.item(entryAt(i), d.format, d.extra);
      d.out.push(bytes);
      d.lens.push(bytes.length);
    }
  }
  return docs.map((d) => {
    d.out.push(Buffer.from(d.p.tail(view.items.length), 'utf8'));
    if (complete && reuse) reuse.to.record(reuse.period, d.path, { head: d.head.length, keys: keys as string[], lens: d.lens });
    return Buffer.concat(d.out);
  });
}

/** A rendered file as bytes: what a run that writes stages, without a string of the whole document. */
export interface RenderedBytes {
  path: string;
  contentType: string;
  body: Buffer | string;
}

/**
 * The files of a view; the feed documents as bytes, assembled from the memo's items (or, with
 * `reuse`, from the old file's bytes of the items that did not change). `kept`: a partner's ninjs
 * story documents left as they are on disk (their item did not change), listed, not rendered.
 */
export function renderViewBytes(view: FeedView, opts: RenderOptions, memo: EntryMemo, reuse?: Reuse, kept?: string[]): RenderedBytes[] {
  // The mapping runs once per item and shape for the whole run; each format only copies the items' bytes.
  const shape = entryShape(view, opts);
  const entries: (Entry | undefined)[] = [];
  const entryAt = (i: number) => (entries[i] ??= memo.entry(view.items[i]!, view, opts, shape));
  const period = periodOf(view);
  const keys = reuse && view.items.map((item) => reuse.keyOf(item, memo.blockedKey(item, view)));
  const to = reuse && { period, to: reuse };
  const complete = keys !== undefined && keys.every((k) => k !== undefined);
  const bodies = assemble(view, view.formats, entryAt, memo, keys, to, complete);
  const feeds = view.formats.map((format, k) => ({ path: filePath(view.dir, format), contentType: FILES[format].contentType, body: bodies[k]! }));
  if (!view.ninjs) return feeds;
  // The index needs only what names each story (its row, kept from the last run while the
  // story is the same: an indexed item's row would read its file); a story's own document, its whole entry.
  const light = { ...view, fullText: false };
  const lightShape = entryShape(light, opts);
  const indexPath = view.ninjs.index;
  const oldIndex = keys && reuse?.layout(period, indexPath);
  const remembered = new Map<string, string>();
  if (oldIndex && oldIndex.notes) for (let i = 0; i < oldIndex.keys.length; i++) remembered.set(oldIndex.keys[i]!, oldIndex.notes[i]!);
  const refs = view.items.map((item, i) => {
    const note = keys?.[i] === undefined ? undefined : remembered.get(keys[i]!);
    return (note !== undefined && refOfNote(item, note)) || ninjsRef(entries[i] ?? (reuse ? memo.entry(item, light, opts, lightShape) : entryAt(i)));
  });
  if (complete && reuse)
    reuse.record(period, indexPath, { head: 0, keys: keys as string[], lens: keys.map(() => 0), notes: refs.map(refNote) });
  const storyKept = (i: number, file: string): boolean => {
    const key = keys?.[i];
    if (key === undefined || !reuse) return false;
    const old = reuse.layout(period, file);
    reuse.record(period, file, { head: 0, keys: [key], lens: [0] });
    return old?.keys[0] === key;
  };
  const ninjs = renderNinjsRefs(view, refs, (i, file) => {
    if (storyKept(i, file)) {
      kept?.push(file);
      return undefined;
    }
    return entryAt(i);
  });
  return [...feeds, ...ninjs];
}

/** A ninjs index row as a layout keeps it: what the item's head (id, updated, published) does not say. */
export const refNote = (r: NinjsRef): string => `${r.life.version} ${r.life.pubstatus} ${r.uri}`;

const NOTE = /^([1-9]\d{0,5}) (usable|withheld|canceled) (\S{1,8192})$/;

/** The row again, from the item and its note; undefined for a note this version did not write. */
export function refOfNote(item: Pick<Item, 'id' | 'updated' | 'published'>, note: string): NinjsRef | undefined {
  const m = NOTE.exec(note);
  return m ? { id: item.id, updated: item.updated, published: item.published, uri: m[3]!, life: { version: Number(m[1]), pubstatus: m[2] as NinjsRef['life']['pubstatus'] } } : undefined;
}

export function renderView(view: FeedView, opts: RenderOptions, memo?: EntryMemo): RenderedFeed[] {
  return renderViewBytes(view, opts, memo ?? new EntryMemo()).map((f) => ({ ...f, body: typeof f.body === 'string' ? f.body : f.body.toString('utf8') }));
}

const ARCHIVE_PERIOD = /(?:^|\/)archive\/(\d{4}(?:-\d{2})?)$/;

/** A document's archive period, '' for a subscription document. */
export const periodOf = (view: FeedView): string => ARCHIVE_PERIOD.exec(view.dir)?.[1] ?? '';

/** Every file renderView writes for a view, known without rendering it. */
export function viewPaths(view: FeedView): string[] {
  return [...view.formats.map((f) => filePath(view.dir, f)), ...ninjsPaths(view)];
}

/**
 * The order a run renders documents in: the subscription documents, then archive pages period
 * by period, newest first, every feed's page of one period together (so an EntryMemo holds one
 * period's items at a time). Stable: within a period, the given order.
 */
export function periodOrder<T>(jobs: readonly T[], viewOf: (job: T) => FeedView): { job: T; period: string }[] {
  return jobs
    .map((job, i) => ({ job, i, period: periodOf(viewOf(job)) }))
    .sort((a, b) => (a.period === b.period ? a.i - b.i : a.period === '' ? -1 : b.period === '' ? 1 : a.period < b.period ? 1 : -1))
    .map(({ job, period }) => ({ job, period }));
}

export { renderAtom, renderJsonFeed, renderRss, toEntry };
export { toTombstone, type TombstoneEntry } from './entry.js';
export { tombstonesOf } from './tombstones.js';
