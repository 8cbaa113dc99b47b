// What a profile is: one aggregator's published rules for a feed, as data and small functions.
// src/profiles/<platform>.ts each export one; index.ts is the registry and the seams the
// stages call (select: which items and how many; render: namespaces, extension elements, HTML).
import type { Item } from '../types.js';

export const PROFILE_NAMES = ['msn', 'google-news', 'flipboard', 'smartnews', 'apple-news', 'feedly'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** The platform's own identity, from the partner's `identity:` (config/schema.ts). */
export interface Identity {
  logo?: string;
  dark_logo?: string;
  icon?: string;
  cover?: string;
  /** Six hex digits, without `#` (as webfeeds:accentColor takes it). */
  accent_color?: string;
  analytics?: { id?: string; engine?: string; html?: string };
}
export type IdentityKey = keyof Identity;

/** One broken rule on one item, as the lint reports it (see lint.ts's LintFinding). */
export interface RuleFinding {
  /** The item field the rule is about ("title", "image.width"). */
  field: string;
  /** Where to point in the item file: the field, or the nearest one that exists. */
  at: (string | number)[];
  message: string;
}

export interface RuleContext {
  /** epoch ms: the run's --now. */
  now: number;
  /** The partner takes bodies (partner.full_text). */
  fullText: boolean;
}

export type Rule = (item: Item, ctx: RuleContext) => RuleFinding | undefined;

/** Extension elements a profile writes: in the channel / feed head, and per item or entry. */
export interface Extensions {
  /** xmlns declarations, prefix → namespace URI, for RSS and Atom alike. */
  namespaces: Record<string, string>;
  /** Channel (RSS) or feed (Atom) children, already escaped XML. */
  head: (identity: Identity, format: 'rss' | 'atom') => string[];
  /** Children of every item or entry, already escaped XML. */
  item?: (identity: Identity) => string;
}

export interface HtmlAllowlist {
  tags: string[];
  attributes: Record<string, string[]>;
  /** Tags renamed on the way (a figcaption the platform strips becomes a paragraph). */
  rename?: Record<string, string>;
}

export interface Profile {
  name: ProfileName;
  /** The platform's name, for messages and docs. */
  platform: string;
  /** The pages its rules come from. */
  sources: string[];
  /** The feed is cut to fit, newest first, whole items only: bytes of each rendered file, items. */
  budget: { maxBytes?: number; maxItems?: number; /** Fewer items than this and the platform may refuse the feed (a warning). */ minItems?: number };
  /** Bodies are sanitized to this instead of wirefeed's own allowlist. */
  html?: HtmlAllowlist;
  /**
   * What RSS `pubDate` carries: the story's publication (the RSS 2.0 meaning), or its last
   * change for a platform that takes pubDate as the mark of a modified article (Google News):
   * else it never sees a correction.
   */
  pubDate?: 'published' | 'updated';
  /** `expiry`: a killed story stays, with an expiry in the past and a newer updated (MSN), instead of a tombstone. */
  takedown: 'tombstone' | 'expiry';
  /** The identity keys it reads: others given for this partner are a config error. */
  identity: IdentityKey[];
  /** Identity keys it cannot do without (config error when missing). */
  requires?: IdentityKey[];
  extensions?: Extensions;
  rules: Rule[];
}
