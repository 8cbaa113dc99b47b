// Escaping for XML text and attributes, in one place. Forbidden characters were already
// removed at load (items/clean.ts); config text is cleaned here too, to be safe for any input.
import { cleanText } from '../items/clean.js';

// CR is written as a reference: a parser turns a literal CR (or CRLF) into LF (XML 1.0 §2.11).
const TEXT = /[&<>\r]/g;
const HAS_TEXT_SPECIAL = /[&<>\r]/;
const ATTR = /[&<>"\t\n\r]/g;
const ENTITIES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;',
};

/** Text content. `>` is escaped too, so `]]>` can never appear in the document. */
export function text(s: string): string {
  const clean = cleanText(s);
  return HAS_TEXT_SPECIAL.test(clean) ? clean.replace(TEXT, (c) => ENTITIES[c]!) : clean;
}

/** Attribute value, for use inside double quotes; whitespace escaped so it survives normalization. */
export function attr(s: string): string {
  const clean = cleanText(s);
  return clean.replace(ATTR, (c) => ENTITIES[c]!);
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
