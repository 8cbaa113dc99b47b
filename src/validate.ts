// Schema validation with messages that point at the file, line and field,
// shared by the config loader and the item loader.
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Document, LineCounter, Node } from 'yaml';
import type { z } from 'zod';
import { yamlAdvice } from './advice.js';
import { MAX_DEPTH, MAX_NODES, MAX_PROBLEMS } from './limits.js';
import type { Problem } from './types.js';

// Loaded on first use: most items' front matter is read by items/fast-yaml.ts, and a run whose
// config the cache already holds (config/cached.ts) then never needs this parser (~60 ms to load).
let yamlLib: typeof Yaml | undefined;
const yaml = (): typeof Yaml => (yamlLib ??= createRequire(import.meta.url)('yaml') as typeof Yaml);
const isAlias = (n: unknown) => yaml().isAlias(n);
const isMap = (n: unknown): n is Yaml.YAMLMap => yaml().isMap(n);
const isPair = (n: unknown): n is Yaml.Pair => yaml().isPair(n);
const isScalar = (n: unknown): n is Yaml.Scalar => yaml().isScalar(n);
const isSeq = (n: unknown): n is Yaml.YAMLSeq => yaml().isSeq(n);

/** Where a parsed YAML (or JSON) text came from, so a path can be turned into a line. */
export interface SourceMap {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /** Lines before the YAML text in its file (the opening `---` of front matter). */
  lineOffset: number;
}

export function parseYamlSource(text: string, file: string, lineOffset = 0): { map: SourceMap; problems: Problem[] } {
  const lines = new (yaml().LineCounter)();
  const at = (pos: number) => lines.linePos(pos).line + lineOffset;
  // The parser is linear but slow on deep flow collections (18 s for a million `[`): refused first.
  // Its recursion overflows the stack at some 900 levels of indentation: refused first too.
  const flow = deepFlow(text);
  const block = flow === undefined ? deepBlock(text) : undefined;
  if (flow !== undefined || block !== undefined) {
    const line = 1 + lineOffset + countNewlines(text, (flow ?? block)!);
    const empty = yaml().parseDocument('', { lineCounter: lines });
    const what = flow !== undefined ? '"[" and "{" nest' : 'indentation (and "- ") nests';
    return {
      map: { file, doc: empty, lines, lineOffset },
      problems: [{ file, line, message: `invalid YAML: ${what} more than ${MAX_DEPTH} levels deep here`, severity: 'error' }],
    };
  }
  // YAML 1.2 core schema only: no custom tags, so a document can describe data and never code.
  // Repeated keys are found by shape() below: the parser's own check (uniqueKeys) is quadratic in
  // the number of keys (200 s at 100,000).
  const doc = yaml().parseDocument(text, { lineCounter: lines, schema: 'core', prettyErrors: false, uniqueKeys: false });
  const errors = [...doc.errors, ...doc.warnings];
  // Split once for all the errors' advice, and only when there is an error.
  const textLines = errors.length > 0 ? text.split(/\r?\n/) : [];
  const problems: Problem[] = errors.slice(0, MAX_PROBLEMS).map((e) => {
    const advice = yamlAdvice(textLines, e, (pos) => lines.linePos(pos).line);
    if (advice) return { file, line: advice.line + lineOffset, field: advice.field, message: advice.message, severity: 'error' as const };
    const message = e.message.split('\n')[0]!;
    // The parser notices an unclosed `[` or `{` only on a later line: point at the opener.
    const opener = /^Flow (sequence|map)/.test(message) ? unclosedFlowLine(text, e.pos[0]) : undefined;
    return {
      file,
      line: opener !== undefined ? opener + lineOffset : at(e.pos[0]),
      message: opener
        ? `invalid YAML: this "${message.startsWith('Flow sequence') ? '[' : '{'}" is not closed; close it with "${message.startsWith('Flow sequence') ? ']' : '}'}" on the same line`
        : `invalid YAML: ${message}`,
      severity: 'error' as const,
    };
  });
  // One mistake can trip the parser twice at the same place: say it once.
  const seen = new Set<string>();
  const once = problems.filter((p) => {
    const key = `${p.line}\0${p.field ?? ''}\0${p.message}`;
    return !seen.has(key) && (seen.add(key), true);
  });
  if (once.length === 0) once.push(...shape(doc, file, at));
  return { map: { file, doc, lines, lineOffset }, problems: capProblems(once, file, Math.max(errors.length, once.length)) };
}

const countNewlines = (text: string, end: number) => {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
};

