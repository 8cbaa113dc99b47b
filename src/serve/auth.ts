// HTTP Basic authentication for the private documents under partners/ (`wirefeed serve
// --secrets FILE`). User: the partner's name (or `admin`, the newsroom); password: its secret.
//   - no credential, or a wrong one (unknown user or wrong secret alike): 401 + WWW-Authenticate;
//   - a good credential asking for a folder that is not its own, or that does not exist: the
//     same 404, so nobody learns which tokens exist;
//   - the newsroom's credential opens every private document (its page links to each feed).
// The request's path is judged twice: as sent (so /partners/<anything> always asks for a
// credential first) and as resolved on disk (so no other spelling or link reaches a folder).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { accessFromSecrets, NEWSROOM, PRIVATE_ROOT } from '../partners/access.js';
import type { Resolved } from './resolve.js';
import { targetPath } from './resolve.js';

export const REALM = 'wirefeed partners';

export interface Denial {
  status: 401 | 404;
  text: string;
  headers: http.OutgoingHttpHeaders;
}

/** Undefined: serve the request as usual. */
export type Gate = (req: http.IncomingMessage, found: Resolved, root: string) => Denial | undefined | Promise<Denial | undefined>;
type SyncGate = (req: http.IncomingMessage, found: Resolved, root: string) => Denial | undefined;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** The user and password of a Basic Authorization header, or undefined. */
export function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const m = /^basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The decoded path segments of a request target, however it is spelled (%-encoding, doubled slashes); none when it is no path. */
function segments(target: string): string[] {
  const raw = targetPath(target);
  if (raw === undefined) return [];
  try {
    return decodeURIComponent(raw).split(/[/\\]/).filter((s) => s !== '');
  } catch {
    return []; // resolve.ts answers 400
  }
}

export function partnerGate(secrets: { partners: Readonly<Record<string, string>>; newsroom?: string }): SyncGate {
  const access = accessFromSecrets(secrets);
  // Digests of equal length, compared in constant time; an unknown user is compared against a
  // random digest, so it takes as long as a wrong secret.
  const digests = new Map<string, Buffer>(Object.entries(secrets.partners).map(([n, s]) => [n, sha256(s)]));
  if (secrets.newsroom) digests.set(NEWSROOM, sha256(secrets.newsroom));
  const decoy = sha256(randomBytes(32).toString('base64url'));
  const tokenOf = (user: string) => (user === NEWSROOM ? access.newsroom : access.tokens.get(user));

  const unauthorized: Denial = {
    status: 401,
    text: 'authentication required',
    headers: { 'www-authenticate': `Basic realm="${REALM}", charset="UTF-8"`, 'cache-control': 'no-store' },
  };
  const notFound: Denial = { status: 404, text: 'not found', headers: { 'cache-control': 'no-store' } };

  return (req, found, root) => {
    const privateRoot = path.join(root, PRIVATE_ROOT);
    const onDisk = found.kind === 'file' && found.file.startsWith(privateRoot + path.sep);
    const asked = segments(req.url ?? '');
    if (!onDisk && asked[0] !== PRIVATE_ROOT) return undefined;

    const creds = basicCredentials(req.headers.authorization);
    const expected = creds ? digests.get(creds.user) : undefined;
    const given = sha256(creds?.password ?? '');
    const match = timingSafeEqual(given, expected ?? decoy) && expected !== undefined;
    if (!creds || !match) return unauthorized;

    // A folder asked without its "/": redirected only when it is the user's own, as a file would be.
    if (found.kind === 'redirect') return creds.user === NEWSROOM || (asked.length === 2 && asked[1] === tokenOf(creds.user)) ? undefined : notFound;
    if (found.kind !== 'file' || !onDisk) return notFound;
    if (creds.user === NEWSROOM) return undefined;
    const folder = path.relative(privateRoot, found.file).split(path.sep)[0];
    return folder === tokenOf(creds.user) ? undefined : notFound;
  };
}

/**
 * A gate over a secrets file that follows it: when the file changes (a rotation, a partner
 * added) the next request is judged by the new secrets, without a restart. A file that can no
 * longer be used (say, chmod 644) opens nothing private until it is fixed; `onError` is told why.
 */
export function fileGate(file: string, read: (file: string) => Promise<{ partners: Record<string, string>; newsroom?: string }>, onError: (message: string) => void): Gate {
  let stamp = '';
  let current: SyncGate = partnerGate({ partners: {} });
  let loading: Promise<void> | undefined;
  const refresh = async () => {
    let next = '';
    try {
      const st = await stat(file);
      next = `${st.ino}:${st.size}:${st.mtimeMs}:${st.mode}`;
    } catch {
      next = 'missing';
    }
    if (next === stamp) return;
    stamp = next;
    try {
      current = partnerGate(await read(file));
    } catch (err) {
      current = partnerGate({ partners: {} });
      onError((err as Error).message);
    }
  };
  return async (req, found, root) => {
    await (loading ??= refresh().finally(() => (loading = undefined)));
    return current(req, found, root);
  };
}
