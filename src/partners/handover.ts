// What the newsroom hands a partner: its feed URLs, how it authenticates, the formats, and
// what its policy lets through, generated from the config and the secrets (never by hand).
import type { Config, PartnerConfig } from '../config/schema.js';
import { policyText } from '../discovery/private.js';
import { FORMAT_NAMES } from '../discovery/feeds.js';
import { filePath } from '../render/index.js';
import { FORMATS } from '../config/constants.js';
import { feedUrl } from '../select/index.js';
import { ninjsLayout } from '../select/partners.js';
import type { Format } from '../types.js';
import { NEWSROOM, tokenDir, type PartnerAccess } from './access.js';

export interface PartnerEntry {
  name: string;
  title: string;
  /** false: no secret yet, so no feed is written. */
  hasSecret: boolean;
  formats: Format[];
  /** Per format, the feed's URL (with the token); absent without a secret. */
  feeds?: Partial<Record<Format, string>>;
  /** Its OPML, when it takes a feed format. */
  opml?: string;
  /** Its ninjs index (docs/ninjs.md), when it takes ninjs. */
  ninjs?: string;
  auth: {
    /** The URLs are capabilities: on a static host or CDN, knowing one is enough. */
    capabilityUrl: boolean;
    /** Where `wirefeed serve --secrets` or the generated nginx rules guard them: HTTP Basic with this user and the partner's secret. */
    httpBasic: { user: string; password: string };
  };
  /** The command that gives it a secret, when it has none. */
  todo?: string;
}

/** One partner, as `partners list --json` prints it: no secret, only where it is. */
export function partnerEntry(config: Config, partner: PartnerConfig, access: PartnerAccess | undefined): PartnerEntry {
  const formats = partner.formats ? partner.formats.filter((f): f is Format => (FORMATS as readonly string[]).includes(f)) : config.feed.formats;
  const takesNinjs = partner.formats?.includes('ninjs') === true;
  const token = access?.tokens.get(partner.name);
  const base: PartnerEntry = {
    name: partner.name,
    title: partner.title ?? `${config.site.title} for ${partner.name}`,
    hasSecret: token !== undefined,
    formats,
    auth: { capabilityUrl: true, httpBasic: { user: partner.name, password: 'its secret, from the secrets file (wirefeed partners handover)' } },
  };
  if (!token) return { ...base, todo: `wirefeed partners add ${partner.name}` };
  const dir = tokenDir(token);
  return {
    ...base,
    feeds: Object.fromEntries(formats.map((f) => [f, feedUrl(config, filePath(dir, f))])),
    ...(formats.length > 0 ? { opml: feedUrl(config, `${dir}/feeds.opml`) } : {}),
    ...(takesNinjs ? { ninjs: feedUrl(config, ninjsLayout(dir).index()) } : {}),
  };
}

/** The newsroom's own page, for `partners list`. */
export function newsroomPage(config: Config, access: PartnerAccess | undefined): { user: string; page?: string } {
  return { user: NEWSROOM, ...(access?.newsroom ? { page: feedUrl(config, `${tokenDir(access.newsroom)}/index.html`) } : {}) };
}

/** The text a partner's engineers follow. `secret`: printed in it, or absent ("sent separately"). */
export function handoverText(config: Config, partner: PartnerConfig, access: PartnerAccess, secret?: string): string {
  const e = partnerEntry(config, partner, access);
  const archive = config.archive.enabled && config.archive.partners;
  const pad = Math.max(0, ...e.formats.map((f) => FORMAT_NAMES[f].length)) + 2;
  const first = e.formats[0] ? e.feeds![e.formats[0]]! : e.ninjs!;
  const lines = [
    `${config.site.title}: feeds for ${e.title}`,
    '',
    'Your feeds (each format carries the same stories):',
    ...e.formats.map((f) => `  ${`${FORMAT_NAMES[f]}:`.padEnd(pad)}${e.feeds![f]}`),
    ...(e.opml ? [`  All of them for a feed reader (OPML): ${e.opml}`] : []),
    ...(e.ninjs ? [`  ninjs (IPTC, one document per story; see its index): ${e.ninjs}`] : []),
    ...(archive ? ['  Older stories: each feed links to its archive pages (RFC 5005, rel="prev-archive").'] : []),
    '',
    'Authentication:',
    '  These addresses are yours alone: keep them private, as you would a password.',
    '  Where our server asks for a login (HTTP Basic authentication, HTTPS only):',
    `    user:     ${partner.name}`,
    `    password: ${secret ?? '(sent to you separately)'}`,
    `  For example: curl --fail -u '${partner.name}:PASSWORD' '${first}'`,
    '  A wrong or missing login gets 401; an address that is not yours gets 404.',
    '  When we rotate your credential the addresses change: you will receive a new handover.',
    '',
    'What you receive (your agreement with us):',
    ...policyText(partner).map((s) => `  ${s}`),
    '  Every item carries its authors, contributors, source, rights and license, the credit line',
    '  at the end of its text, and the URL of our version (link, guid, Atom alternate, JSON url).',
    '  A photo you may not use is left out (no enclosure, media:content, image or <img>), and the',
    '  credit line then no longer names it. Republish the credit line and link back to our version.',
    '',
    'Polling: at most every 5 minutes; send If-None-Match (ETag) and you get 304 when nothing changed.',
    ...(config.site.rights ? ['', config.site.rights] : []),
    '',
  ];
  return lines.join('\n');
}
