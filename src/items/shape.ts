// Linear scans of an item's text that hold it to src/limits.ts before the expensive steps
// (the schema, the Markdown renderer), and find what JSON.parse forgives (a repeated key).
import { MAX_BODY_CHARS, MAX_DEPTH, MAX_MARKDOWN_NESTING, MAX_NODES, MAX_PROBLEMS } from '../limits.js';
import type { Problem } from '../types.js';

/**
 * Of a text JSON.parse accepted: a key repeated in one object, more than MAX_NODES values, or
 * nesting deeper than MAX_DEPTH, each with its line and the top-level field it is under.
 */
export function jsonShape(text: string, file: string): Problem[] {
  const problems: Problem[] = [];
  // One frame per open object (its keys) or array (null).
  const frames: (Set<string> | null)[] = [];
  let line = 1;
  let field: string | undefined;
  let expectKey = false;
  let nodes = 0;
  const problem = (message: string, at = field) => problems.push({ file, line, field: at, message, severity: 'error' });
  for (let i = 0; i < text.length && problems.length < MAX_PROBLEMS; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 32 || c === 9 || c === 13 || c === 58 /* : */) continue;
    else if (c === 44 /* , */) expectKey = frames[frames.length - 1] instanceof Set;
    else if (c === 125 || c === 93 /* } ] */) {
      frames.pop();
      expectKey = false;
    } else if (c === 34 /* " */) {
      let j = i + 1;
      // A valid JSON string holds no raw newline, and a backslash always escapes one character.
      while (text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
      const top = frames[frames.length - 1];
      if (top && expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (frames.length === 1) field = key;
        if (top.has(key)) problem(`key ${JSON.stringify(key)} appears twice in one object`, frames.length === 1 ? key : field);
        top.add(key);
        expectKey = false;
      } else nodes++;
      i = j;
    } else {
      nodes++;
      if (c === 123 || c === 91 /* { [ */) {
        if (frames.length >= MAX_DEPTH + 1) {
          problem(`nested more than ${MAX_DEPTH} levels deep: not read further`);
          break;
        }
        frames.push(c === 123 ? new Set() : null);
        expectKey = c === 123;
      } else {
        // A number, true, false or null: skip to its end.
        while (i + 1 < text.length && !' \t\r\n,]}'.includes(text[i + 1]!)) i++;
      }
    }
    if (nodes > MAX_NODES + 1) {
      problem(`more than ${MAX_NODES} values (fields and list entries): not read further`);
      break;
    }
  }
  return problems;
}

/** A Markdown body too long, or nesting containers (`>`, list markers) deeper than the limit, as a problem. */
export function markdownShape(text: string, file: string, firstLine: number): Problem | undefined {
  // Trailing white space is not counted: it costs the renderer nothing.
  const length = text.trimEnd().length;
  if (length > MAX_BODY_CHARS)
    return { file, line: firstLine, field: 'body', message: `expected a body of at most ${MAX_BODY_CHARS} characters, got ${length}`, severity: 'error' };
  let line = firstLine;
  for (let i = 0; i < text.length; line++) {
    let depth = 0;
    let indent = 0;
    let j = i;
    for (;;) {
      const c = text.charCodeAt(j);
      if (c === 32) indent++;
      else if (c === 9) indent += 4;
      else if (c === 62 /* > */) {
        depth += 1 + (indent >> 2);
        indent = 0;
      } else {
        // A list marker: - + * or 1-9 digits and . or ), then a space or tab.
        let k = j;
        if (c === 45 || c === 43 || c === 42) k++;
        else {
          while (k - j < 9 && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k++;
          if (k > j && (text.charCodeAt(k) === 46 || text.charCodeAt(k) === 41)) k++;
          else k = j;
        }
        const after = text.charCodeAt(k);
        if (k === j || (after !== 32 && after !== 9)) break;
        depth += 1 + (indent >> 2);
        indent = 0;
        j = k;
      }
      j++;
    }
    if (depth > MAX_MARKDOWN_NESTING)
      return {
        file,
        line,
        field: 'body',
        message: `Markdown nests quotes and lists ${depth} levels deep on this line, more than the ${MAX_MARKDOWN_NESTING} allowed`,
        severity: 'error',
      };
    const nl = text.indexOf('\n', j);
    if (nl < 0) break;
    i = nl + 1;
  }
  return undefined;
}
