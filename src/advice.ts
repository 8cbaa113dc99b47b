// Plain-words advice for the mistakes editors make every day, in place of the YAML library's
// jargon ("Nested mappings are not allowed in compact mappings"). Shared by items and the
// config; each function is pure and sees only the text and the parser's verdict.
// The exact messages are pinned by test/items/mistakes.test.ts against the table in docs/items.md.
import type { YAMLError } from 'yaml';

export interface Advice {
  /** 1-based line in the YAML text. */
  line: number;
  field?: string;
  message: string;
}

/** `key: value` on one line of block YAML (optionally a list entry's first key). */
const KEY_VALUE = /^([ \t]*(?:-[ \t]+)?)([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(.*))?$/;

const indentOf = (line: string) => /^[ ]*/.exec(line)![0].length;

/** A value in quotes that YAML reads back as the same text. */
function quoted(value: string): string {
  return value.includes('"') && !value.includes("'") ? `'${value}'` : JSON.stringify(value);
}

/** The first non-blank, non-comment line after `i` (0-based), if any. */
function nextContentLine(lines: readonly string[], i: number): number | undefined {
  for (let k = i + 1; k < lines.length; k++) if (lines[k]!.trim() !== '' && !lines[k]!.trim().startsWith('#')) return k;
  return undefined;
}

/** The line (0-based) whose value opens a quote of `q` that the same line does not close. */
function unclosedQuoteLine(lines: readonly string[], q: '"' | "'", before: number): number | undefined {
  for (let i = 0; i <= before && i < lines.length; i++) {
    const v = KEY_VALUE.exec(lines[i]!)?.[3]?.trim();
    if (!v || !v.startsWith(q)) continue;
    const rest = q === '"' ? v.slice(1).replace(/\\./g, '') : v.slice(1).replace(/''/g, '');
    if (!rest.includes(q)) return i;
  }
  return undefined;
}

/** Advice for one parser error, or undefined to keep the parser's own message. */
export function yamlAdvice(lines: readonly string[], err: YAMLError, lineAt: (pos: number) => number): Advice | undefined {
  const line = lineAt(err.pos[0]);
  const here = lines[line - 1] ?? '';
  const first = err.message.split('\n')[0]!;
  switch (err.code) {
    case 'TAB_AS_INDENT':
      return { line, message: 'invalid YAML: a tab in the indentation; use spaces, not tabs' };
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      const m = KEY_VALUE.exec(here);
      const value = m?.[3]?.trim();
      if (m && value && !/^["'[{|>&*!]/.test(value) && /:([ \t]|$)/.test(value))
        return {
          line,
          field: m[2],
          message: `invalid YAML: the text contains ": ", which starts a new field; put the ${m[2]} in quotes: ${m[2]}: ${quoted(value)}`,
        };
      const next = nextContentLine(lines, line - 1);
      if (m && next !== undefined && indentOf(lines[next]!) > indentOf(here))
        return {
          line: next + 1,
          message: `invalid YAML: wrong indentation; this line is indented under "${m[2]}", which already has a value: start it in the same column as "${m[2]}"`,
        };
      return undefined;
    }
    case 'BAD_INDENT':
      if (/^All (mapping|collection) items must start at the same column/.test(first))
        return { line, message: 'invalid YAML: wrong indentation; start this line in the same column as the fields above it' };
      return undefined;
    case 'MISSING_CHAR': {
      if (/^Sequence item without - indicator/.test(first))
        return { line, message: 'invalid YAML: wrong indentation; start this line in the same column as the fields above it' };
      const q = /^Missing closing ("|')quote/.exec(first)?.[1] as '"' | "'" | undefined;
      if (!q) return undefined;
      const open = unclosedQuoteLine(lines, q, line - 1);
      const at = open ?? line - 1;
      const key = KEY_VALUE.exec(lines[at] ?? '')?.[2];
      return { line: at + 1, field: key, message: `invalid YAML: the ${q} that opens this value is not closed; end the value with ${q} on the same line` };
    }
    case 'UNEXPECTED_TOKEN': {
      // `title: "Talks" in Miami`: a quoted start with more text after the closing quote.
      const m = KEY_VALUE.exec(here);
      const value = m?.[3]?.trim();
      if (m && value && /^"[^"]*"\s*\S/.test(value))
        return {
          line,
          field: m[2],
          message: `invalid YAML: the quotes end before the text does; put the whole ${m[2]} in single quotes: ${m[2]}: '${value.replace(/'/g, "''")}'`,
        };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Where the first invalid UTF-8 sequence in `bytes` starts, or undefined when all is valid. */
export function firstBadUtf8(bytes: Uint8Array): { offset: number; line: number; column: number; byte: number } | undefined {
  let line = 1;
  let column = 1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let ok = need >= 0;
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) ok = false;
    }
    if (ok && need >= 2) {
      // Overlong forms, surrogates and code points past U+10FFFF.
      const c = bytes[i + 1]!;
      if ((b === 0xe0 && c < 0xa0) || (b === 0xed && c > 0x9f) || (b === 0xf0 && c < 0x90) || (b === 0xf4 && c > 0x8f)) ok = false;
    }
    if (!ok) return { offset: i, line, column, byte: b };
    if (b === 0x0a) {
      line++;
      column = 1;
    } else column++;
    i += need + 1;
  }
  return undefined;
}

export function badUtf8Message(bad: { column: number; byte: number }): string {
  return `invalid UTF-8 at column ${bad.column} (byte 0x${bad.byte.toString(16).toUpperCase().padStart(2, '0')}): save the file as UTF-8`;
}

/** Extensions that look like an item's but are not read, and the name it should have. */
const NEAR_MISSES: [RegExp, string][] = [
  [/\.md\.txt$/i, '.md'],
  [/\.(md|markdown|mdown|mkd|txt|yml|yaml|htm|html)$/i, '.md'],
  [/\.json$/i, '.json'],
];

/** For a file the items folder holds but does not read: a warning, when its name looks like an item's. */
export function notReadAdvice(name: string): string | undefined {
  for (const [re, ext] of NEAR_MISSES) {
    if (!re.test(name)) continue;
    return `not read: only files ending in .md or .json are items; if this is one, rename it to ${name.replace(re, ext)}`;
  }
  return undefined;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A date-time of the right shape whose day does not exist (30 February), as a message. */
export function impossibleDate(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ]/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12) return `${m[1]}-${m[2]}-${m[3]} does not exist: there is no month ${mo}`;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > days) {
    return `${m[1]}-${m[2]}-${m[3]} does not exist: ${MONTHS[mo - 1]} ${y} has ${days} days`;
  }
  return undefined;
}
