// Field types shared by the config and item schemas, each with the message a user sees.
// The two functions alone: importing the package root loads all of date-fns (~150 ms per run).
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import { z } from 'zod';
import { impossibleDate } from './advice.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Epoch ms of an RFC 3339 date-time with an explicit offset, or undefined. */
export function parseRfc3339(text: string): number | undefined {
  if (!RFC3339.test(text)) return undefined;
  const date = parseISO(text.replace(' ', 'T'));
  if (!isValid(date)) return undefined;
  // parseISO rolls 2026-02-30 over to March: a date that does not exist is refused.
  const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (m < 1 || m > 12 || d < 1 || d > days) return undefined;
  return date.getTime();
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

export const absoluteUrl = z.string({ error: 'expected an absolute http(s) URL' }).refine(
  (s) => {
    if (!/^https?:\/\//i.test(s)) return false;
    try {
      new URL(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected an absolute http(s) URL' },
);

export const nonEmpty = z.string({ error: 'expected text' }).trim().min(1, { message: 'expected non-empty text' });

/** Lowercase ASCII, digits and dashes: safe as a folder name. */
export const slug = z
  .string({ error: 'expected a slug' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'expected a slug (lowercase letters, digits and dashes)' });
