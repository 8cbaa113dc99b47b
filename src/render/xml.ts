// Escaping for XML text and attributes, in one place. Forbidden characters were already
// removed at load (items/clean.ts): `escapeText`/`escapeAttr` are for those clean strings, on
// the per-item hot path. `text`/`attr`/`el`/`attributes` also clean, for config text and any
// other input that did not pass the loader (a document head, discovery pages, OPML).
import { cleanText } from '../items/clean.js';

// CR is written as a reference: a parser turns a literal CR (or CRLF) into LF (XML 1.0 §2.11).
const ATTR = /[&<>"\t\n\r]/g;
// Most values need no escaping: a test first is about twice as fast as a replace that finds nothing.
const HAS_TEXT = /[&<>\r]/;
const HAS_ATTR = /[&<>"\t\n\r]/;
// A switch, not a table lookup: the callback runs once per special character.
const entity = (c: string): string => {
  switch (c) {
    case '<': return '&lt;';
    case '>': return '&gt;';
    case '&': return '&amp;';
    case '"': return '&quot;';
    case '\t': return '&#9;';
    case '\n': return '&#10;';
    default: return '&#13;';
  }
};

const LONG = 256;

/** Text content of a clean string. `>` is escaped too, so no text can close a CDATA section (render/shared.ts writes the only `]]>`s). */
export function escapeText(s: string): string {
  // A short string (as most do) needs nothing: one test answers that faster than four indexOf.
  return s.length > LONG || HAS_TEXT.test(s) ? escapeChars(s) : s;
}

/**
 * escapeText by indexOf, which finds one character many times faster than a regular expression
 * scans for a class; a body has only tens of special characters in thousands. Each of the four
 * is found on its own, the nearest taken each time. The result is a rope of the pieces between
 * them, which the writer flattens once: about twice as fast as replace with a callback, for a
 * body as for a short string with a few (a credit paragraph).
 */
function escapeChars(s: string): string {
  const n = s.length;
  const next = (c: string, from: number) => {
    const i = s.indexOf(c, from);
    return i < 0 ? n : i;
  };
  let lt = next('<', 0);
  let gt = next('>', 0);
  let amp = next('&', 0);
  let cr = next('\r', 0);
  let out = '';
  let last = 0;
  for (;;) {
    let at: number;
    let by: string;
    if (lt < gt && lt < amp && lt < cr) {
      at = lt;
      by = '&lt;';
      lt = next('<', at + 1);
    } else if (gt < amp && gt < cr) {
      at = gt;
      by = '&gt;';
      gt = next('>', at + 1);
    } else if (amp < cr) {
      at = amp;
      by = '&amp;';
      amp = next('&', at + 1);
    } else if (cr < n) {
      at = cr;
      by = '&#13;';
      cr = next('\r', at + 1);
    } else break;
    out += s.slice(last, at) + by;
    last = at + 1;
  }
  return last === 0 ? s : out + s.slice(last);
}

/**
 * Whether a clean string can be the text of a CDATA section as it is: no `]]>`, which would end
 * it, and no CR, which a parser would turn into LF (XML 1.0 §2.11). Two native scans.
 */
export function fitsCdata(s: string): boolean {
  return s.indexOf(']]>') < 0 && s.indexOf('\r') < 0;
}

/** Attribute value of a clean string, for use inside double quotes; whitespace escaped so it survives normalization. */
export function escapeAttr(s: string): string {
  return HAS_ATTR.test(s) ? s.replace(ATTR, entity) : s;
}

/** Text content of any string. */
export function text(s: string): string {
  return escapeText(cleanText(s));
}

/** Attribute value of any string. */
export function attr(s: string): string {
  return escapeAttr(cleanText(s));
}

/** `<name a="v">text</name>`, or nothing when the value is absent or empty. */
export function el(name: string, value: string | undefined, attrs?: Record<string, string | number | undefined>): string {
  if (value === undefined || value === '') return '';
  return `<${name}${attrs ? attributes(attrs) : ''}>${text(value)}</${name}>`;
}

export function attributes(attrs: Record<string, string | number | undefined>): string {
  let out = '';
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== '') out += ` ${k}="${attr(String(v))}"`;
  return out;
}

// The same, for clean strings (an Entry's fields): no cleaning, no attribute objects.

/** `<name>text</name>` of a clean value, or nothing when it is absent or empty. */
export function elc(name: string, value: string | undefined): string {
  return value === undefined || value === '' ? '' : `<${name}>${escapeText(value)}</${name}>`;
}

/** ` name="value"` of a clean value, or nothing when it is absent or empty. */
export function at(name: string, value: string | number | undefined): string {
  return value === undefined || value === '' ? '' : ` ${name}="${typeof value === 'number' ? value : escapeAttr(value)}"`;
}