/** Where `[` and `{` first nest deeper than MAX_DEPTH (counted without regard to quotes: an upper bound). */
function deepFlow(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > MAX_DEPTH) return i;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return undefined;
}

/**
 * Where block nesting (deeper indentation, and each `- ` that opens a list on the same line)
 * first goes past MAX_DEPTH levels. An upper bound: the indented lines of a block scalar count.
 */
function deepBlock(text: string): number | undefined {
  const open: number[] = [];
  for (let i = 0; i < text.length; ) {
    const start = i;
    let col = 0;
    const cols: number[] = [];
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32) col++;
      else if (c === 45 /* - */ && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 10)) cols.push(col++);
      else break;
      i++;
    }
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13 && c !== 35 /* # */ && i < text.length) cols.push(col);
    if (cols.length > 0) {
      while (open.length > 0 && open[open.length - 1]! >= cols[0]!) open.pop();
      open.push(...cols);
      if (open.length > MAX_DEPTH + 1) return start;
    }
    const nl = text.indexOf('\n', i);
    if (nl < 0) break;
    i = nl + 1;
  }
  return undefined;
}

/**
 * One linear walk of the parsed document, aliases followed: a key repeated in one mapping, more
 * than MAX_NODES values (an alias bomb expands to millions) or nesting deeper than MAX_DEPTH (an
 * alias inside what it names nests for ever) is a problem, found before the document becomes data.
 */
function shape(doc: Document.Parsed, file: string, at: (pos: number) => number): Problem[] {
  const problems: Problem[] = [];
  const problem = (node: { range?: unknown } | null | undefined, field: string | undefined, message: string): void => {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    problems.push({ file, line: range ? at(range[0]) : undefined, field, message, severity: 'error' });
  };
  const stack: { node: unknown; depth: number; field: string | undefined; origin: unknown }[] = [
    { node: doc.contents, depth: 0, field: undefined, origin: doc.contents },
  ];
  let nodes = 0;
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    const { node, depth, field, origin } = stack.pop()!;
    if (++nodes > MAX_NODES) {
      problem(origin as Node, field, `more than ${MAX_NODES} values (fields and list entries${isAlias(origin) ? ', aliases expanded' : ''}): not read further`);
      break;
    }
    if (depth > MAX_DEPTH) {
      problem(origin as Node, field, `nested more than ${MAX_DEPTH} levels deep${isAlias(origin) ? ' (an alias inside what it names?)' : ''}`);
      break;
    }
    const where = isAlias(origin) ? origin : undefined;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (target) stack.push({ node: target, depth, field, origin: where ?? node });
    } else if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        const name = String(key);
        if (seen.has(key)) problem(pair.key as Node, undefined, `invalid YAML: key ${JSON.stringify(name)} appears twice in one mapping`);
        seen.add(key);
        if (pair.value !== null) stack.push({ node: pair.value, depth: depth + 1, field: field ?? name, origin: where ?? pair.value });
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push({ node: isPair(item) ? item.value : item, depth: depth + 1, field, origin: where ?? item });
    }
  }
  return problems;
}

/** The parsed document as plain data, or a problem (yaml's own alias guard, should shape() miss a case). */
export function toData(map: SourceMap): { data: unknown } | { problems: Problem[] } {
  try {
    return { data: map.doc.toJS({ maxAliasCount: MAX_NODES }) };
  } catch (err) {
    return { problems: [{ file: map.file, line: 1 + map.lineOffset, message: `invalid YAML: ${(err as Error).message.split('\n')[0]}`, severity: 'error' }] };
  }
}

/** The line of the outermost `[` or `{` still open at `pos` (quotes inside flow skipped), if any. */
function unclosedFlowLine(text: string, pos: number): number | undefined {
  const open: number[] = [];
  let line = 1;
  let quote = '';
  for (let i = 0; i < pos && i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (quote) {
      if (c === quote) quote = '';
    } else if (open.length > 0 && (c === '"' || c === "'")) quote = c;
    else if (c === '[' || c === '{') open.push(line);
    else if ((c === ']' || c === '}') && open.length > 0) open.pop();
  }
  return open[0];
}

/** The line of the deepest node on `path` that exists in the document. */
export function lineOf(map: SourceMap, path: readonly PropertyKey[]): number {
  let node: unknown = map.doc.contents;
  let line = 1;
  const at = (n: unknown): void => {
    const range = (n as { range?: [number, number, number] } | null)?.range;
    if (range) line = map.lines.linePos(range[0]).line;
  };
  at(node);
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      at(pair.key);
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      if (!node) break;
      at(node);
    } else break;
  }
  return line + map.lineOffset;
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** zod's type names as a reader of the file would say them. */
const NOUNS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of fields',
};

