// wirefeed.config.yaml: every key, what it expects, and its default.
import { z } from 'zod';
import { fieldsOf } from '../fields.js';
import { serializeUrl } from '../url.js';
import { NEWSROOM } from '../partners/access.js';
import { slugify } from '../slug.js';
import { PROFILE_NAMES, PROFILES } from '../profiles/index.js';
import { FORMATS, TOMBSTONE_DAYS } from './constants.js';

const SLUG_MARK = 'wirefeed-slug-placeholder';
const tagUrl = (s: string): string | undefined => serializeUrl(s.split('{slug}').join(SLUG_MARK))?.split(SLUG_MARK).join('{slug}');

const { absoluteUrl, nonEmpty, slug } = fieldsOf(z);

const formats = z
  .array(z.enum(FORMATS, { error: 'expected one of rss, atom, json' }))
  .min(1, { message: 'expected at least one format' });

/** A partner may also take ninjs (docs/ninjs.md): a document per item and an index, not a feed. */
const PARTNER_FORMATS = [...FORMATS, 'ninjs'] as const;
const partnerFormats = z
  .array(z.enum(PARTNER_FORMATS, { error: 'expected one of rss, atom, json, ninjs' }))
  .min(1, { message: 'expected at least one format' });

const NINJS_VERSIONS = ['2.2', '1.6', 'superdesk'] as const;
// YAML reads an unquoted 2.2 as a number: it means the version all the same.
const ninjsVersion = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z.enum(NINJS_VERSIONS, { error: 'expected "2.2", "1.6" or "superdesk"' }),
);

const person = z.strictObject({
  name: nonEmpty,
  url: absoluteUrl.optional(),
  email: z.email({ error: 'expected an email address' }).optional(),
});

/** What a partner may receive: by the item's agency (author) and by its photo's credit. */
const policy = z.strictObject({
  /** Agencies (from site.agencies) whose stories the partner may receive; absent: any. Our own staff's stories need no clearing. */
  agencies: z.array(nonEmpty).optional(),
  /** Authors whose stories it may never receive. */
  deny_agencies: z.array(nonEmpty).default([]),
  /** Photo credits it may not receive: whole words of the credit ("Markus Schreiber/AP/TT" and "AP Photo/Evan Vucci" name AP). */
  deny_photo_credits: z.array(nonEmpty).default([]),
  /** Photos with no credit at all, and pictures in a body (they carry no credit): withheld unless allowed. */
  allow_uncredited_photos: z.boolean().default(false),
});

