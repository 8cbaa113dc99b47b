// An item of the index: only what the catalog, the selection and the partners' rights need is
// kept in memory (its "head"); the rest of the Item is read from the item's own file the first
// time something asks for it — in practice only for the items a re-rendered document shows.
// An item parsed in this run may carry that rest already (or its JSON text, from a parser
// thread), unless the run shows few items. At 100,000 items the full metadata was a 108 MB
// index that every run with one new item read, parsed and collected again.
import type { ItemDefaults } from '../items/parse.js';
import type { PhotoRights } from '../rights.js';
import type { Body, Contributor, Image, Item, Person, Source, Syndication, Withdrawal } from '../types.js';
import { memoized } from '../memo.js';
import { ItemChangedError, lazyBody, reparse } from './body.js';

export { ItemChangedError };

/**
 * What the index keeps of an item: id, published, updated, withdrawn and syndication as
 * they are (the catalog asks every item for them), tags and authors (for tag and partner
 * feeds) as the index keeps them or, from a parse, as JSON text parsed only when asked for.
 */
export interface Head {
  id: string;
  published: number;
  updated: number;
  withdrawn: false | Withdrawal;
  syndication: Syndication;
  /** The tags: JSON text (as a parser made the row), or the index's shared list (checked and frozen, see items.ts). */
  tags: string | readonly string[];
  /** The authors, the same way. */
  authors: string | readonly Person[];
  /** JSON of the own photo's [url, credit, rendition URLs?], or '' (see photoOf). */
  photo: string;
  /** The body's picture URLs, or 0 while the index does not know them. */
  bodyImages: readonly string[] | 0;
}

/** The photo rights of an index row's `photo` (items.ts photoOf): undefined without a photo. */
export function photoRights(json: string): PhotoRights | undefined {
  if (json === '') return undefined;
  const [url, credit, renditions] = JSON.parse(json) as [string, string | null, string[] | undefined];
  const photo: PhotoRights = { url };
  if (credit !== null) photo.credit = credit;
  if (renditions) photo.renditions = renditions.map((u) => ({ url: u }));
  return photo;
}

/** Whether a value read from the index is a list of texts (tags as an item has them, partners' names). */
export const isTextList = (v: unknown): v is string[] => Array.isArray(v) && v.every((t) => typeof t === 'string');

/** Whether it is a list of authors as an item has them: at least one, each with a name. */
export const isAuthorList = (v: unknown): v is Person[] =>
  Array.isArray(v) && v.length > 0 && v.every((a) => !!a && typeof a === 'object' && typeof (a as Person).name === 'string');

/**
 * A list shared by every item that has it: frozen, so that no item can change another's tags
 * or authors (the index shares one list per distinct value, items.ts).
 */
export function frozenList<T>(list: T[]): T[] {
  for (const x of list) if (x && typeof x === 'object') Object.freeze(x);
  return Object.freeze(list) as T[];
}

/**
 * A JSON text of tags or authors, checked and parsed once per distinct text (the items of a
 * wire desk share a few hundred sets of tags and bylines); undefined when it is not of that shape.
 */
const parsedList = <T>(ok: (v: unknown) => v is T[]) =>
  memoized(50_000, (json: string): T[] | undefined => {
    let v: unknown;
    try {
      v = JSON.parse(json);
    } catch {
      return undefined;
    }
    return ok(v) ? frozenList(v) : undefined;
  });

export const parsedTags: (json: string) => string[] | undefined = parsedList(isTextList);
export const parsedAuthors: (json: string) => Person[] | undefined = parsedList(isAuthorList);

function readItem(abs: string, file: string, defaults: ItemDefaults, hash: string): Item {
  // A file edited since the listing stops the run (exit 75): its new text would not match
  // the metadata the catalog already judged. The next run sees its new stamp.
  const { body: _text, ...rest } = reparse(abs, file, defaults, hash);
  return rest;
}

/** Parsed rests kept at once (see IndexedItem's #rest): more than a month's documents show at 100,000 items. */
const REST_LIMIT = 4096;

/**
 * An Item whose head is in memory and whose other fields come from its file on first use.
 * A class with prototype getters (not a defineProperty per item): 100,000 are made per run.
 * JSON.stringify gives the whole item, through toJSON.
 */
export class IndexedItem implements Item {
  readonly file: string;
  readonly id: string;
  readonly published: number;
  readonly updated: number;
  readonly withdrawn: false | Withdrawal;
  readonly syndication: Syndication;
  #tags: string | readonly string[];
  #authors: string | readonly Person[];
  readonly #photoJson: string;
  /** null: the item has no photo; undefined: not parsed yet. */
  #photo?: PhotoRights | null;
  readonly #bodyImages: readonly string[] | 0;
  readonly #abs: string;
  readonly #defaults: ItemDefaults;
  readonly #bodyFormat: Body['format'] | undefined;
  readonly #hash: string;
  /** The rest of the item when it was parsed in this run (or its JSON text, from a parser thread): no need to read its file again. */
  #parsed?: Omit<Item, 'body'> | string;
  #full?: Item;
  #body?: Body;

