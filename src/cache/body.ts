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
 * with every body in memory). `text` is an own enumerable property, so a copy made with
 * spread or JSON.stringify carries the text, as with a plain Body.
 */
export function lazyBody(format: Body['format'], abs: string, file: string, defaults: ItemDefaults): Body {
  const body = { format } as Body;
  Object.defineProperty(body, 'text', { enumerable: true, get: () => readBodyText(abs, file, defaults) });
  // Frozen: it cannot change within the run, so renderBody may reuse what it made of it.
  return Object.freeze(body);
}
