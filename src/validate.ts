// Schema validation with messages that point at the file, line and field,
// shared by the config loader and the item loader.
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
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
  const problems: Problem[] = [...doc.errors, ...doc.warnings].map((e) => ({
    file,
    line: lines.linePos(e.pos[0]).line + lineOffset,
    message: `invalid YAML: ${e.message.split('\n')[0]}`,
    severity: 'error' as const,
  }));
  return { map: { file, doc, lines, lineOffset }, problems };
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
  if (Array.isArray(value)) return 'a list';
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

function explain(issue: z.core.$ZodIssue, data: unknown): string {
  const got = valueAt(data, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'invalid_type':
      if (got === undefined) return `required: expected ${issue.expected}`;
      return `expected ${issue.expected}, got ${describe(got)}`;
    default:
      // Our schemas phrase their own messages as "expected …".
      return /^expected /.test(issue.message) ? `${issue.message}, got ${describe(got)}` : issue.message;
  }
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
  const problems = result.error.issues.map((issue): Problem => {
    const path = issue.code === 'unrecognized_keys' ? issue.path : issue.path;
    const field = path.map(String).join('.');
    return {
      file,
      line: map ? lineOf(map, path) : undefined,
      field: field || undefined,
      message: explain(issue, data),
      severity: 'error',
    };
  });
  return { ok: false, problems };
}

/** `items/foo.md:4: published: expected …` */
export function formatProblem(p: Problem): string {
  const where = p.line ? `${p.file}:${p.line}` : p.file;
  const level = p.severity === 'warning' ? 'warning: ' : '';
  return `${where}: ${level}${p.field ? `${p.field}: ` : ''}${p.message}`;
}
