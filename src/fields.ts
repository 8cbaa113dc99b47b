// Field types shared by the config and item schemas, each with the message a user sees.
import { z } from 'zod';
import { impossibleDate } from './advice.js';
import { parseRfc3339, RFC3339 } from './time.js';

export { parseRfc3339 };

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
