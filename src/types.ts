// The domain types that flow between the stages (see docs/design.md's data flow).

/** Who wrote an item: a reporter or an agency. */
export interface Person {
  name: string;
  url?: string;
  email?: string;
}

/** Someone who shaped the item after its author: `role` is a noun phrase ("English edition"). */
export interface Contributor {
  name: string;
  role: string;
  url?: string;
}

/** The original the item was adapted from. */
export interface Source {
  name: string;
  url: string;
  /** The original's feed URL, when known: lets RSS and Atom use their own `source` element. */
  feed?: string;
}

/** The same photo at another size: what a client picks from for its screen. */
export interface Rendition {
  url: string;
  width: number;
  height: number;
  type?: string;
}

export interface Image {
  url: string;
  caption?: string;
  credit?: string;
  rights?: string;
  width?: number;
  height?: number;
  type?: string;
  length?: number;
  /** Text that stands in for the photo for who cannot see it (HTML `alt`). */
  alt?: string;
  renditions?: Rendition[];
}

export interface Syndication {
  partners: 'all' | 'none' | string[];
  /** epoch ms */
  embargo?: number;
  /** epoch ms */
  expires?: number;
}

/** The body as written: rendered to HTML only when some document shows it. */
export interface Body {
  format: 'markdown' | 'html';
  text: string;
}

/** One article, validated and cleaned, as the loader hands it on. */
export interface Item {
  /** Path of the item file, relative to the working folder: every message names it. */
  file: string;
  id: string;
  url: string;
  title: string;
  /** epoch ms */
  published: number;
  /** epoch ms; equals `published` when the item gives none */
  updated: number;
  summary?: string;
  body?: Body;
  language?: string;
  authors: Person[];
  contributors: Contributor[];
  source?: Source;
  /** The item's own credit line, verbatim; when absent it is built (attribution.ts). */
  credit?: string;
  image?: Image;
  tags: string[];
  rights?: string;
  license?: string;
  syndication: Syndication;
  /** Killed: when (epoch ms; `withdrawn: true` takes `updated`) and why. false: live. */
  withdrawn: false | Withdrawal;
  /** The last correction's note (its time is `updated`). */
  correction?: string;
}

/** A kill: the story leaves every feed at once; its tombstone says when and why. */
export interface Withdrawal {
  /** epoch ms */
  at: number;
  reason?: string;
}

/** A problem with one input file. `line` is 1-based; `field` is a dotted path. */
export interface Problem {
  file: string;
  line?: number;
  field?: string;
  message: string;
  severity: 'error' | 'warning';
  /** A partner profile's finding (src/profiles/): about that partner's feed only. */
  partner?: string;
}

export type Format = 'rss' | 'atom' | 'json';

/** The ninjs a partner takes: IPTC 2.2 or 1.6, or the 1.x dialect Superdesk's ingest reads (docs/ninjs.md). */
export type NinjsVersion = '2.2' | '1.6' | 'superdesk';

/**
 * A partner document's ninjs: one document per item, and an index of this document's items
 * (the subscription index, or one archive page of it), paged as the feeds are (RFC 5005).
 */
export interface NinjsDocs {
  version: NinjsVersion;
  /** This document's index, relative to out/. */
  index: string;
  /** Absolute URLs of this index and the index pages it links to. */
  links: { self: string; current?: string; prevArchive?: string; nextArchive?: string };
  /** The folder of the item documents, relative to out/, and its public URL (ending in /). */
  items: { dir: string; url: string };
}

/** A link between documents of one feed (RFC 5005 archives, WebSub). */
export interface FeedLinks {
  /** absolute URL of this document, per format */
  self: Record<Format, string>;
  /** the subscription document of this feed, per format (archives point at it) */
  current?: Record<Format, string>;
  prevArchive?: Record<Format, string>;
  nextArchive?: Record<Format, string>;
  hub?: string;
}

/**
 * One feed document to render, in every format the feed is configured for:
 * the main feed, a tag feed, a partner feed or an archive page.
 */
export interface FeedView {
  /** Output folder relative to out/: '' for the main feed, 'tags/world', 'partners/nt', 'archive/2026-11'. */
  dir: string;
  formats: Format[];
  title: string;
  description: string;
  homeUrl: string;
  language: string;
  /** The site's copyright and reuse terms. */
  rights?: string;
  /** Feed-level icon/logo, absolute. */
  icon?: string;
  generator: string;
  links: FeedLinks;
  /** RFC 5005: an archive document. */
  archive: boolean;
  /** RFC 5005: a feed that holds every item. */
  complete: boolean;
  /** The feed's own updated / lastBuildDate: the newest `updated` of its items, never the clock. epoch ms */
  updated: number;
  /** Newest first, already filtered and with rights applied. */
  items: Item[];
  /** Whether bodies are included (partners may take summaries only). */
  fullText: boolean;
  /** Image URLs that may not appear in this document (rights): stripped from bodies. */
  blockedImages: string[];
  /** The site's tag page, `{slug}` standing for the tag's slug: RSS `category domain`, Atom `category scheme`. */
  tagUrl?: string;
  /** A partner feed under an aggregator's profile (src/profiles/): its extension elements and HTML allowlist. */
  profile?: { name: import('./profiles/types.js').ProfileName; identity: import('./profiles/types.js').Identity };
  /** The profile's size budget cut this document down from `from` items (src/profiles/index.ts, fitBudget). */
  budgetCut?: { from: number };
  /** A partner that takes ninjs: its documents for this view's items. */
  ninjs?: NinjsDocs;
  /** Stories this document carried (or would carry) that were killed within lifecycle.tombstone_days: newest kill first. */
  tombstones?: Tombstone[];
}

/**
 * What a document says of a killed story in its tombstone window (RFC 6721), in place of the
 * entry: only what names the story and the kill, never its body, photo or credit.
 */
export interface Tombstone {
  id: string;
  /** For the story's Atom id (see render/entry.ts), which the tombstone refers to. */
  url: string;
  /** epoch ms: for the Atom id and the archive period the story was in. */
  published: number;
  /** epoch ms: when it was killed (`withdrawn.at`, or `syndication.expires`). */
  when: number;
  reason: string;
  cause: 'withdrawn' | 'expired';
  /** The kill's ninjs `version`: one more than the live story's. */
  version: number;
}

/** One file's worth of output, ready to publish. */
export interface RenderedFeed {
  /** Path relative to out/, with forward slashes. */
  path: string;
  contentType: string;
  body: string;
}
