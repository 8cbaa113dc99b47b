// Partner secrets for tests: fixed per name (so runs are deterministic), never used outside tests.
import { createHash } from 'node:crypto';
import { chmod, writeFile } from 'node:fs/promises';
import type { Config } from '../../src/config/schema.js';
import { accessFromSecrets, tokenDir, type PartnerAccess } from '../../src/partners/access.js';

/** A 43-character base64url secret made from a name: the same in every run. */
export const testSecret = (name: string) => createHash('sha256').update(`wirefeed test secret ${name}`).digest('base64url');

export interface TestSecrets {
  partners: Record<string, string>;
  newsroom: string;
}

export function testSecrets(names: readonly string[]): TestSecrets {
  return { partners: Object.fromEntries(names.map((n) => [n, testSecret(n)])), newsroom: testSecret('newsroom') };
}

/** Every partner of the config with a secret, and the newsroom. */
export function testAccess(config: Config | readonly string[]): PartnerAccess {
  const names = Array.isArray(config) ? (config as string[]) : (config as Config).partners.map((p) => p.name);
  return accessFromSecrets(testSecrets(names));
}

/** partners/<token> of a partner under `access`. */
export function dirOf(access: PartnerAccess, name: string): string {
  const token = access.tokens.get(name);
  if (!token) throw new Error(`no token for ${name}`);
  return tokenDir(token);
}

/** Write a secrets file as `wirefeed partners add` would (mode 0600). */
export async function writeTestSecrets(file: string, s: TestSecrets): Promise<void> {
  const created = '2026-11-26T12:00:00Z';
  const body = {
    wirefeed_secrets: 1,
    newsroom: { secret: s.newsroom, created },
    partners: Object.fromEntries(Object.entries(s.partners).map(([n, secret]) => [n, { secret, created }])),
  };
  await writeFile(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}
