// Who may read what: each partner's documents live under partners/<token>/, the token an
// HMAC of the partner's name under its secret. Knowing the token is enough on a static host
// (capability URLs); `wirefeed serve` and nginx also ask for the partner's credential.
// Pure: the secrets come in as data (secrets.ts reads the file).
import { createHmac } from 'node:crypto';

/** The newsroom's own credential (HTTP user name): it opens the private overview page and every partner's documents. */
export const NEWSROOM = 'admin';

/** The folder under out/ that holds every private document. */
export const PRIVATE_ROOT = 'partners';

/** The folder of one token's documents, relative to out/. */
export const tokenDir = (token: string) => `${PRIVATE_ROOT}/${token}`;

/** 16 bytes (128 bits) of HMAC-SHA256(secret, name), base64url: 22 characters, safe in a URL and a file name. */
export function partnerToken(secret: string, name: string): string {
  return createHmac('sha256', secret).update(name, 'utf8').digest().subarray(0, 16).toString('base64url');
}

export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{22}$/;

/** What the rest of the run needs to know about the secrets: tokens only, never a secret. */
export interface PartnerAccess {
  /** partner name → its token */
  tokens: ReadonlyMap<string, string>;
  /** The newsroom's token (its private page), when the secrets file has a newsroom credential. */
  newsroom?: string;
}

export function accessFromSecrets(secrets: { partners: Readonly<Record<string, string>>; newsroom?: string }): PartnerAccess {
  const tokens = new Map(Object.entries(secrets.partners).map(([name, secret]) => [name, partnerToken(secret, name)]));
  return { tokens, ...(secrets.newsroom ? { newsroom: partnerToken(secrets.newsroom, NEWSROOM) } : {}) };
}

/** Every token folder a run keeps under partners/ (the rest is stale: a rotated secret, a removed partner). */
export function keptTokens(access: PartnerAccess | undefined, configured: readonly string[]): Set<string> {
  const keep = new Set<string>();
  if (!access) return keep;
  for (const name of configured) {
    const t = access.tokens.get(name);
    if (t) keep.add(t);
  }
  if (access.newsroom) keep.add(access.newsroom);
  return keep;
}

/**
 * Text for an operator's log: each token replaced by the name it stands for, so that logs,
 * --json and error messages never carry a capability URL.
 */
export function redactor(access: PartnerAccess | undefined): (s: string) => string {
  if (!access) return (s) => s;
  const names = new Map<string, string>([...access.tokens].map(([name, token]) => [token, `[${name}]`]));
  if (access.newsroom) names.set(access.newsroom, '[newsroom]');
  if (names.size === 0) return (s) => s;
  const pattern = new RegExp([...names.keys()].map((t) => t.replace(/[-]/g, '\\-')).join('|'), 'g');
  return (s) => s.replace(pattern, (t) => names.get(t)!);
}
