// The golden copy of what the samples build: every file of `wirefeed build` on items/ with the
// sample config and a fixed --now, kept in test/golden/ and compared byte for byte by
// test/golden.test.ts. Regenerate after an intended change of the output: `npm run golden`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const GOLDEN = path.join(ROOT, 'test/golden');

/**
 * A secrets file for the sample partners, written fresh (mode 0600) into a temp folder: fixed
 * secrets made from the partner's name, so the private folders' tokens never change. For the
 * golden copy only; never a production secret (the repository holds none).
 */
export function goldenSecrets() {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'wirefeed-golden-secrets-')), 'secrets.json');
  const secret = (name) => createHash('sha256').update(`wirefeed golden secret ${name}`).digest('base64url');
  const created = '2026-11-26T12:00:00Z';
  const partners = Object.fromEntries(['baltic-daily', 'nordpress', 'wirewatch'].map((n) => [n, { secret: secret(n), created }]));
  writeFileSync(file, JSON.stringify({ wirefeed_secrets: 1, newsroom: { secret: secret('newsroom'), created }, partners }), { mode: 0o600 });
  return file;
}

/** The build the golden copy is made by, into `out`, with the secrets file `secrets`. */
export const goldenArgs = (out, secrets) => [
  path.join(ROOT, 'dist/cli.js'), 'build', '--quiet', '--no-cache',
  '--config', path.join(ROOT, 'wirefeed.config.yaml'), '--items', path.join(ROOT, 'items'),
  '--now', '2026-11-26T12:00:00Z', '--out', out, '--secrets', secrets,
];

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  rmSync(GOLDEN, { recursive: true, force: true });
  const secrets = goldenSecrets();
  const r = spawnSync(process.execPath, goldenArgs(GOLDEN, secrets), { cwd: ROOT, stdio: 'inherit' });
  rmSync(path.dirname(secrets), { recursive: true, force: true });
  if (r.status !== 0) {
    console.error(`golden: the build exited ${r.status}`);
    process.exit(1);
  }
  console.log(`golden: ${path.relative(ROOT, GOLDEN)}/ regenerated`);
}