/** Platforms fetch over HTTPS only (MSN: "only supports HTTPS"): a logo on http:// would be dropped. */
const httpsUrl = absoluteUrl.refine((s) => /^https:\/\//i.test(s), { message: 'expected an https:// URL' });

/** The platform's own identity for this partner's feed (see src/profiles/: which profile reads which). */
const identity = z.strictObject({
  /** SmartNews snf:logo; Feedly webfeeds:logo (an SVG). */
  logo: httpsUrl.optional(),
  /** SmartNews snf:darkModeLogo. */
  dark_logo: httpsUrl.optional(),
  /** Feedly webfeeds:icon (square). */
  icon: httpsUrl.optional(),
  /** Feedly webfeeds:cover. */
  cover: httpsUrl.optional(),
  /** Feedly webfeeds:accentColor: six hex digits, with or without "#"; written without it. */
  accent_color: z
    .string({ error: 'expected a colour as six hex digits, such as "#1a6fb0"' })
    .regex(/^#?[0-9a-fA-F]{6}$/, { message: 'expected a colour as six hex digits, such as "#1a6fb0"' })
    .transform((c) => c.replace(/^#/, '').toLowerCase())
    .optional(),
  /** Feedly webfeeds:analytics (id, engine); SmartNews snf:analytics (html, the tracking snippet). */
  analytics: z
    .strictObject({
      id: nonEmpty.optional(),
      engine: nonEmpty.optional(),
      html: nonEmpty.optional(),
    })
    .optional(),
});

const partner = z.strictObject({
  name: slug,
  title: nonEmpty.optional(),
  /** Tags it takes; absent: every item. */
  tags: z.array(nonEmpty).optional(),
  formats: partnerFormats.optional(),
  /** With `ninjs` in formats: the IPTC version, or the 1.x dialect Superdesk's ingest reads. */
  ninjs_version: ninjsVersion.optional(),
  full_text: z.boolean().default(true),
  limit: z.number().int().positive().optional(),
  policy: policy.default({ deny_agencies: [], deny_photo_credits: [], allow_uncredited_photos: false }),
  /** An aggregator's published rules (src/profiles/, docs/platforms/): checked, and applied to this feed. */
  profile: z.enum(PROFILE_NAMES, { error: `expected one of ${PROFILE_NAMES.join(', ')}` }).optional(),
  identity: identity.optional(),
});

const tagFeed = z.union([
  nonEmpty.transform((tag) => ({ tag, title: undefined as string | undefined })),
  z.strictObject({ tag: nonEmpty, title: nonEmpty.optional() }),
]);

const configShape = z.strictObject({
  site: z.strictObject({
    title: nonEmpty,
    description: nonEmpty.optional(),
    /** The site's home page. */
    home: absoluteUrl,
    /** Where out/ is published: feed URLs are this plus the file's path. */
    feeds_base: absoluteUrl.refine((u) => !u.includes('?') && !u.includes('#'), {
      message: 'expected a URL without a query or fragment (feed URLs are built by adding paths to it)',
    }),
    language: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, { message: 'expected a BCP 47 language tag such as "en" or "sv-SE"' }),
    /** The channel's copyright and reuse terms, with a syndication contact. */
    rights: nonEmpty.optional(),
    icon: absoluteUrl.optional(),
    /** The site's tag page, `{slug}` standing for the tag's slug. */
    tag_url: z
      .string()
      .refine((s) => s.includes('{slug}') && tagUrl(s) !== undefined, {
        message: 'expected an absolute URL containing {slug}',
      })
      // Serialized as every other URL (WHATWG), `{slug}` kept as the placeholder it is.
      .transform((s) => tagUrl(s)!)
      .optional(),
    /** Used for items that name no author. */
    default_author: person.optional(),
    /** Authors that are news agencies: a wire story needs rights text (check). */
    agencies: z.array(nonEmpty).default([]),
  }),
  feed: z
    .strictObject({
      limit: z.number().int().positive().default(50),
      formats: formats.default([...FORMATS]),
      title: nonEmpty.optional(),
      /** The main and tag feeds' order: by `published`, or by the latest change (`updated`: a correction moves a story up). Partner feeds always order by `updated`. */
      order: z.enum(['published', 'updated'], { error: 'expected published or updated' }).default('published'),
    })
    .default({ limit: 50, formats: [...FORMATS], order: 'published' }),
  tags: z.array(tagFeed).default([]),
  partners: z.array(partner).default([]),
  /** RFC 5005 archives: items beyond feed.limit go into one archive document per period. */
  archive: z
    .strictObject({
      enabled: z.boolean().default(false),
      period: z.enum(['month', 'year'], { error: 'expected month or year' }).default('month'),
      /** With archives enabled: tag feeds and partner feeds keep archives too. */
      tags: z.boolean().default(true),
      partners: z.boolean().default(true),
    })
    .default({ enabled: false, period: 'month', tags: true, partners: true }),
  html: z
    .strictObject({
      sanitize: z.boolean().default(true),
      allow_data_images: z.boolean().default(false),
    })
    .default({ sanitize: true, allow_data_images: false }),
  /** A killed story (withdrawn, or past syndication.expires) leaves a tombstone for this many days, then disappears. */
  lifecycle: z
    .strictObject({
      tombstone_days: z.number({ error: 'expected a number of days' }).int({ message: 'expected a whole number of days' }).min(0, { message: 'expected a whole number of days, 0 or more' }).default(TOMBSTONE_DAYS),
    })
    .default({ tombstone_days: TOMBSTONE_DAYS }),
  /** WebSub hub to ping after a run that changed feeds. */
  hub: absoluteUrl.optional(),
  /** `wirefeed serve`, the preview server (--port and --host override). */
  serve: z
    .strictObject({
      port: z.number({ error: 'expected a port number' }).int().min(0).max(65535, { message: 'expected a port number up to 65535' }).default(8080),
      host: nonEmpty.default('127.0.0.1'),
    })
    .default({ port: 8080, host: '127.0.0.1' }),
  safety: z
    .strictObject({
      /** Refuse a build that would drop more than this share of the items the feed on disk holds. */
      max_drop: z.number().min(0).max(1).default(0.5),
    })
    .default({ max_drop: 0.5 }),
});

/**
 * Rules across keys: a partner's `agencies` must be agencies the site knows (an item's agency is
 * found through site.agencies, so any other name would match nothing), and no two tag feeds
 * may share a folder.
 */
export const configSchema = configShape.superRefine((config, ctx) => {
  const known = config.site.agencies.map((a) => a.trim().replace(/\s+/g, ' ').toLowerCase());
  config.partners.forEach((p, i) => {
    if (p.name === NEWSROOM)
      ctx.addIssue({ code: 'custom', path: ['partners', i, 'name'], message: `"${NEWSROOM}" is the newsroom's own credential (its private page): choose another partner name` });
    if (p.ninjs_version !== undefined && !p.formats?.includes('ninjs'))
      ctx.addIssue({
        code: 'custom',
        path: ['partners', i, 'ninjs_version'],
        message: 'expected ninjs in this partner\'s formats (ninjs_version applies only to ninjs)',
      });
    p.policy.agencies?.forEach((a, j) => {
      if (!known.includes(a.trim().replace(/\s+/g, ' ').toLowerCase()))
        ctx.addIssue({
          code: 'custom',
          path: ['partners', i, 'policy', 'agencies', j],
          message: `expected one of site.agencies (${config.site.agencies.map((x) => JSON.stringify(x)).join(', ') || 'none listed'})`,
        });
    });
  });
  config.partners.forEach((p, i) => profileIssues(p, i, ctx));
  const slugs = new Map<string, number>();
  config.tags.forEach(({ tag }, i) => {
    const s = slugify(tag);
    const first = slugs.get(s);
    if (first !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['tags', i],
        message: `"${tag}" makes the same folder (tags/${s}) as tags.${first} "${config.tags[first]!.tag}": list each tag feed once`,
      });
    else slugs.set(s, i);
  });
});

/** A partner's identity must be what its profile reads: a key no profile of it reads is a mistake. */
function profileIssues(p: z.output<typeof partner>, i: number, ctx: z.RefinementCtx): void {
  const at = (...path: (string | number)[]) => ['partners', i, ...path];
  const profile = p.profile ? PROFILES[p.profile] : undefined;
  const given = Object.keys(p.identity ?? {}) as (keyof NonNullable<typeof p.identity>)[];
  for (const key of given) {
    if (!profile) ctx.addIssue({ code: 'custom', path: at('identity', key), message: 'expected a profile for this partner: identity is written only for a platform profile' });
    else if (!profile.identity.includes(key))
      ctx.addIssue({
        code: 'custom',
        path: at('identity', key),
        message: `${profile.platform} reads ${profile.identity.length ? profile.identity.join(', ') : 'no identity keys'}; not ${key}`,
      });
  }
  for (const key of profile?.requires ?? [])
    if (p.identity?.[key] === undefined)
      ctx.addIssue({ code: 'custom', path: p.identity ? at('identity') : at('profile'), message: `${profile!.platform} requires identity.${key}` });
  const a = p.identity?.analytics;
  if (a && p.profile === 'feedly' && (a.html !== undefined || a.id === undefined))
    ctx.addIssue({ code: 'custom', path: at('identity', 'analytics'), message: 'expected {id, engine?} for webfeeds:analytics (Feedly has no html snippet)' });
  if (a && p.profile === 'smartnews' && (a.html === undefined || a.id !== undefined || a.engine !== undefined))
    ctx.addIssue({ code: 'custom', path: at('identity', 'analytics'), message: 'expected {html} for snf:analytics, the tracking snippet' });
}

export type Config = z.output<typeof configSchema>;
export type PartnerConfig = Config['partners'][number];