function explain(issue: z.core.$ZodIssue, data: unknown): string {
  const got = valueAt(data, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return 'unknown field';
    case 'invalid_type': {
      // A schema's own "expected …" wording beats zod's type name.
      const expected = /^expected /.test(issue.message) ? issue.message : `expected ${NOUNS[issue.expected] ?? issue.expected}`;
      return got === undefined ? `required: ${expected}` : `${expected}, got ${describe(got)}`;
    }
    case 'too_small':
    case 'too_big': {
      if (/^expected /.test(issue.message)) return `${issue.message}, got ${describe(got)}`;
      const small = issue.code === 'too_small';
      const bound = Number(small ? issue.minimum : issue.maximum);
      const what =
        issue.origin === 'number'
          ? `a number ${issue.inclusive ? (small ? 'of at least' : 'of at most') : small ? 'greater than' : 'less than'} ${bound}`
          : `${small ? 'at least' : 'at most'} ${bound} ${issue.origin === 'string' ? 'characters' : 'entries'}`;
      return `expected ${what}, got ${describe(got)}`;
    }
    default:
      // Our schemas phrase their own messages as "expected …".
      return /^expected /.test(issue.message) ? `${issue.message}, got ${describe(got)}` : issue.message;
  }
}

/** The keys a strict object schema accepts at `path`, to suggest one for a misspelt field. */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s: z.core.$ZodType | undefined = schema;
  const unwrap = (t: z.core.$ZodType | undefined): z.core.$ZodType | undefined => {
    for (let i = 0; t && i < 10; i++) {
      const def = t._zod.def as unknown as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
      const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
      if (!inner) return t;
      t = inner;
    }
    return t;
  };
  for (const key of path) {
    const def = unwrap(s)?._zod.def as unknown as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType };
    s = def?.type === 'object' ? def.shape?.[String(key)] : def?.type === 'array' ? def.element : undefined;
  }
  const def = unwrap(s)?._zod.def as unknown as { type: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** `lang` → `language`, `auhtors` → `authors`: the closest known key, when one is close. */
function suggest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const k of known) {
    const prefix = Math.min(key.length, k.length) >= 3 && (k.startsWith(key) || key.startsWith(k));
    const d = prefix ? 1 : editDistance(key.toLowerCase(), k);
    if (d < bestScore) [best, bestScore] = [k, d];
  }
  return best !== undefined && bestScore <= Math.max(1, Math.floor(key.length / 3)) ? best : undefined;
}

/** Validate parsed data; every issue becomes a Problem that names file, line and field. */
export function validate<S extends z.ZodType>(
  schema: S,
  data: unknown,
  map: SourceMap | undefined,
  file: string,
): { ok: true; value: z.output<S> } | { ok: false; problems: Problem[] } {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  const problem = (path: readonly PropertyKey[], message: string): Problem => ({
    file,
    line: map ? lineOf(map, path) : undefined,
    field: path.map(String).join('.') || undefined,
    message,
    severity: 'error',
  });
  // Each issue's place, and only the first MAX_PROBLEMS then given a line and a message: finding
  // a line walks the document, and 10,000 unknown keys must not cost 10,000 walks.
  const found = result.error.issues.flatMap((issue): { issue: z.core.$ZodIssue; key: string | undefined }[] =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => ({ issue, key })) : [{ issue, key: undefined }],
  );
  const problems = found.slice(0, MAX_PROBLEMS).map(({ issue, key }): Problem => {
    if (key === undefined) return problem(issue.path, explain(issue, data));
    // One problem per unknown key, at its own line, with the likely intended key.
    const near = suggest(key, keysAt(schema, issue.path));
    return problem([...issue.path, key], near ? `unknown field (did you mean "${near}"?)` : 'unknown field');
  });
  return { ok: false, problems: capProblems(problems, file, found.length) };
}

/** The first MAX_PROBLEMS of `total` problems, and one more saying how many were left out. */
export function capProblems(problems: readonly Problem[], file: string, total = problems.length): Problem[] {
  if (total <= MAX_PROBLEMS) return [...problems];
  const more = total - MAX_PROBLEMS;
  return [...problems.slice(0, MAX_PROBLEMS), { file, message: `and ${more} more problem${more === 1 ? '' : 's'}`, severity: 'error' }];
}

/** `items/foo.md:4: published: expected …` */
export { formatProblem } from './problem.js';
