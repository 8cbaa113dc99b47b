// The RSS 2.0 rules the W3C feed validator (w3c/feedvalidator) checks that can be checked
// without a schema: RSS 2.0 has none. Each finding names the rule it breaks.
import { XMLParser } from 'fast-xml-parser';
import { emptyElements, parseXml, textOf, wellFormedProblems, type Node } from './xml.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (GMT|[+-]\d{4})$/;
const MIME = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i;
const HTTP = /^https?:\/\/[^\s]+$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
// Must appear at most once in an item (the validator's noduplicates()).
const ONCE = ['title', 'link', 'description', 'pubDate', 'guid', 'content:encoded', 'source', 'dc:source', 'dc:rights', 'enclosure', 'creativeCommons:license', 'dc:language', 'atom:updated', 'atom:author', 'dcterms:modified'];
// media:credit roles under scheme urn:ebu the validator accepts (feedvalidator's media.py), those we might write.
const EBU_ROLES = ['photographer', 'author', 'editor', 'reporter', 'distribution company', 'publishing company', 'graphic designer', 'illustrator'];

/** Epoch ms of an RFC 822 date as RSS writes it (4-digit year), or a reason it is not one. */
export function parseRfc822(s: string): number | string {
  const m = RFC822.exec(s);
  if (!m) return `not an RFC 822 date with a 4-digit year: "${s}"`;
  const [, dow, dd, mon, yyyy, hh, mi, ss, zone] = m;
  const offset = zone === 'GMT' ? 0 : (zone!.startsWith('-') ? -1 : 1) * (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(3)));
  const ms = Date.UTC(Number(yyyy), MONTHS.indexOf(mon!), Number(dd), Number(hh), Number(mi), Number(ss)) - offset * 60_000;
  const local = new Date(ms + offset * 60_000);
  if (local.getUTCDate() !== Number(dd)) return `no such day: "${s}"`;
  if (DAYS[local.getUTCDay()] !== dow) return `wrong day of the week: "${s}"`;
  return ms;
}

const ordered = new XMLParser({ ignoreAttributes: true, preserveOrder: true });
const names = (children: Node[]) => children.map((c) => Object.keys(c).find((k) => k !== ':@')!);

const list = (v: unknown): Node[] => (v === undefined ? [] : Array.isArray(v) ? (v as Node[]) : [v as Node]);
const count = (node: Node, name: string) => list(node[name]).length;
/** The text of the first `name` child: RSS's `link` shares its name with Atom's, which may repeat. */
const text1 = (node: Node, name: string) => textOf(list(node[name])[0]);

