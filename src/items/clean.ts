// Characters XML 1.0 forbids are removed once, at load, so no format ever carries them.

// C0 controls but tab, LF and CR; U+FFFE and U+FFFF; lone surrogates.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// Any character FORBIDDEN could match (every surrogate, paired or not): a plain class, which
// the regex engine scans many times faster, so the common clean string costs one quick test.
export const SUSPECT_CHARS = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uD800-\\uDFFF\\uFFFE\\uFFFF';
const SUSPECT = new RegExp(`[${SUSPECT_CHARS}]`);

/**
 * Whether the string holds a character that cleanText could remove or that JSON could write as a
 * code point (a C0 control but tab, LF and CR, U+FFFE, U+FFFF, any surrogate): when it does not,
 * every format's escaping has only a few ASCII characters to find.
 */
export function suspect(s: string): boolean {
  return SUSPECT.test(s);
}

export function cleanText(s: string): string {
  return SUSPECT.test(s) ? s.replace(FORBIDDEN, '') : s;
}

/** Clean every string in a parsed value, in place of a copy. */
export function cleanDeep<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) return value.map(cleanDeep) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    // defineProperty, not `out[k] =`: a `__proto__` key stays a key (an unknown field), never the prototype.
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: cleanDeep(v), enumerable: true, writable: true, configurable: true });
    return out as T;
  }
  return value;
}
