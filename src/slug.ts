// Tag text → a folder name that is safe on every file system and in a URL.
import { createHash } from 'node:crypto';
import { memoized } from './memo.js';

// Latin letters that Unicode does not decompose into a base letter plus a mark.
const LATIN: Record<string, string> = { æ: 'ae', ø: 'o', œ: 'oe', ß: 'ss', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i' };

/**
 * Lowercase ASCII letters, digits and single dashes, never empty, never `.` or `..`, no `/`:
 * "Göteborg" → "goteborg", "Tromsø" → "tromso", "../../etc" → "etc", "a/b" → "a-b".
 * Letters with no ASCII spelling ("Україна", "北京") would vanish, and two such tags would
 * share a folder; a short hash of the text keeps them apart ("україна" → "t-1b2c3d4e").
 * Asked for every tag of every item by every tag and partner feed: each text is folded once.
 */
export const slugify: (tag: string) => string = memoized(50_000, (tag: string) => slugOf(tag));


function slugOf(tag: string): string {
  const folded = tag
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[æøœßđðłþı]/g, (c) => LATIN[c]!);
  // 80 characters keep a folder name far below every file system's limit.
  const ascii = folded.replace(/[^a-z0-9]+/g, '-').replace(/^-+/, '').slice(0, 80).replace(/-+$/, '');
  // Non-ASCII letters, digits and symbols (emoji) carry meaning; spaces and punctuation do not.
  const lost = /[^\x00-\x7f]/.test(folded.replace(/[\s\p{P}]/gu, ''));
  // Windows cannot open a folder with a device name, whatever the case.
  if (!lost) return ascii ? ascii.replace(/^(con|prn|aux|nul|com\d|lpt\d)$/, '$1-tag') : 'tag';
  const hash = createHash('sha256').update(tag.normalize('NFC').toLowerCase()).digest('hex').slice(0, 8);
  return ascii ? `${ascii}-${hash}` : `t-${hash}`;
}
