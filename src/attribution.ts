// The visible credit line, built from the attribution chain.
import type { Item } from './types.js';

/** "A", "A and B", "A, B and C" */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

// The last character read, not a regular expression: asked of every sentence of every item's credit line.
const sentence = (s: string) => {
  const c = s.charCodeAt(s.length - 1);
  return c === 46 || c === 33 || c === 63 ? s : `${s}.`; // . ! ?
};
const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "By A and B": the label once, even when a name already carries it ("By Åsa Öberg" is no "By By"). */
export const byLine = (names: readonly string[]) => {
  const joined = joinNames(names).trim();
  // Only B or b, then Y or y, fold to "by" (no other letter does): the Unicode test only after them.
  const starts = (joined.charCodeAt(0) | 0x20) === 0x62 && (joined.charCodeAt(1) | 0x20) === 0x79;
  return starts && /^by(?![\p{L}\p{N}])/iu.test(joined) ? joined : `By ${joined}`;
};

/** The words that label a photo credit ("Photo: …", "Photo by …", "Foto: …"), in both directions: added and taken out. */
const PHOTO_WORDS = 'photos?|pictures?|images?|foto';
const PHOTO_LABEL = new RegExp(`^(?:${PHOTO_WORDS})(?![\\p{L}\\p{N}])`, 'iu');
/** The first letters of those words, lower-cased: a credit that starts with none cannot start with a label. */
const PHOTO_FIRST = new Set(PHOTO_WORDS.split('|').map((w) => w.charCodeAt(0) | 0x20));

/** The photo credit as the credit line and index.html print it: "Photo: Karin Nyström/TT", never "Photo: Photo: …". */
export const photoCreditText = (credit: string) => {
  const trimmed = credit.trim();
  // Only a word's first letter, in either case, can start a label (the words start with ASCII
  // letters, and no other letter case-folds to p, i or f): the Unicode test only after it.
  return PHOTO_FIRST.has(trimmed.charCodeAt(0) | 0x20) && PHOTO_LABEL.test(trimmed) ? trimmed : `Photo: ${trimmed}`;
};

/** "Translated by" and "Translation" both give "… by Sweden Herald", never "by by". */
export const contributorSentence = (role: string, name: string) => {
  const r = role.trim();
  // Only b or B, then y or Y, end in "by" (no other letter folds to them): the Unicode replace only after them.
  const n = r.length;
  const endsBy = n >= 2 && (r.charCodeAt(n - 1) | 0x20) === 0x79 && (r.charCodeAt(n - 2) | 0x20) === 0x62;
  return `${capitalized(endsBy ? r.replace(/\s+by$/iu, '') : r)} by ${name}`;
};

// A credit's label ("Photo: ", "Foto by "), and a picture service named before its
// photographer ("AP Photo", "Getty Images", "NTB Scanpix"). Anchored, spaces counted: linear.
const LABELLED = new RegExp(`^\\s{0,16}(?:${PHOTO_WORDS})\\s{0,16}(?:by\\b|:)\\s{0,16}`, 'iu');
const PICTURE_SERVICE = new RegExp(`(?<![\\p{L}\\p{N}])(?:${PHOTO_WORDS}|scanpix)$`, 'iu');

/**
 * The photographer a credit names, by the "Photographer/Agency" convention (and a picture
 * service's "AP Photo/Photographer"), after the credit's label if it has one: a part of two
 * or more words. Undefined for "AP/TT" or "NTB".
 */
export function photographerOf(credit: string | undefined): string | undefined {
  const parts = (credit ?? '').replace(LABELLED, '').split('/').map((p) => p.trim());
  if (parts.length < 2) return undefined;
  const who = PICTURE_SERVICE.test(parts[0]!) ? parts[1]! : parts[0]!;
  return /^\p{Lu}[\p{L}'’.-]*(?:\s+[\p{L}'’.-]+)+$/u.test(who) ? who : undefined;
}

/**
 * "By TT News Agency. English edition by Sweden Herald. Photo: Markus Schreiber/AP/TT"
 * The item's own `credit` wins, verbatim, unless its photo was withheld: then the
 * sentence naming the photo credit goes too (from a built line, the "Photo:" part).
 */
export function creditLine(item: Item, withheldPhotoCredit?: string): string {
  if (item.credit) {
    if (!withheldPhotoCredit) return item.credit;
    // A line that was nothing but the photo credit falls back to the built one.
    const kept = withoutPhotoCredit(item.credit, withheldPhotoCredit);
    if (kept) return kept;
  }
  const parts = [sentence(byLine(item.authors.map((a) => a.name)))];
  for (const c of item.contributors) parts.push(sentence(contributorSentence(c.role, c.name)));
  // A withheld photo is not in the document: its credit is not either.
  if (item.image?.credit?.trim() && withheldPhotoCredit === undefined) parts.push(photoCreditText(item.image.credit));
  return parts.join(' ');
}

/** Whether a credit line names the photo credit: compared as `withoutPhotoCredit` finds it. */
export const namesPhotoCredit = (line: string, photoCredit: string) => line.toLowerCase().includes(photoCredit.trim().toLowerCase());

/** A private-use character standing for the photo credit while the line is cut into sentences. */
const CREDIT_MARK = '\uE000';

/**
 * An item's own credit line less the photo credit: only the clause that names it goes, with
 * its label ("Photo:", "photo by"), so "By TT, photo Markus Schreiber/AP/TT." keeps "By TT.";
 * a sentence left with no words goes whole.
 */
export function withoutPhotoCredit(line: string, photoCredit: string): string {
  const credit = photoCredit.trim();
  if (!credit) return line;
  const escaped = credit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // The credit is marked before the line is cut into sentences: "J. Dahl/TT" is one credit, not
  // the end of one sentence and the start of the next.
  const marked = line.replace(new RegExp(escaped, 'giu'), CREDIT_MARK);
  // Spaces are counted (at most 16), never `\\s*`: a regex that may start anywhere inside a long run
  // of spaces and then takes the rest of it backtracks through the run each time (quadratic).
  const clause = new RegExp(`[,;]?\\s{0,16}(?:(?:${PHOTO_WORDS})\\b\\s{0,16}(?:(?:by\\b|:)\\s{0,16})?)?${CREDIT_MARK}`, 'giu');
  return marked
    .split(/(?<=[.!?])\s+/)
    .map((s) => {
      if (!s.includes(CREDIT_MARK)) return s;
      const rest = s.replace(clause, '').replace(/\(\s*\)/g, '').replace(/(?<!\s)\s+(?=[.!?,;])/g, '').trim();
      return /[\p{L}\p{N}]/u.test(rest) ? sentence(rest.replace(/(?<![,;])[,;]+$/, '')) : '';
    })
    .filter(Boolean)
    .join(' ');
}
