// A fast reader for the plain front matter nearly every item has: block mappings and
// sequences, one-line scalars, one-line flow sequences. It exists for speed only — the `yaml`
// library is about ten times slower, and at archive scale parsing front matter is most of a
// cold build — and it never decides anything on its own: for any text outside its small
// subset it returns undefined and the caller uses `yaml` (which also gives every error
// message). Within the subset it gives exactly what `yaml` gives with the YAML 1.2 core
// schema (test/items/fast-yaml.test.ts checks that, for generated and for real items).

class Outside extends Error {}
const outside = (): never => {
  throw new Outside();
};

interface Line {
  indent: number;
  text: string;
}

// YAML 1.2 core schema, as the `yaml` library resolves plain scalars (its schema/core tags).
function resolvePlain(s: string): unknown {
  if (/^(?:~|[Nn]ull|NULL)?$/.test(s)) return null;
  if (/^(?:[Tt]rue|TRUE)$/.test(s)) return true;
  if (/^(?:[Ff]alse|FALSE)$/.test(s)) return false;
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s))
    return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}

/** The end of a quoted scalar starting at `s[0]`, or outside() when it does not close on this line. */
function closeQuote(s: string): number {
  const q = s[0]!;
  for (let i = 1; i < s.length; i++) {
    const c = s[i];
    if (q === '"' && c === '\\') i++;
    else if (c === q) {
      if (q === "'" && s[i + 1] === "'") i++;
      else return i;
    }
  }
  return outside();
}

const JSON_ESCAPES = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/g;

function quoted(body: string, q: string): string {
  // Control characters and line folding are the full parser's business.
  if (/[\u0000-\u001f\u007f]/.test(body)) outside();
  if (q === "'") return body.includes("''") ? body.replace(/''/g, "'") : body;
  // Without a backslash the text is the value (closeQuote saw no other '"'; no control character is left).
  if (!body.includes('\\')) return body;
  // YAML's double-quoted escapes include JSON's; others (\x, \N, \e, …) go to the full parser.
  if (body.replace(JSON_ESCAPES, '').includes('\\')) outside();
  return JSON.parse(`"${body}"`) as string;
}

