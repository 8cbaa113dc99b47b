// DCMI terms, for RSS items and Atom entries alike: the licence's end announced in advance
// (`dcterms:valid`, a DCMI Period, as MSN reads it) and, in RSS, which has no entry-level
// updated, the time of a correction (`dcterms:modified`).
import { rfc3339, type Entry } from './entry.js';

export const DCTERMS_NS = 'http://purl.org/dc/terms/';

/** `end=…; scheme=W3C-DTF;` (DCMI Period encoding): after this the story may no longer be used. */
const validPeriod = (end: number): string => `end=${rfc3339(end)}; scheme=W3C-DTF;`;

export function dctermsValid(e: Entry): string {
  return e.expires === undefined ? '' : `<dcterms:valid>${validPeriod(e.expires)}</dcterms:valid>`;
}

/**
 * Every item changed after it was published, with a correction note or without (feedparser reads
 * it as the entry's `updated`: docs/readers.md), and a takedown (an expiry at or before the
 * entry's updated: MSN wants it "paired with a newer dcterms:modified").
 */
export function dctermsModified(e: Entry): string {
  const takedown = (e.expires ?? Infinity) <= e.updated;
  return e.updated > e.published || takedown ? `<dcterms:modified>${rfc3339(e.updated)}</dcterms:modified>` : '';
}
