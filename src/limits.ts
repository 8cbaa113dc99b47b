// The limits every item (and the config) is held to before the expensive step, so that no
// input, however large or strange, can stall or crash a run: each is checked by a linear scan
// and reported as a problem naming the file, line and field. Chosen far above anything an
// article needs (see docs/items.md, "Limits") and far below what the parsers choke on.

/** Nesting of mappings and lists in front matter or a JSON item (an item needs 3). */
export const MAX_DEPTH = 32;
/** Values (fields and list entries, aliases expanded) in one item's metadata or the config. */
export const MAX_NODES = 10_000;
/** Characters of an item's body (Markdown or content_html): ~150,000 words. */
export const MAX_BODY_CHARS = 1_000_000;
/** Container levels (`>` and list markers, with their indentation) on one line of a Markdown body. */
export const MAX_MARKDOWN_NESTING = 32;
/** Characters of a one-line text field (a title, a name, a credit, a tag). */
export const MAX_LINE_CHARS = 2_000;
/** Problems reported for one file; the rest are counted in one more line. */
export const MAX_PROBLEMS = 20;
