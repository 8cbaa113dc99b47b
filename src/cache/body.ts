// An item's body, read from its file only when a document shows it. The item index keeps
// every item's metadata in memory but no body: at 100,000 items the bodies alone are
// hundreds of megabytes, and a feed shows fifty of them.
import { readFileSync } from 'node:fs';
import { parseItem, type ItemDefaults, type ParseResult } from '../items/parse.js';
import { bodyTextOf } from '../items/body-text.js';
import type { Body } from '../types.js';
import { digest } from './store.js';

/** The item's file changed or vanished after it was listed and before a document needed it. */
export class ItemChangedError extends Error {
  constructor(readonly file: string) {
    super(`${file} changed while this run read it`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of the file in `abs` if it is still the one listed (`hash`, its digest); else ItemChangedError. */
function readListed(abs: string, file: string, hash: string): string {
  let text: string;
  try {
    text = utf8.decode(readFileSync(abs));
  } catch {
    throw new ItemChangedError(file);
  }
  if (digest(text) !== hash) throw new ItemChangedError(file);
  return text;
}

/**
 * The item in `abs` parsed again, exactly as the loader parsed it (the same function, so no
 * second set of rules), if its text is still the one listed (`hash`, its digest). A file that
 * vanished, changed or no longer parses stops the run (ItemChangedError: exit 75, nothing
 * written): a feed must not carry an empty body, nor a body newer than its metadata. The next
 * run lists the change and parses the item afresh.
 */
export function reparse(abs: string, file: string, defaults: ItemDefaults, hash: string): Extract<ParseResult, { ok: true }>['item'] {
  const parsed = parseItem(readListed(abs, file, hash), file, defaults);
  if (!parsed.ok) throw new ItemChangedError(file);
  return parsed.item;
}

/**
 * The body's text, read again from the file: only when the text is the one parsed (the digest
 * says so) and so was accepted, the body is taken from it without validating the rest again
 * (items/body-text.ts): at 20,000 items, parsing every shown item a second time for its body
 * was a seventh of a cold build.
 */
export function readBodyText(abs: string, file: string, defaults: ItemDefaults, hash: string, format: Body['format']): string {
  const text = readListed(abs, file, hash);
  const quick = bodyTextOf(text, file, format);
  if (quick !== undefined) return quick;
  const parsed = parseItem(text, file, defaults);
  if (!parsed.ok || !parsed.item.body) throw new ItemChangedError(file);
  return parsed.item.body.text;
}

/**
 * A Body whose `text` is read on each access (not kept: an archive build would otherwise end
 * with every body in memory). A class, not a defineProperty per item: 100,000 of them are
 * made on every run that parses. Frozen: it cannot change within the run, so renderBody may
 * reuse what it made of it. JSON.stringify gives the text, as for a plain Body.
 */
class FileBody implements Body {
  // Private fields (#): JSON.stringify and spread see only `format` and, through toJSON, `text`.
  readonly #abs: string;
  readonly #file: string;
  readonly #defaults: ItemDefaults;
  readonly #hash: string;

  constructor(
    readonly format: Body['format'],
    abs: string,
    file: string,
    defaults: ItemDefaults,
    hash: string,
  ) {
    this.#abs = abs;
    this.#file = file;
    this.#defaults = defaults;
    this.#hash = hash;
    Object.freeze(this);
  }

  get text(): string {
    return readBodyText(this.#abs, this.#file, this.#defaults, this.#hash, this.format);
  }

  toJSON(): Body {
    return { format: this.format, text: this.text };
  }

  source(): BodySource {
    return { abs: this.#abs, file: this.#file, hash: this.#hash, format: this.format, defaults: this.#defaults };
  }
}

/** Where a lazily read body comes from: what another thread needs to read it as this run would (render/bodies.ts). */
export interface BodySource {
  abs: string;
  file: string;
  hash: string;
  format: Body['format'];
  defaults: ItemDefaults;
}

/** The source of a body read from its file on demand; undefined for a body held in memory. */
export const bodySource = (body: Body): BodySource | undefined => (body instanceof FileBody ? body.source() : undefined);

/** `hash`: the digest of the file's text when it was parsed; a body read from other text stops the run. */
export function lazyBody(format: Body['format'], abs: string, file: string, defaults: ItemDefaults, hash: string): Body {
  return new FileBody(format, abs, file, defaults, hash);
}
