// An item's body, read from its file only when a document shows it. The item index keeps
// every item's metadata in memory but no body: at 100,000 items the bodies alone are
// hundreds of megabytes, and a feed shows fifty of them.
import { readFileSync } from 'node:fs';
import { parseItem, type ItemDefaults } from '../items/parse.js';
import type { Body } from '../types.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body of the item in `abs`, parsed exactly as the loader parsed it (the same function,
 * so no second set of rules). A file that changed or vanished since it was listed gives an
 * empty body for this run; the next run lists the change and parses the item afresh.
 */
export function readBodyText(abs: string, file: string, defaults: ItemDefaults): string {
  try {
    const parsed = parseItem(utf8.decode(readFileSync(abs)), file, defaults);
    return parsed.ok && parsed.item.body ? parsed.item.body.text : '';
  } catch {
    return '';
  }
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

  constructor(
    readonly format: Body['format'],
    abs: string,
    file: string,
    defaults: ItemDefaults,
  ) {
    this.#abs = abs;
    this.#file = file;
    this.#defaults = defaults;
    Object.freeze(this);
  }

  get text(): string {
    return readBodyText(this.#abs, this.#file, this.#defaults);
  }

  toJSON(): Body {
    return { format: this.format, text: this.text };
  }
}

export function lazyBody(format: Body['format'], abs: string, file: string, defaults: ItemDefaults): Body {
  return new FileBody(format, abs, file, defaults);
}
