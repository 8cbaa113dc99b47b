// One item file's text → an Item, or the problems that keep it out. Pure: no I/O.
import type { Body, Item, Person, Problem } from '../types.js';
import { MAX_BODY_CHARS } from '../limits.js';
import { capProblems, describe, lineOf, parseYamlSource, toData, validate } from '../validate.js';
import { cleanDeep, cleanText, suspect } from './clean.js';
import { fastFields } from './fast-fields.js';
import { fastYaml } from './fast-yaml.js';
import { itemSchema, type ItemFields } from './schema.js';
import { splitFrontMatter } from './front-matter.js';
import { jsonShape, markdownShape } from './shape.js';

export interface ItemDefaults {
  /** Used when an item names no author (config `site.default_author`). */
  author?: Person;
}

export type ParseResult = { ok: true; item: Item } | { ok: false; problems: Problem[] };

const fail = (file: string, message: string, line?: number, field?: string): ParseResult => ({
  ok: false,
  problems: [{ file, line, field, message, severity: 'error' }],
});

/** JSON.parse's error as "line: reason": its wording of the place differs between Node versions. */
function jsonError(text: string, err: Error): { line: number; reason: string } {
  const pos = /position (\d+)/.exec(err.message);
  const reason = err.message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
  const at = pos ? Number(pos[1]) : text.trimEnd().length;
  return { line: text.slice(0, at).split('\n').length, reason };
}

/** `withdrawn: true` is a kill at the time of the item's last change. */
function withdrawal(fields: ItemFields): Item['withdrawn'] {
  const w = fields.withdrawn;
  if (w === undefined || w === false) return false;
  if (w === true) return { at: fields.updated ?? fields.published };
  return { at: w.at, reason: w.reason };
}

/** The line of a field, for checks made after the schema. */
type LineFor = (path: readonly PropertyKey[]) => number | undefined;

function toItem(
  fields: ItemFields,
  raw: Record<string, unknown>,
  body: Body | undefined,
  file: string,
  defaults: ItemDefaults,
  lineFor: LineFor,
): ParseResult {
  const authors = fields.authors ?? (defaults.author ? [defaults.author] : undefined);
  if (!authors)
    return fail(file, 'required: expected at least one author (or site.default_author in the config)', lineFor(['authors']), 'authors');
  const item: Item = {
    file,
    id: fields.id ?? fields.url,
    url: fields.url,
    title: fields.title,
    published: fields.published,
    updated: fields.updated ?? fields.published,
    authors,
    contributors: fields.contributors,
    tags: [...new Set(fields.tags)],
    syndication: fields.syndication ?? { partners: 'all' },
    withdrawn: withdrawal(fields),
  };
  // Counted as a Markdown body is (shape.ts): trailing white space costs the renderer nothing.
  const htmlLength = fields.content_html?.trimEnd().length ?? 0;
  if (htmlLength > MAX_BODY_CHARS) return fail(file, `expected at most ${MAX_BODY_CHARS} characters, got ${htmlLength}`, lineFor(['content_html']), 'content_html');
  if (item.updated < item.published)
    return fail(
      file,
      `expected a time no earlier than published (${String(raw.published)}), got ${describe(raw.updated)}`,
      lineFor(['updated']),
      'updated',
    );
  if (fields.correction !== undefined) {
    if (item.updated <= item.published)
      return fail(
        file,
        `expected updated later than published (${String(raw.published)}) with a correction: give the time of the correction in updated`,
        lineFor(['correction']),
        'correction',
      );
    item.correction = fields.correction;
  }
  if (fields.summary !== undefined && fields.summary.trim() !== '') item.summary = fields.summary.trim();
  if (body) item.body = body;
  if (fields.language) item.language = fields.language;
  if (fields.source) item.source = fields.source;
  if (fields.credit) item.credit = fields.credit;
  if (fields.image) item.image = fields.image;
  if (fields.rights) item.rights = fields.rights;
  if (fields.license) item.license = fields.license;
  return { ok: true, item };
}

/** itemSchema's reading of data, or undefined when it fails (the caller then asks for messages). */
function schemaFields(data: unknown): ItemFields | undefined {
  const result = itemSchema().safeParse(data);
  return result.success ? result.data : undefined;
}

