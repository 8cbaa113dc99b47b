// URLs as wirefeed writes them: here, apart from the schemas (fields.ts), so that the renderers
// do not load the schema library.

/** An absolute http(s) URL, as the WHATWG URL standard serializes it. */
export function serializeUrl(s: string): string | undefined {
  if (!/^https?:\/\//i.test(s.trim())) return undefined;
  try {
    return new URL(s.trim()).href;
  } catch {
    return undefined;
  }
}