export function rssProblems(doc: string): string[] {
  const p: string[] = [...wellFormedProblems(doc)];
  if (p.length) return p;
  const tree = parseXml(doc);
  const rss = tree.rss as Node | undefined;
  if (!rss) return ['root element is not <rss>'];
  if (rss['@version'] !== '2.0') p.push(`rss version is "${String(rss['@version'])}", not "2.0"`);
  const channels = list(rss.channel);
  if (channels.length !== 1) return [...p, `expected one channel, got ${channels.length}`];
  const ch = channels[0]!;

  for (const el of ['title', 'link', 'description'])
    if (count(ch, el) !== 1 || !text1(ch, el)?.trim()) p.push(`channel: exactly one non-blank <${el}> is required`);
  if (!list(ch['atom:link']).some((l) => l['@rel'] === 'self')) p.push('channel: missing atom:link rel="self" (MissingAtomSelfLink)');
  if (ch.copyright !== undefined && ch['dc:rights'] !== undefined) p.push('channel: copyright and dc:rights together (DuplicateSemantics)');
  if (ch.language !== undefined && ch['dc:language'] !== undefined) p.push('channel: language and dc:language together (DuplicateSemantics)');
  if (ch.language === undefined && ch['dc:language'] === undefined) p.push('channel: no language (MissingDCLanguage)');
  for (const el of ['lastBuildDate', 'pubDate']) {
    if (ch[el] === undefined) continue;
    const d = parseRfc822(text1(ch, el)!);
    if (typeof d === 'string') p.push(`channel ${el}: ${d}`);
  }
  const img = ch.image as Node | undefined;
  if (img) for (const el of ['url', 'title', 'link']) if (!text1(img, el)?.trim()) p.push(`channel image: <${el}> is required`);

  // Order: every item after the channel's own elements (MisplacedItem), description before content:encoded.
  const root = ordered.parse(doc) as Node[];
  const rssNode = root.find((n) => 'rss' in n)!.rss as Node[];
  const chNode = rssNode.find((n) => 'channel' in n)!.channel as Node[];
  const chNames = names(chNode);
  const firstItem = chNames.indexOf('item');
  if (firstItem >= 0 && chNames.slice(firstItem).some((n) => n !== 'item' && n !== '#text'))
    p.push('channel: an element follows the first <item> (MisplacedItem)');
  const orderedItems = chNode.filter((n) => 'item' in n).map((n) => names(n.item as Node[]));

  const guids = new Set<string>();
  list(ch.item).forEach((item, i) => {
    const at = `item ${i + 1}`;
    for (const el of ONCE) if (count(item, el) > 1) p.push(`${at}: more than one <${el}>`);
    if (!textOf(item.title)?.trim() && !textOf(item.description)?.trim()) p.push(`${at}: needs a title or a description`);
    if (count(item, 'guid') !== 1) p.push(`${at}: expected one <guid> (MissingGuid)`);
    else {
      const g = item.guid as Node | string;
      const value = textOf(g) ?? '';
      const perma = typeof g === 'object' ? (g['@isPermaLink'] as string | undefined) : undefined;
      if (perma !== undefined && perma !== 'true' && perma !== 'false') p.push(`${at}: guid isPermaLink must be "true" or "false"`);
      if (perma !== 'false' && (!HTTP.test(value) || /^(tag|urn):/i.test(value))) p.push(`${at}: permalink guid is not an http(s) URL: "${value}"`);
      if (guids.has(value)) p.push(`${at}: guid "${value}" repeats (DuplicateValue)`);
      guids.add(value);
    }
    if (item.pubDate !== undefined) {
      const d = parseRfc822(textOf(item.pubDate)!);
      if (typeof d === 'string') p.push(`${at} pubDate: ${d}`);
    }
    if (item.link !== undefined && !HTTP.test(text1(item, 'link')!)) p.push(`${at}: link is not an absolute URL`);
    for (const enc of list(item.enclosure)) {
      if (!HTTP.test(String(enc['@url'] ?? ''))) p.push(`${at}: enclosure url missing or not http(s)`);
      if (!/^\d+$/.test(String(enc['@length'] ?? ''))) p.push(`${at}: enclosure length missing or not a non-negative integer`);
      if (!MIME.test(String(enc['@type'] ?? ''))) p.push(`${at}: enclosure type missing or not a MIME type`);
    }
    if (item.source !== undefined && item['dc:source'] !== undefined) p.push(`${at}: source and dc:source together (DuplicateItemSemantics)`);
    if (item.source !== undefined && !HTTP.test(String((item.source as Node)['@url'] ?? ''))) p.push(`${at}: source needs a url attribute`);
    if (item.author !== undefined) {
      if (item['dc:creator'] !== undefined) p.push(`${at}: author and dc:creator together (DuplicateItemSemantics)`);
      for (const a of list(item.author)) if (!/\S+@\S+/.test(textOf(a) ?? '')) p.push(`${at}: author without an email address`);
    }
    if (item.pubDate !== undefined && item['dc:date'] !== undefined) p.push(`${at}: pubDate and dc:date together (DuplicateItemSemantics)`);
    if (item['atom:updated'] !== undefined && !RFC3339.test(textOf(list(item['atom:updated'])[0]) ?? '')) p.push(`${at}: atom:updated is not an RFC 3339 date-time`);
    const media = [...list(item['media:group']), item];
    for (const m of [...media, ...media.flatMap((g) => list(g['media:content']))]) {
      for (const c of list(m['media:credit'])) {
        const role = c['@role'] as string | undefined;
        if (role !== undefined && (c['@scheme'] ?? 'urn:ebu') === 'urn:ebu' && !EBU_ROLES.includes(role)) p.push(`${at}: media:credit role "${role}" is not an EBU role (InvalidCreditRole)`);
      }
      for (const t of list(m['media:thumbnail'])) if (!HTTP.test(String(t['@url'] ?? ''))) p.push(`${at}: media:thumbnail needs a url`);
      for (const el of ['media:title', 'media:text', 'media:description'])
        for (const t of list(m[el])) {
          const type = typeof t === 'object' ? t['@type'] : undefined;
          if (type !== undefined && type !== 'plain' && type !== 'html') p.push(`${at}: ${el} type must be plain or html (InvalidMediaTextType)`);
        }
      if (list(m['media:title']).length > 1 || list(m['media:description']).length > 1) p.push(`${at}: more than one media:title or media:description in one place`);
    }
    if (item['creativeCommons:license'] !== undefined && !HTTP.test(textOf(item['creativeCommons:license'])!))
      p.push(`${at}: creativeCommons:license is not a URL`);
    const order = orderedItems[i] ?? [];
    if (order.includes('content:encoded') && !order.slice(0, order.indexOf('content:encoded')).includes('description'))
      p.push(`${at}: content:encoded without a description before it (NeedDescriptionBeforeContent)`);
  });

  // RFC 6721 tombstones in the channel: the attributes Atom requires, and the reason as text.
  list(ch['at:deleted-entry']).forEach((t, i) => {
    const at = `tombstone ${i + 1}`;
    if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(String(t['@ref'] ?? ''))) p.push(`${at}: at:deleted-entry needs a ref, the entry's id (an IRI)`);
    if (!RFC3339.test(String(t['@when'] ?? ''))) p.push(`${at}: at:deleted-entry needs when, an RFC 3339 date-time`);
    if (t['at:comment'] !== undefined && typeof t['at:comment'] !== 'string' && typeof (t['at:comment'] as Node)['#text'] !== 'string')
      p.push(`${at}: at:comment is not text`);
    if (guids.has(String(t['@ref']))) p.push(`${at}: names an item that is still in the channel`);
  });
  list(ch.item).forEach((item, i) => {
    const valid = item['dcterms:valid'];
    if (valid !== undefined && !/^(?:(?:start|end|name|scheme)=[^;]+;\s*)+$/.test(textOf(valid) ?? ''))
      p.push(`item ${i + 1}: dcterms:valid is not a DCMI Period ("end=…; scheme=W3C-DTF;")`);
    const modified = item['dcterms:modified'];
    if (modified !== undefined && !RFC3339.test(textOf(modified) ?? '')) p.push(`item ${i + 1}: dcterms:modified is not a W3C-DTF date-time`);
  });

  for (const e of emptyElements(tree, ['atom:link', 'enclosure', 'media:content', 'fh:complete', 'fh:archive', 'media:thumbnail', 'webfeeds:cover', 'webfeeds:analytics']))
    p.push(`empty element or attribute: ${e}`);
  return p;
}
