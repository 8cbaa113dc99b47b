// One item file's text → an Item, or the problems that keep it out. Pure: no I/O.
import type { Body, Item, Person, Problem } from '../types.js';
import { parseYamlSource, validate } from '../validate.js';
import { cleanDeep, cleanText } from './clean.js';
import { itemSchema, type ItemFields } from './schema.js';

export interface ItemDefaults {
  /** Used when an item names no author (config `site.default_author`). */
  author?: Person;
}

export type ParseResult = { ok: true; item: Item } | { ok: false; problems: Problem[] };

const fail = (file: string, message: string, line?: number, field?: string): ParseResult => ({
  ok: false,
  problems: [{ file, line, field, message, severity: 'error' }],
});

/**
 * Split front matter from the body. Only `---` opens YAML front matter: gray-matter's
 * `---js` / `---coffee` engines run code, so any language after the dashes is refused.
 */
function splitFrontMatter(text: string, file: string): { yaml: string; body: string; bodyLine: number } | ParseResult {
  const open = /^---([^\r\n]*)\r?\n/.exec(text);
  if (!open) return fail(file, 'expected YAML front matter opening with "---" on the first line', 1);
  if (open[1]!.trim() !== '')
    return fail(file, `front matter must be YAML ("---"), got "---${open[1]!.trim()}": items never run code`, 1);
  const rest = text.slice(open[0].length);
  const close = /^---[ \t]*$/m.exec(rest);
  if (!close) return fail(file, 'front matter is not closed by a "---" line', 1);
  const yaml = rest.slice(0, close.index);
  const after = rest.slice(close.index + close[0].length).replace(/^\r?\n/, '');
  const bodyLine = 2 + (yaml.match(/\n/g)?.length ?? 0) + 1;
  return { yaml, body: after, bodyLine };
}

function lineOfJsonError(text: string, err: Error): number | undefined {
  const pos = /position (\d+)/.exec(err.message);
  if (pos) return text.slice(0, Number(pos[1])).split('\n').length;
  const line = /line (\d+)/.exec(err.message);
  return line ? Number(line[1]) : undefined;
}

function toItem(fields: ItemFields, body: Body | undefined, file: string, defaults: ItemDefaults): ParseResult {
  const authors = fields.authors ?? (defaults.author ? [defaults.author] : undefined);
  if (!authors) return fail(file, 'required: expected at least one author (or site.default_author in the config)', 1, 'authors');
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
    withdrawn: fields.withdrawn,
  };
  if (item.updated < item.published) return fail(file, 'expected a time no earlier than published', undefined, 'updated');
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

export function parseMarkdownItem(text: string, file: string, defaults: ItemDefaults = {}): ParseResult {
  const split = splitFrontMatter(text, file);
  if ('ok' in split) return split;
  const { map, problems } = parseYamlSource(split.yaml, file, 1);
  if (problems.length > 0) return { ok: false, problems };
  const data = cleanDeep(map.doc.toJS());
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return fail(file, 'expected front matter to be a mapping of fields', 2);
  const result = validate(itemSchema, data, map, file);
  if (!result.ok) return result;
  const markdown = cleanText(split.body);
  if (result.value.content_html !== undefined && markdown.trim() !== '')
    return fail(file, 'an item has a Markdown body or content_html, not both', undefined, 'content_html');
  const body: Body | undefined =
    result.value.content_html !== undefined
      ? { format: 'html', text: result.value.content_html }
      : markdown.trim() !== ''
        ? { format: 'markdown', text: markdown }
        : undefined;
  return toItem(result.value, body, file, defaults);
}

export function parseJsonItem(text: string, file: string, defaults: ItemDefaults = {}): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return fail(file, `invalid JSON: ${(err as Error).message}`, lineOfJsonError(text, err as Error));
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return fail(file, 'expected a JSON object of fields', 1);
  data = cleanDeep(data);
  const result = validate(itemSchema, data, undefined, file);
  if (!result.ok) {
    // Only a failing item pays for a second parse that knows lines: JSON is YAML 1.2.
    const { map } = parseYamlSource(text, file);
    return validate(itemSchema, data, map, file) as ParseResult;
  }
  const html = result.value.content_html;
  return toItem(result.value, html !== undefined && html.trim() !== '' ? { format: 'html', text: html } : undefined, file, defaults);
}

export function parseItem(text: string, file: string, defaults: ItemDefaults = {}): ParseResult {
  return file.endsWith('.json') ? parseJsonItem(text, file, defaults) : parseMarkdownItem(text, file, defaults);
}
