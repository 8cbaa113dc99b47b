// An accepted item's body text, taken again from the file's text without the schema: what
// parseItem gives as `body.text`, by the same splitter and the same cleaning (a property
// test holds the two equal: test/cache/body.test.ts).
import type { Body } from '../types.js';
import { cleanText } from './clean.js';
import { splitFrontMatter } from './front-matter.js';

/**
 * The text of the body (of `format`) that parseItem found in `text`, or undefined where only
 * parseItem can say: a Markdown item's `content_html` is in its YAML front matter.
 */
export function bodyTextOf(text: string, file: string, format: Body['format']): string | undefined {
  // parseItem tells the two kinds apart by the same test.
  if (file.endsWith('.json')) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return undefined;
    }
    const html = data !== null && typeof data === 'object' ? (data as { content_html?: unknown }).content_html : undefined;
    return format === 'html' && typeof html === 'string' ? cleanText(html) : undefined;
  }
  if (format !== 'markdown') return undefined;
  const split = splitFrontMatter(text);
  return 'message' in split ? undefined : cleanText(split.body);
}