export function parseMarkdownItem(text: string, file: string, defaults: ItemDefaults = {}): ParseResult {
  const split = splitFrontMatter(text);
  if ('message' in split) return fail(file, split.message, split.line);
  // The fast path (items/fast-yaml.ts) reads plain front matter ten times faster than `yaml`;
  // only an item it reads and that passes every check is taken from it. Anything else, and so
  // every message, comes from the full parser below.
  const quick = fastYaml(split.yaml);
  if (quick) {
    // Its strings are slices of the text (no escape can make a character): a clean text has nothing to clean.
    const data = suspect(split.yaml) || split.yaml.includes('\\') ? cleanDeep(quick) : quick;
    const fields = fastFields(data) ?? schemaFields(data);
    if (fields) {
      const item = markdownItem(fields, data, split.body, split.bodyLine, file, defaults, () => undefined);
      if (item.ok) return item;
    }
  }
  const { map, problems } = parseYamlSource(split.yaml, file, 1);
  if (problems.length > 0) return { ok: false, problems };
  const js = toData(map);
  if ('problems' in js) return { ok: false, problems: js.problems };
  const data = cleanDeep(js.data);
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return fail(file, 'expected front matter to be a mapping of fields', 2);
  const result = validate(itemSchema(), data, map, file);
  if (!result.ok) return result;
  return markdownItem(result.value, data as Record<string, unknown>, split.body, split.bodyLine, file, defaults, (p) => lineOf(map, p));
}

function markdownItem(
  fields: ItemFields,
  raw: Record<string, unknown>,
  bodyText: string,
  bodyLine: number,
  file: string,
  defaults: ItemDefaults,
  lineFor: LineFor,
): ParseResult {
  const markdown = cleanText(bodyText);
  const tooDeep = markdownShape(markdown, file, bodyLine);
  if (tooDeep) return { ok: false, problems: [tooDeep] };
  if (fields.content_html !== undefined && markdown.trim() !== '')
    return fail(file, 'expected a Markdown body or content_html, not both', lineFor(['content_html']), 'content_html');
  const body: Body | undefined =
    fields.content_html !== undefined
      ? { format: 'html', text: fields.content_html }
      : markdown.trim() !== ''
        ? { format: 'markdown', text: markdown }
        : undefined;
  return toItem(fields, raw, body, file, defaults, lineFor);
}

export function parseJsonItem(text: string, file: string, defaults: ItemDefaults = {}): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const { line, reason } = jsonError(text, err as Error);
    return fail(file, `invalid JSON: ${reason}`, line);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return fail(file, 'expected a JSON object of fields', 1);
  // Before anything walks the value: JSON.parse takes any depth and size, and keeps the last of two equal keys.
  const shape = jsonShape(text, file);
  if (shape.length > 0) return { ok: false, problems: capProblems(shape, file) };
  // Only an escape (\b, \f, \u…) or the character itself puts a character cleanText removes into a string.
  if (suspect(text) || /\\[bfu]/.test(text)) data = cleanDeep(data);
  const fast = fastFields(data);
  const result = fast ? { ok: true as const, value: fast } : validate(itemSchema(), data, undefined, file);
  if (!result.ok) {
    // Only a failing item pays for a second parse that knows lines: JSON is YAML 1.2.
    const { map } = parseYamlSource(text, file);
    return validate(itemSchema(), data, map, file) as ParseResult;
  }
  const html = result.value.content_html;
  const body: Body | undefined = html !== undefined && html.trim() !== '' ? { format: 'html', text: html } : undefined;
  // Lines are worked out only if a check after the schema fails.
  const lineFor: LineFor = (p) => lineOf(parseYamlSource(text, file).map, p);
  return toItem(result.value, data as Record<string, unknown>, body, file, defaults, lineFor);
}

export function parseItem(text: string, file: string, defaults: ItemDefaults = {}): ParseResult {
  try {
    return file.endsWith('.json') ? parseJsonItem(text, file, defaults) : parseMarkdownItem(text, file, defaults);
  } catch (err) {
    // The limits above are meant to make this unreachable; should one be missed, the item is
    // skipped (named, with the error) rather than the run stopped.
    return fail(file, `could not be read (${(err as Error).name}: ${(err as Error).message.split('\n')[0]}): please report this item`);
  }
}