  /** Its row in the index that made it (cache/items.ts), or -1: for that index's own questions. */
  indexAt = -1;

  /** The digest of the file's text the index row was made from: the item in documents' input hashes. */
  get digest(): string {
    return this.#hash;
  }

  /** Where the file is, as the index knows it (its rows are by absolute path). */
  get abs(): string {
    return this.#abs;
  }

  constructor(
    file: string,
    abs: string,
    head: Head,
    bodyFormat: Body['format'] | undefined,
    defaults: ItemDefaults,
    hash: string,
    parsed?: Omit<Item, 'body'> | string,
  ) {
    this.file = file;
    this.id = head.id;
    this.published = head.published;
    this.updated = head.updated;
    this.withdrawn = head.withdrawn;
    this.syndication = head.syndication;
    this.#tags = head.tags;
    this.#authors = head.authors;
    this.#photoJson = head.photo;
    this.#bodyImages = head.bodyImages;
    this.#abs = abs;
    this.#defaults = defaults;
    this.#bodyFormat = bodyFormat;
    this.#hash = hash;
    this.#parsed = parsed;
  }

  /**
   * A rest that came as JSON text (a parser thread's) stays text; parsed, it is kept only while
   * it is among the last few thousand asked for (a period's documents). An archive build shows
   * every item once: keeping every parsed rest grew memory with the archive to the end of the
   * run (a cold build's peak at 100,000 items: 1,005 MB with them, 845 MB without).
   */
  static readonly #parsedRest = memoized(REST_LIMIT, (item: IndexedItem) => JSON.parse(item.#parsed as string) as Item);

  #rest(): Item {
    if (this.#full) return this.#full;
    const parsed = this.#parsed;
    if (typeof parsed === 'string') return IndexedItem.#parsedRest(this);
    this.#parsed = undefined;
    return (this.#full = parsed ?? readItem(this.#abs, this.file, this.#defaults, this.#hash));
  }

  /**
   * What partners' photo rights look at, from the index: the own photo's URLs and credit
   * (parsed once per run, however many partners and documents ask), and the body's pictures
   * (undefined while the index does not know them: the cache asks the body, see index.ts).
   * On the item itself, so that judging an archive looks nothing up per item.
   */
  photoRights(): PhotoRights | undefined {
    if (this.#photo === undefined) this.#photo = photoRights(this.#photoJson) ?? null;
    return this.#photo ?? undefined;
  }
  get indexedBodyImages(): readonly string[] | undefined {
    return this.#bodyImages === 0 ? undefined : this.#bodyImages;
  }

  // A text that is not a list of the right shape is never trusted: the item's own file says.
  get tags(): string[] {
    if (typeof this.#tags === 'string') this.#tags = parsedTags(this.#tags) ?? this.#rest().tags;
    return this.#tags as string[];
  }
  get authors(): Person[] {
    if (typeof this.#authors === 'string') this.#authors = parsedAuthors(this.#authors) ?? this.#rest().authors;
    return this.#authors as Person[];
  }
  get url(): string {
    return this.#rest().url;
  }
  get title(): string {
    return this.#rest().title;
  }
  get summary(): string | undefined {
    return this.#rest().summary;
  }
  get language(): string | undefined {
    return this.#rest().language;
  }
  get contributors(): Contributor[] {
    return this.#rest().contributors;
  }
  get source(): Source | undefined {
    return this.#rest().source;
  }
  get credit(): string | undefined {
    return this.#rest().credit;
  }
  get image(): Image | undefined {
    return this.#rest().image;
  }
  get rights(): string | undefined {
    return this.#rest().rights;
  }
  get license(): string | undefined {
    return this.#rest().license;
  }
  get correction(): string | undefined {
    return this.#rest().correction;
  }
  /** Read again on each use, as a cold run's lazy body is (never all bodies in memory at once). */
  get body(): Body | undefined {
    if (!this.#bodyFormat) return undefined;
    return (this.#body ??= lazyBody(this.#bodyFormat, this.#abs, this.file, this.#defaults, this.#hash));
  }

  toJSON(): Item {
    const full = this.#rest();
    const out: Item = { ...full, id: this.id, file: this.file, tags: this.tags, authors: this.authors };
    delete out.body;
    if (this.body) out.body = this.body;
    return out;
  }
}
