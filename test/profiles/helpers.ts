// The profile fixtures (test/fixtures/profiles/<platform>/), checked and built as the command line does.
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli.js';

export const NOW = '2026-12-01T12:00:00Z';
export const fixture = (platform: string) => `test/fixtures/profiles/${platform}`;

// check weighs the items against the feeds in --out (the safety valve): a folder that holds none.
const NO_FEEDS = path.join(os.tmpdir(), 'wirefeed-profiles-no-out');

/** `wirefeed check` on one fixture, in-process: the exit code and what went to stdout and stderr. */
export async function run(platform: string, args: string[]): Promise<{ code: number; out: string; err: string[] }> {
  let out = '';
  let err = '';
  const dir = fixture(platform);
  const code = await main(
    [...args, '--config', path.join(dir, 'wirefeed.config.yaml'), '--items', path.join(dir, 'items'), '--now', NOW, '--no-cache', '--out', NO_FEEDS],
    { out: (s) => (out += s), err: (s) => (err += s), clock: () => 0 },
  );
  return { code, out, err: err.split('\n').filter(Boolean) };
}
