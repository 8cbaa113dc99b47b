// Field types shared by the config and item schemas, each with the message a user sees.
import { z } from 'zod';
import { impossibleDate } from './advice.js';
import { MAX_LINE_CHARS } from './limits.js';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Epoch ms of an RFC 3339 date-time with an explicit offset, or undefined. Exactly RFC 3339
 * section 5.6: `t` and `z` in either case; hour 00-23, minute 00-59, second 00-60 (a leap
 * second, counted as the first moment of the next minute: epoch time has no 61st second);
 * offsets up to ±23:59; a date that does not exist (30 February) is refused, and so is one
 * that an offset moves outside the years 0000-9999 (no feed format can write it).
 */
export function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const days = new Date(Date.UTC(2000, mo, 0)).getUTCDate() - (mo === 2 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 1 : 0);
  if (mo < 1 || mo > 12 || d < 1 || d > days || h > 23 || mi > 59 || s > 60) return undefined;
  const offset = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  if (!m[8] && (Number(m[10]) > 23 || Number(m[11]) > 59)) return undefined;
  const ms = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  const t = date.getTime() - offset * 60_000;
  const year = new Date(t).getUTCFullYear();
  return year < 0 || year > 9999 ? undefined : t;
}

/** RFC 3339 text, or a YAML timestamp the parser already made a Date of, to epoch ms. */
export const dateTime = z
  .string({ error: 'expected an RFC 3339 date-time with offset' })
  .transform((text, ctx) => {
    const ms = parseRfc3339(text);
    if (ms === undefined) {
      // The right shape on a day that does not exist says so, rather than "expected RFC 3339".
      const impossible = RFC3339.test(text) ? impossibleDate(text) : undefined;
      ctx.addIssue({ code: 'custom', message: impossible ?? 'expected an RFC 3339 date-time with offset' });
      return z.NEVER;
    }
    return ms;
  });

/** An absolute http(s) URL, as the WHATWG URL standard serializes it. */
export function serializeUrl(s: string): string | undefined {
  if (!/^https?:\/\//i.test(s.trim())) return undefined;
  try {
    return new URL(s.trim()).href;
  } catch {
    return undefined;
  }
}

/**
 * An absolute http(s) URL, written as the WHATWG URL standard serializes it: spaces and
 * non-ASCII percent-encoded, the host lower-cased (and punycoded), the default port and dot
 * segments gone. So every URL wirefeed writes is one validators and readers accept, and two
 * spellings of one URL compare equal (a withheld photo cannot pass by being spelled otherwise).
 */
export const absoluteUrl = z
  .string({ error: 'expected an absolute http(s) URL' })
  .refine((s) => serializeUrl(s) !== undefined, { message: 'expected an absolute http(s) URL' })
  .transform((s) => serializeUrl(s)!);

export const nonEmpty = z
  .string({ error: 'expected text' })
  .max(MAX_LINE_CHARS, { message: `expected at most ${MAX_LINE_CHARS} characters` })
  .trim()
  .min(1, { message: 'expected non-empty text' });

/** Lowercase ASCII, digits and dashes: safe as a folder name. */
export const slug = z
  .string({ error: 'expected a slug' })
  // A folder name on every file system: far below 255 bytes, and never a Windows device name.
  .max(80, { message: 'expected a slug of at most 80 characters (it names a folder)' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'expected a slug (lowercase letters, digits and dashes)' })
  .refine((s) => !/^(?:con|prn|aux|nul|com\d|lpt\d)$/.test(s), { message: 'expected a slug that is not a Windows device name (con, prn, aux, nul, com1-9, lpt1-9)' });
