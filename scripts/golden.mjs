// The golden copy of what the samples build: every file of `wirefeed build` on items/ with the
// sample config and a fixed --now, kept in test/golden/ and compared byte for byte by
// test/golden.test.ts. Regenerate after an intended change of the output: `npm run golden`.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const GOLDEN = path.join(ROOT, 'test/golden');

/** The build the golden copy is made by, into `out`. */
export const goldenArgs = (out) => [
  path.join(ROOT, 'dist/cli.js'), 'build', '--quiet', '--no-cache',
  '--config', path.join(ROOT, 'wirefeed.config.yaml'), '--items', path.join(ROOT, 'items'),
  '--now', '2026-11-26T12:00:00Z', '--out', out,
];

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  rmSync(GOLDEN, { recursive: true, force: true });
  const r = spawnSync(process.execPath, goldenArgs(GOLDEN), { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`golden: the build exited ${r.status}`);
    process.exit(1);
  }
  console.log(`golden: ${path.relative(ROOT, GOLDEN)}/ regenerated`);
}
