// The item schema: exactly the fields of docs/items.md's table.
import { createRequire } from 'node:module';
import type * as Zod from 'zod';
import { fieldsOf } from '../fields.js';
import { MAX_LINE_CHARS } from '../limits.js';
import { LANGUAGE, MEDIA_TYPE } from './fast-fields.js';

function itemSchemaOf(z: typeof Zod.z) {
  const { absoluteUrl, dateTime, nonEmpty } = fieldsOf(z);
  const person = z.strictObject({
    name: nonEmpty,
    url: absoluteUrl.optional(),
    email: z.email({ error: 'expected an email address' }).optional(),
  });

  const contributor = z.strictObject({
    name: nonEmpty,
    role: z
      .string({ error: 'expected the contributor\'s role, a noun phrase such as "English edition"' })
      .max(MAX_LINE_CHARS, { message: `expected at most ${MAX_LINE_CHARS} characters` })
      .trim()
      .min(1, { message: 'expected the contributor\'s role, a noun phrase such as "English edition"' }),
    url: absoluteUrl.optional(),
  });

  /** A kill with its time and reason (`withdrawn`). */
  const withdrawal = z.strictObject({ at: dateTime, reason: nonEmpty });

  const dimension = z.number({ error: 'expected a whole number of pixels' }).int().positive();
  const mediaType = z.string().regex(MEDIA_TYPE, { message: 'expected a media type such as "image/jpeg"' });

  return z.strictObject({
    title: nonEmpty,
    url: absoluteUrl,
    id: nonEmpty.optional(),
    published: dateTime,
    updated: dateTime.optional(),
    summary: z.string().optional(),
    content_html: z.string().optional(),
    language: z
      .string()
      .regex(LANGUAGE, { message: 'expected a BCP 47 language tag such as "en" or "sv-SE"' })
      .optional(),
    authors: z.array(person).min(1, { message: 'expected at least one author' }).optional(),
    contributors: z.array(contributor).default([]),
    source: z.strictObject({ name: nonEmpty, url: absoluteUrl, feed: absoluteUrl.optional() }).optional(),
    credit: nonEmpty.optional(),
    image: z
      .strictObject({
        url: absoluteUrl,
        caption: z.string().optional(),
        credit: z.string().optional(),
        rights: z.string().optional(),
        width: dimension.optional(),
        height: dimension.optional(),
        type: mediaType.optional(),
        length: z.number().int().nonnegative({ message: 'expected a size in bytes' }).optional(),
        alt: z.string().optional(),
        // The same photo at other sizes; width and height are what a client chooses by.
        renditions: z.array(z.strictObject({ url: absoluteUrl, width: dimension, height: dimension, type: mediaType.optional() })).optional(),
      })
      .optional(),
    tags: z.array(nonEmpty).default([]),
    rights: z.string().optional(),
    // Any string: `wirefeed check` warns when it is not a URL, rather than losing the item.
    license: z.string().optional(),
    syndication: z
      .strictObject({
        // Absent (`syndication: {embargo: …}`): all, as without `syndication`.
        partners: z
          .union([z.literal('all'), z.literal('none'), z.array(nonEmpty)], {
            error: 'expected "all", "none" or a list of partner names',
          })
          .default('all'),
        embargo: dateTime.optional(),
        expires: dateTime.optional(),
      })
      .optional(),
    // `true` (killed, at the time of `updated`) or when and why: a partner's tombstone carries both.
    withdrawn: z
      .unknown()
      .transform((v, ctx): boolean | Zod.output<typeof withdrawal> => {
        if (typeof v === 'boolean') return v;
        // An object is judged as {at, reason}, so a message names the field that is wrong.
        if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
          const r = withdrawal.safeParse(v);
          if (r.success) return r.data;
          // As they are (an unknown key stays "unknown field"), under withdrawn.
          for (const issue of r.error.issues) ctx.addIssue({ ...issue } as never);
          return z.NEVER;
        }
        ctx.addIssue({ code: 'custom', message: 'expected true, false or {at: time, reason: text}' });
        return z.NEVER;
      })
      .optional(),
    /** What a correction changed, shown at the top of the body; `updated` says when. */
    correction: nonEmpty.optional(),
  });
}

let schema: ReturnType<typeof itemSchemaOf> | undefined;

/**
 * The schema, made on first use, and zod loaded then (its CommonJS build: an ES module cannot
 * be loaded on demand synchronously on Node 20). A cron run whose new items all pass the fast
 * check (fast-fields.ts) needs no schema: loading zod was 50 ms of its second.
 */
export const itemSchema = (): ReturnType<typeof itemSchemaOf> => (schema ??= itemSchemaOf((createRequire(import.meta.url)('zod') as typeof Zod).z));

export type ItemFields = Zod.output<ReturnType<typeof itemSchemaOf>>;
