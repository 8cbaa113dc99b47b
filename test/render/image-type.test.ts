// An image's media type comes from its URL's extension as the URL parser reads the path
// (urlExtension). Most URLs are plain and skip the parser: for any URL, the answer is the parser's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guessImageType, urlExtension } from '../../src/render/entry.js';

/** What urlExtension stands for: the parser's pathname, its last extension. */
const parsed = (url: string) => /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();

const segment = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', '.', '..', '%', '%2e', '%2E', '-', '_', '~', "'", '(', ')', '+', ',', ';', '=', ':', '@', '!', '$', '&', '*',
    ' ', '\\', '\t', '"', '<', '>', '`', '{', '}', '|', '^', '[', ']', 'ü', '😀', 'jpg', 'PNG', 'webp', 'JPEG'),
  maxLength: 8,
});
const host = fc.constantFrom('images.example.org', 'IMAGES.Example.ORG', 'h', 'h.jpg', 'h:8080', 'user@h', 'user:pw@h', '1.2.3.4', '[::1]', 'xn--bcher-kva.example', 'bücher.example', 'a-b.c-d');
const tail = fc.constantFrom('', '?', '?x=1.gif', '#', '#a.png', '?q#f.jpg', ' ', '\t');
const urls = fc.oneof(
  fc.tuple(fc.constantFrom('https://', 'http://', 'HTTPS://', 'https:\\\\', ' https://'), host, fc.array(segment, { maxLength: 5 }), fc.boolean(), tail)
    .map(([scheme, h, segs, slash, t]) => `${scheme}${h}${segs.length ? `/${segs.join('/')}` : ''}${slash ? '/' : ''}${t}`),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
);

describe('urlExtension', () => {
  it('is the extension of the parsed pathname, for any URL the parser takes', () => {
    fc.assert(
      fc.property(urls, (url) => {
        let want: string | undefined;
        try {
          want = parsed(url);
        } catch {
          return; // not a URL: not an image URL a loaded item can hold
        }
        expect(urlExtension(url)).toBe(want);
      }),
      { numRuns: 3000 },
    );
  });

  it('at the edges: dot segments, an encoded dot, a host that looks like a file, a query or fragment that does', () => {
    for (const url of ['https://h/a.jpg/..', 'https://h/a.jpg/.', 'https://h/a/../b.webp', 'https://h/x%2Ejpg', 'https://h/a.jpg/%2e%2E', 'https://h.jpg', 'https://h.jpg/',
      'https://h/a.PNG?x=1.gif', 'https://h/a#b.png', 'https://h/a\\b.gif', 'https://h/a b.jpg', 'https://h/x.', 'https://h/.png', 'https://xn--bcher-kva.example/x.avif'])
      expect(urlExtension(url)).toBe(parsed(url));
    expect(guessImageType('https://images.example.org/2026-07/18187.JPG')).toBe('image/jpeg');
    expect(guessImageType('https://h/a.jpg/..')).toBeUndefined();
  });
});
