// Schema validation with messages that point at the file, line and field,
// shared by the config loader and the item loader.
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { yamlAdvice } from './advice.js';
import type { Problem } from './types.js';

/** Where a parsed YAML (or JSON) text came from, so a path can be turned into a line. */
export interface SourceMap {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /** Lines before the YAML text in its file (the opening `---` of front matter). */
  lineOffset: number;
}

export function parseYamlSource(text: string, file: string, lineOffset = 0): { map: SourceMap; problems: Problem[] } {
  const lines = new LineCounter();
  // YAML 1.2 core schema only: no custom tags, so a document can describe data and never code.
  const doc = parseDocument(text, { lineCounter: lines, schema: 'core', prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = [...doc.errors, ...doc.warnings].map((e) => {
    const advice = yamlAdvice(text, e, (pos) => lines.linePos(pos).line);
    if (advice) return { file, line: advice.line + lineOffset, field: advice.field, message: advice.message, severity: 'error' as const };
    const message = e.message.split('\n')[0]!;
    // The parser notices an unclosed `[` or `{` only on a later line: point at the opener.
    const opener = /^Flow (sequence|map)/.test(message) ? unclosedFlowLine(text, e.pos[0]) : undefined;
    return {
      file,
      line: (opener ?? lines.linePos(e.pos[0]).line) + lineOffset,
      message: opener
        ? `invalid YAML: this "${message.startsWith('Flow sequence') ? '[' : '{'}" is not closed; close it with "${message.startsWith('Flow sequence') ? ']' : '}'}" on the same line`
        : e.code === 'DUPLICATE_KEY'
          ? `invalid YAML: key ${JSON.stringify(/^["']?([^"':\n]*)/.exec(text.slice(e.pos[0]))![1]!.trim())} appears twice in one mapping`
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
  return { map: { file, doc, lines, lineOffset }, problems: once };
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
  const problems = result.error.issues.flatMap((issue): Problem[] => {
    if (issue.code !== 'unrecognized_keys') return [problem(issue.path, explain(issue, data))];
    // One problem per unknown key, at its own line, with the likely intended key.
    const known = keysAt(schema, issue.path);
    return issue.keys.map((key) => {
      const near = suggest(key, known);
      return problem([...issue.path, key], near ? `unknown field (did you mean "${near}"?)` : 'unknown field');
    });
  });
  return { ok: false, problems };
}

/** `items/foo.md:4: published: expected …` */
export { formatProblem } from './problem.js';
