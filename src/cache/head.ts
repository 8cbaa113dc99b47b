// An item from the index of a warm run: only what the catalog, the selection and the
// partners' rights need is kept in memory (its "head"); the rest of the Item is read from
// the item's own file the first time something asks for it — in practice only for the
// items a re-rendered document shows. At 100,000 items the full metadata was a 108 MB
// index that every run with one new item read, parsed and collected again.
import { readFileSync } from 'node:fs';
import { parseItem, type ItemDefaults } from '../items/parse.js';
import type { Body, Contributor, Image, Item, Person, Source, Syndication, Withdrawal } from '../types.js';
import { lazyBody } from './body.js';

/**
 * What the index keeps of an item: id, published, updated, withdrawn and syndication as
 * they are (the catalog asks every item for them), tags and authors (for tag and partner
 * feeds) as one JSON text parsed only when asked for.
 */
export interface Head {
  id: string;
  published: number;
  updated: number;
  withdrawn: false | Withdrawal;
  syndication: Syndication;
  /** JSON of [tags, authors]. */
  meta: string;
}

export const metaOf = (i: Item): string => JSON.stringify([i.tags, i.authors]);

/** The item's file changed or vanished after it was listed and before a document needed it. */
export class ItemChangedError extends Error {
  constructor(readonly file: string) {
    super(`${file} changed while this run read it`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function readItem(abs: string, file: string, defaults: ItemDefaults): Item {
  let parsed;
  try {
    parsed = parseItem(utf8.decode(readFileSync(abs)), file, defaults);
  } catch {
    throw new ItemChangedError(file);
  }
  // A file edited since the listing but still valid is used as it is now (as its body
  // would be): the next run sees its new stamp and renders it again.
  if (!parsed.ok) throw new ItemChangedError(file);
  // The body's text is not kept: `body` reads it on each use.
  const { body: _text, ...rest } = parsed.item;
  return rest;
}

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
  #meta: string | [string[], Person[]];
  readonly #abs: string;
  readonly #defaults: ItemDefaults;
  readonly #bodyFormat: Body['format'] | undefined;
  #full?: Item;
  #body?: Body;

  constructor(file: string, abs: string, head: Head, bodyFormat: Body['format'] | undefined, defaults: ItemDefaults) {
    this.file = file;
    this.id = head.id;
    this.published = head.published;
    this.updated = head.updated;
    this.withdrawn = head.withdrawn;
    this.syndication = head.syndication;
    this.#meta = head.meta;
    this.#abs = abs;
    this.#defaults = defaults;
    this.#bodyFormat = bodyFormat;
  }

  #rest(): Item {
    return (this.#full ??= readItem(this.#abs, this.file, this.#defaults));
  }

  get tags(): string[] {
    if (typeof this.#meta === 'string') this.#meta = JSON.parse(this.#meta) as [string[], Person[]];
    return this.#meta[0];
  }
  get authors(): Person[] {
    if (typeof this.#meta === 'string') this.#meta = JSON.parse(this.#meta) as [string[], Person[]];
    return this.#meta[1];
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
    return (this.#body ??= lazyBody(this.#bodyFormat, this.#abs, this.file, this.#defaults));
  }

  toJSON(): Item {
    const full = this.#rest();
    const out: Item = { ...full, id: this.id, file: this.file, tags: this.tags, authors: this.authors };
    delete out.body;
    if (this.body) out.body = this.body;
    return out;
  }
}
