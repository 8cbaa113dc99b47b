// The visible credit line, built from the attribution chain.
import type { Item } from './types.js';

/** "A", "A and B", "A, B and C" */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

const sentence = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);
const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

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
  const parts = [sentence(`By ${joinNames(item.authors.map((a) => a.name))}`)];
  for (const c of item.contributors) parts.push(sentence(`${capitalized(c.role)} by ${c.name}`));
  // A withheld photo is not in the document: its credit is not either.
  if (item.image?.credit && withheldPhotoCredit === undefined) parts.push(`Photo: ${item.image.credit}`);
  return parts.join(' ');
}

/** Whether a credit line names the photo credit: compared as `withoutPhotoCredit` finds it. */
export const namesPhotoCredit = (line: string, photoCredit: string) => line.toLowerCase().includes(photoCredit.trim().toLowerCase());

/**
 * An item's own credit line less the photo credit: only the clause that names it goes, with
 * its label ("Photo:", "photo by"), so "By TT, photo Markus Schreiber/AP/TT." keeps "By TT.";
 * a sentence left with no words goes whole.
 */
export function withoutPhotoCredit(line: string, photoCredit: string): string {
  const credit = photoCredit.trim();
  const escaped = credit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Spaces are counted (at most 16), never `\\s*`: a regex that may start anywhere inside a long run
  // of spaces and then takes the rest of it backtracks through the run each time (quadratic).
  const clause = new RegExp(`[,;]?\\s{0,16}(?:(?:photos?|pictures?|images?|foto)\\b\\s{0,16}(?:(?:by\\b|:)\\s{0,16})?)?${escaped}`, 'giu');
  return line
    .split(/(?<=[.!?])\s+/)
    .map((s) => {
      if (!namesPhotoCredit(s, credit)) return s;
      const rest = s.replace(clause, '').replace(/\(\s*\)/g, '').replace(/(?<!\s)\s+(?=[.!?,;])/g, '').trim();
      return /[\p{L}\p{N}]/u.test(rest) ? sentence(rest.replace(/(?<![,;])[,;]+$/, '')) : '';
    })
    .filter(Boolean)
    .join(' ');
}
