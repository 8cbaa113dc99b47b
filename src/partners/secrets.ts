// The secrets file: one secret per partner and one for the newsroom, outside the repository
// and outside out/ (`--secrets FILE` or WIREFEED_SECRETS). Created mode 0600 and refused when
// group or others may read it. No message ever quotes its content.
import { randomBytes } from 'node:crypto';
import { constants, realpathSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { NEWSROOM } from './access.js';

export const SECRETS_ENV = 'WIREFEED_SECRETS';
const FORMAT = 1;

export interface Credential {
  secret: string;
  /** When it was made: the operator sees how old each credential is. RFC 3339. */
  created: string;
}

export interface SecretsFile {
  newsroom?: Credential;
  partners: Record<string, Credential>;
}

/** Why the secrets file cannot be used: 77 permissions (EX_NOPERM), 78 missing or malformed (EX_CONFIG). */
export class SecretsError extends Error {
  constructor(
    message: string,
    readonly exitCode: 77 | 78,
  ) {
    super(message);
  }
}

/** 256 random bits, base64url (43 characters). */
export const newSecret = () => randomBytes(32).toString('base64url');

const SECRET_SHAPE = /^[A-Za-z0-9_-]{22,}$/;
// fields.ts's slug, by hand: the CLI imports this module on every run, and zod only when it must.
const NAME_SHAPE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The secrets file's path: --secrets, else WIREFEED_SECRETS, else none. */
export function secretsPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return flag ?? (env[SECRETS_ENV] || undefined);
}

/** Refused: a secrets file inside the folder that is published. */
export function checkOutsideOut(file: string, outDir: string): void {
  // Through links too: the real place of each counts.
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const rel = path.relative(real(outDir), real(file));
  if (!rel.startsWith('..') && !path.isAbsolute(rel))
    throw new SecretsError(`${file}: the secrets file is inside the output folder ${outDir}, which is published: move it out (e.g. /etc/wirefeed/secrets.json)`, 78);
}

const tooOpen = (mode: number) => (mode & 0o077) !== 0;
const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

function parse(text: string, file: string): SecretsFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text: never repeated here.
    throw new SecretsError(`${file}: not a wirefeed secrets file (not valid JSON)`, 78);
  }
  const bad = (what: string) => new SecretsError(`${file}: ${what}`, 78);
  if (!doc || typeof doc !== 'object' || (doc as { wirefeed_secrets?: unknown }).wirefeed_secrets !== FORMAT)
    throw bad(`not a wirefeed secrets file (expected "wirefeed_secrets": ${FORMAT})`);
  const d = doc as { newsroom?: unknown; partners?: unknown };
  const credential = (c: unknown, where: string): Credential => {
    const o = c as Partial<Credential> | null;
    if (!o || typeof o.secret !== 'string' || !SECRET_SHAPE.test(o.secret)) throw bad(`${where}.secret: expected at least 22 base64url characters (128 bits)`);
    return { secret: o.secret, created: typeof o.created === 'string' ? o.created : '' };
  };
  const partners: Record<string, Credential> = {};
  if (d.partners !== undefined) {
    if (!d.partners || typeof d.partners !== 'object' || Array.isArray(d.partners)) throw bad('partners: expected an object of partner names');
    for (const [name, c] of Object.entries(d.partners)) {
      if (!NAME_SHAPE.test(name) || name === NEWSROOM) throw bad(`partners: ${JSON.stringify(name)} is not a partner name (a slug, not "${NEWSROOM}")`);
      partners[name] = credential(c, `partners.${name}`);
    }
  }
  return { partners, ...(d.newsroom !== undefined ? { newsroom: credential(d.newsroom, 'newsroom') } : {}) };
}

/**
 * Read the secrets file. `missingOk`: a file that does not exist reads as empty (the first
 * `partners add` creates it); otherwise it is an error.
 */
export async function readSecrets(file: string, missingOk = false): Promise<SecretsFile> {
  let handle;
  try {
    // O_NOFOLLOW is not used: /etc/wirefeed/secrets.json may be a link made by config management;
    // what counts is the mode of the file it leads to, which fstat reports.
    handle = await open(file, constants.O_RDONLY);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && missingOk) return { partners: {} };
    if (code === 'ENOENT') throw new SecretsError(`${file}: no such secrets file; create it with \`wirefeed partners add NAME --secrets ${file}\``, 78);
    if (code === 'EACCES') throw new SecretsError(`${file}: cannot read the secrets file (permission denied): run as its owner`, 77);
    throw new SecretsError(`${file}: cannot read the secrets file (${code})`, 78);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new SecretsError(`${file}: the secrets file is not a regular file`, 78);
    if (tooOpen(st.mode))
      throw new SecretsError(`${file}: the secrets file may be read by group or others (mode ${octal(st.mode)}): refusing it; run \`chmod 600 ${file}\``, 77);
    return parse(await handle.readFile('utf8'), file);
  } finally {
    await handle.close();
  }
}

/** The secrets alone, as access.ts takes them. */
export function secretValues(s: SecretsFile): { partners: Record<string, string>; newsroom?: string } {
  return {
    partners: Object.fromEntries(Object.entries(s.partners).map(([n, c]) => [n, c.secret])),
    ...(s.newsroom ? { newsroom: s.newsroom.secret } : {}),
  };
}

/** Write the whole file: a 0600 temp file beside it, synced, renamed over it. */
export async function writeSecrets(file: string, s: SecretsFile): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(s.partners).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const body = `${JSON.stringify({ wirefeed_secrets: FORMAT, ...(s.newsroom ? { newsroom: s.newsroom } : {}), partners: sorted }, null, 2)}\n`;
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle;
  try {
    handle = await open(tmp, 'wx', 0o600);
  } catch (err) {
    throw new SecretsError(`${file}: cannot write the secrets file (${(err as NodeJS.ErrnoException).code})`, (err as NodeJS.ErrnoException).code === 'EACCES' ? 77 : 78);
  }
  try {
    // The mode given to open is masked by the umask, which can only narrow it; this makes sure.
    await handle.chmod(0o600);
    await handle.writeFile(body);
    await handle.sync();
    await handle.close();
    await rename(tmp, file);
  } catch (err) {
    await handle.close().catch(() => {});
    await rm(tmp, { force: true });
    throw new SecretsError(`${file}: cannot write the secrets file (${(err as NodeJS.ErrnoException).code})`, 78);
  }
}
