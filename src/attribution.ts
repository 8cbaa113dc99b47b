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
    return item.credit
      .split(/(?<=[.!?])\s+/)
      .filter((s) => !s.includes(withheldPhotoCredit))
      .join(' ');
  }
  const parts = [sentence(`By ${joinNames(item.authors.map((a) => a.name))}`)];
  for (const c of item.contributors) parts.push(sentence(`${capitalized(c.role)} by ${c.name}`));
  // A withheld photo is not in the document: its credit is not either.
  if (item.image?.credit && withheldPhotoCredit === undefined) parts.push(`Photo: ${item.image.credit}`);
  return parts.join(' ');
}
