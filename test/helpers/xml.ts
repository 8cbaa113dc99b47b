// Reading our XML back the way a consumer would, and the well-formedness checks that
// fast-xml-parser's lenient validator leaves out.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Elements that may repeat: always arrays, so a test never depends on the count. */
const REPEATED = new Set([
  'item', 'entry', 'category', 'dc:creator', 'dc:contributor', 'author', 'contributor', 'link',
  'atom:link', 'media:content', 'enclosure', 'at:deleted-entry',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Text exactly as written: no trimming, no number parsing, every character reference decoded.
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  htmlEntities: true,
  processEntities: true,
  isArray: (name) => REPEATED.has(name),
});

export type Node = Record<string, unknown>;

export function parseXml(doc: string): Node {
  return parser.parse(doc) as Node;
}

/** The text of an element that may also carry attributes. */
export function textOf(node: unknown): string | undefined {
  if (node === undefined) return undefined;
  if (typeof node === 'string') return node;
  const t = (node as Node)['#text'];
  return typeof t === 'string' ? t : '';
}

// XML 1.0 Char: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Problems that make `doc` not well-formed XML 1.0; empty when it is. */
export function wellFormedProblems(doc: string): string[] {
  const problems: string[] = [];
  const valid = XMLValidator.validate(doc);
  if (valid !== true) problems.push(`${valid.err.code}: ${valid.err.msg} (line ${valid.err.line})`);
  const bad = NOT_XML_CHAR.exec(doc);
  if (bad) problems.push(`character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase()} is not allowed in XML 1.0 (offset ${bad.index})`);
  // Outside CDATA sections, `]]>` may not appear in character data (XML 1.0 §2.4).
  const outsideCdata = doc.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  if (outsideCdata.includes(']]>')) problems.push('"]]>" in character data');
  return problems;
}

/**
 * Elements written with no value: no text (or only whitespace) and no child element, unless
 * the format defines them by their attributes alone (`attributeOnly`: Atom's `link`, RSS's
 * `enclosure`) or as markers (`fh:complete`); and attributes with an empty value.
 */
export function emptyElements(tree: Node, attributeOnly: readonly string[]): string[] {
  const out: string[] = [];
  const markers = ['fh:complete', 'fh:archive', '?xml'];
  const walk = (name: string, value: unknown): void => {
    if (Array.isArray(value)) return value.forEach((v) => walk(name, v));
    if (typeof value === 'string') {
      if (value.trim() === '' && !markers.includes(name)) out.push(name);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const node = value as Node;
    const keys = Object.keys(node);
    const children = keys.filter((k) => !k.startsWith('@') && k !== '#text');
    for (const k of keys) if (k.startsWith('@') && String(node[k]).trim() === '') out.push(`${name}/${k}`);
    const text = typeof node['#text'] === 'string' ? (node['#text'] as string) : '';
    if (name && children.length === 0 && text.trim() === '' && !attributeOnly.includes(name) && !markers.includes(name))
      out.push(name);
    for (const k of children) walk(k, node[k]);
  };
  walk('', tree);
  return out;
}