/** Whatever may follow a value on its line: spaces, then optionally a comment. */
function endOfLine(rest: string): void {
  if (rest !== '' && !/^(?:\s+#.*)?\s*$/.test(rest)) outside();
}

function plain(s: string, flow: boolean): unknown {
  // In a flow sequence a comment would run past its closing bracket.
  if (flow && s.includes('#')) outside();
  const hash = s.search(/\s#/);
  const text = (hash >= 0 ? s.slice(0, hash) : s).trimEnd();
  if (text === '') outside();
  // Indicators that can start something other than a plain scalar, and ": " which would be a key.
  if (/^[-?:,\[\]{}#&*!|>'"%@`]/.test(text) && !/^-[0-9.]/.test(text)) outside();
  if (/:(?:\s|$)/.test(text)) outside();
  if (flow && /[\[\]{},]/.test(text)) outside();
  return resolvePlain(text);
}

function flowSequence(s: string): unknown[] {
  const out: unknown[] = [];
  let i = 1;
  const skip = () => {
    while (s[i] === ' ') i++;
  };
  skip();
  if (s[i] === ']') {
    endOfLine(s.slice(i + 1));
    return out;
  }
  for (;;) {
    skip();
    const c = s[i];
    if (c === '"' || c === "'") {
      const end = i + closeQuote(s.slice(i));
      out.push(quoted(s.slice(i + 1, end), c));
      i = end + 1;
    } else {
      let j = i;
      while (j < s.length && s[j] !== ',' && s[j] !== ']') j++;
      out.push(plain(s.slice(i, j), true));
      i = j;
    }
    skip();
    if (s[i] === ',') {
      i++;
      skip();
      if (s[i] === ']' || s[i] === ',') outside();
      continue;
    }
    if (s[i] === ']') {
      endOfLine(s.slice(i + 1));
      return out;
    }
    return outside();
  }
}

/** A value written on the same line as its key (or dash). */
function inlineValue(s: string): unknown {
  const c = s[0];
  if (c === '"' || c === "'") {
    const end = closeQuote(s);
    endOfLine(s.slice(end + 1));
    return quoted(s.slice(1, end), c);
  }
  if (c === '[') return flowSequence(s);
  if (c === '{') {
    if (/^\{\s*\}(?:\s+#.*)?\s*$/.test(s)) return {};
    return outside();
  }
  return plain(s, false);
}

const KEY = /^([A-Za-z_][A-Za-z0-9_]*):(?:\s+(.*))?$/;

class Reader {
  private i = 0;
  constructor(private readonly lines: Line[]) {}

  done(): boolean {
    return this.i >= this.lines.length;
  }

  private peek(): Line | undefined {
    return this.lines[this.i];
  }

  /** The value after "key:" with nothing more on its line: a nested block, or null. */
  private nested(indent: number): unknown {
    const next = this.peek();
    if (next && next.indent > indent) return this.block(next.indent);
    // A sequence may sit at its key's own indentation.
    if (next && next.indent === indent && /^-(?: |$)/.test(next.text)) return this.sequence(indent);
    return null;
  }

  block(indent: number): unknown {
    const line = this.peek()!;
    return /^-(?: |$)/.test(line.text) ? this.sequence(indent) : this.mapping(indent);
  }

  mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let line = this.peek(); line && line.indent >= indent; line = this.peek()) {
      if (line.indent > indent) outside();
      const m = KEY.exec(line.text) ?? outside();
      const key = m[1]!;
      // Keys the core schema would read as null or a boolean, a prototype key, a repeat: full parser.
      if (/^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|__proto__)$/.test(key) || Object.hasOwn(out, key)) outside();
      this.i++;
      const rest = m[2] ?? '';
      if (rest === '' || rest.startsWith('#')) out[key] = this.nested(indent);
      else {
        out[key] = inlineValue(rest);
        // A more indented line after a one-line value would continue it (a multi-line scalar).
        const next = this.peek();
        if (next && next.indent > indent) outside();
      }
    }
    return out;
  }

  sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    for (let line = this.peek(); line && line.indent === indent && /^-(?: |$)/.test(line.text); line = this.peek()) {
      const after = line.text.slice(1);
      const rest = after.trimStart();
      const column = indent + 1 + (after.length - rest.length);
      if (rest === '' || rest.startsWith('#')) {
        this.i++;
        const next = this.peek();
        out.push(next && next.indent > indent ? this.block(next.indent) : null);
      } else if (/^-(?: |$)/.test(rest)) {
        outside();
      } else if (KEY.test(rest)) {
        // "- key: value": a mapping whose first line starts after the dash.
        this.lines[this.i] = { indent: column, text: rest };
        out.push(this.mapping(column));
      } else {
        this.i++;
        out.push(inlineValue(rest));
        const next = this.peek();
        if (next && next.indent > indent) outside();
      }
    }
    const next = this.peek();
    if (next && next.indent > indent) outside();
    return out;
  }
}

/**
 * The front matter's data when it is in the simple subset, else undefined (parse it with
 * `yaml`). A top-level value that is not a mapping is left to the full parser too.
 */
export function fastYaml(text: string): Record<string, unknown> | undefined {
  // Tabs, CRs and the BOM change how YAML reads whitespace: the full parser handles them.
  if (/[\t\r\ufeff]/.test(text)) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const trimmed = raw.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    // Directives and document markers.
    const c = raw.charCodeAt(0);
    if ((c === 37 /* % */ || c === 45 /* - */ || c === 46) /* . */ && /^(?:%|---|\.\.\.)/.test(raw)) return undefined;
    lines.push({ indent: raw.length - trimmed.length, text: trimmed.trimEnd() });
  }
  if (lines.length === 0 || lines[0]!.indent !== 0) return undefined;
  try {
    const reader = new Reader(lines);
    const out = reader.mapping(0);
    return reader.done() ? out : undefined;
  } catch (err) {
    if (err instanceof Outside) return undefined;
    throw err;
  }
}
