// The split of a Markdown item into its front matter and its body: one function, used by the
// parser (parse.ts) and by the parse cache when it reads a body back (cache/body.ts).

export interface FrontMatter {
  yaml: string;
  body: string;
  /** The line the body starts on, for messages. */
  bodyLine: number;
}

/**
 * Split front matter from the body. Only `---` opens YAML front matter: gray-matter's
 * `---js` / `---coffee` engines run code, so any language after the dashes is refused.
 */
export function splitFrontMatter(text: string): FrontMatter | { line: number; message: string } {
  const open = /^---([^\r\n]*)\r?\n/.exec(text);
  if (!open) return { line: 1, message: 'expected YAML front matter opening with "---" on the first line' };
  if (open[1]!.trim() !== '')
    return { line: 1, message: `expected YAML front matter opening with "---", got "---${open[1]!.trim()}" (an item never runs code)` };
  const rest = text.slice(open[0].length);
  const close = /^---[ \t]*$/m.exec(rest);
  if (!close) return { line: 1, message: 'front matter is not closed by a "---" line' };
  const yaml = rest.slice(0, close.index);
  const after = rest.slice(close.index + close[0].length).replace(/^\r?\n/, '');
  const bodyLine = 2 + (yaml.match(/\n/g)?.length ?? 0) + 1;
  return { yaml, body: after, bodyLine };
}
