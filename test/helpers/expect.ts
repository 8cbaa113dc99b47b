// What the mapping (DESIGN.md's table) says each item field becomes, written out for the
// tests independently of src/render, so a test compares the output with the rule and not
// with the code that implements it.
import type { Item } from '../../src/types.js';

/** Optional plain text as a feed carries it: trimmed; absent when empty. */
export const present = (s: string | undefined): string | undefined => (s?.trim() ? s.trim() : undefined);

/** "A", "A and B", "A, B and C" */
const names = (list: string[]) => (list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`);

/** DESIGN.md: "By A and B. English edition by Sweden Herald. Photo: Markus Schreiber/AP/TT", or the item's own. */
export function expectedCredit(item: Item): string {
  if (item.credit) return item.credit;
  const end = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);
  // A label is printed once: a name, role or credit that already has it does not get it again.
  const byline = names(item.authors.map((a) => a.name)).trim();
  const parts = [end(/^by\b/i.test(byline) ? byline : `By ${byline}`)];
  for (const c of item.contributors) {
    const role = c.role.replace(/\s+by$/i, '');
    parts.push(end(`${role[0]!.toUpperCase()}${role.slice(1)} by ${c.name}`));
  }
  const photo = present(item.image?.credit);
  if (photo) parts.push(/^(photos?|foto|pictures?|images?)\b/i.test(photo) ? photo : `Photo: ${photo}`);
  return parts.join(' ');
}

/** Text as HTML: `&`, `<`, `>` escaped, and CR as a reference (HTML, like XML, turns a literal CR into LF). */
export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');

/** Undo escapeHtml and the numeric references an HTML text may hold. */
export const unescapeHtml = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

export const creditParagraph = (item: Item) => `<p class="credit">${escapeHtml(expectedCredit(item))}</p>`;

const KNOWN_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif' };

/** The image's media type: given, or named by a common extension; undefined when unknown. */
export function imageType(url: string, given?: string): string | undefined {
  if (given) return given;
  const ext = /\.(\w+)$/.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  return ext ? KNOWN_TYPES[ext] : undefined;
}

/** Whole seconds: RFC 822 dates carry no fraction. */
export const toSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

export const newest = (items: readonly Item[]) => Math.max(...items.map((i) => i.updated));
