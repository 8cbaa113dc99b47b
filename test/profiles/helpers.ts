// The profile fixtures (test/fixtures/profiles/<platform>/), checked and built as the command line does.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli.js';
import { parseConfig } from '../../src/config/load.js';
import { testSecrets, writeTestSecrets } from '../helpers/partners.js';

export const NOW = '2026-12-01T12:00:00Z';
export const fixture = (platform: string) => `test/fixtures/profiles/${platform}`;

// check weighs the items against the feeds in --out (the safety valve): a folder that holds none.
const NO_FEEDS = path.join(os.tmpdir(), 'wirefeed-profiles-no-out');

/** A 0600 secrets file outside the repository for the fixture's partners, as an operator keeps one. */
async function secretsFor(configFile: string): Promise<string> {
  const parsed = parseConfig(readFileSync(configFile, 'utf8'), configFile);
  const names = parsed.ok ? parsed.config.partners.map((p) => p.name) : [];
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'wirefeed-profiles-secrets-')), 'secrets.json');
  await writeTestSecrets(file, testSecrets(names));
  return file;
}

/** `wirefeed check` on one fixture, in-process: the exit code and what went to stdout and stderr. */
export async function run(platform: string, args: string[]): Promise<{ code: number; out: string; err: string[] }> {
  let out = '';
  let err = '';
  const dir = fixture(platform);
  const config = path.join(dir, 'wirefeed.config.yaml');
  const code = await main(
    [...args, '--config', config, '--items', path.join(dir, 'items'), '--now', NOW, '--no-cache', '--out', NO_FEEDS, '--secrets', await secretsFor(config)],
    { out: (s) => (out += s), err: (s) => (err += s), clock: () => 0 },
  );
  return { code, out, err: err.split('\n').filter(Boolean) };
}
