// Field types shared by the config and item schemas, each with the message a user sees.
import type * as Zod from 'zod';
import { impossibleDate } from './advice.js';
import { MAX_LINE_CHARS } from './limits.js';
import { parseRfc3339, RFC3339 } from './time.js';
import { serializeUrl } from './url.js';

export { parseRfc3339 };

const made = new WeakMap<object, ReturnType<typeof build>>();

/**
 * The shared field types made with the zod `z` given: the config schema uses zod's ES module,
 * the item schema its CommonJS build, loaded only when an item needs it (items/schema.ts).
 */
export function fieldsOf(z: typeof Zod.z): ReturnType<typeof build> {
  let f = made.get(z);
  if (!f) made.set(z, (f = build(z)));
  return f;
}

function build(z: typeof Zod.z) {
  /** RFC 3339 text, or a YAML timestamp the parser already made a Date of, to epoch ms. */
  const dateTime = z
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


  /**
   * An absolute http(s) URL, written as the WHATWG URL standard serializes it: spaces and
   * non-ASCII percent-encoded, the host lower-cased (and punycoded), the default port and dot
   * segments gone. So every URL wirefeed writes is one validators and readers accept, and two
   * spellings of one URL compare equal (a withheld photo cannot pass by being spelled otherwise).
   */
  const absoluteUrl = z.string({ error: 'expected an absolute http(s) URL' }).transform((s, ctx) => {
    // Parsed once: every item's URLs pass here on every uncached run.
    const url = serializeUrl(s);
    if (url === undefined) {
      ctx.addIssue({ code: 'custom', message: 'expected an absolute http(s) URL' });
      return z.NEVER;
    }
    return url;
  });

  const nonEmpty = z
    .string({ error: 'expected text' })
    .max(MAX_LINE_CHARS, { message: `expected at most ${MAX_LINE_CHARS} characters` })
    .trim()
    .min(1, { message: 'expected non-empty text' });

  /** Lowercase ASCII, digits and dashes: safe as a folder name. */
  const slug = z
    .string({ error: 'expected a slug' })
    // A folder name on every file system: far below 255 bytes, and never a Windows device name.
    .max(80, { message: 'expected a slug of at most 80 characters (it names a folder)' })
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'expected a slug (lowercase letters, digits and dashes)' })
    .refine((s) => !/^(?:con|prn|aux|nul|com\d|lpt\d)$/.test(s), { message: 'expected a slug that is not a Windows device name (con, prn, aux, nul, com1-9, lpt1-9)' });
  return { dateTime, absoluteUrl, nonEmpty, slug };
}
