// What the samples build, byte for byte against test/golden/ (regenerate: `npm run golden`).
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, shared with `npm run golden`
import { GOLDEN, goldenArgs, goldenSecrets } from '../scripts/golden.mjs';

let tmp: string | undefined;
let secrets: string | undefined;
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
  if (secrets) await rm(path.dirname(secrets), { recursive: true, force: true });
});

async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

describe('the golden copy of the samples', () => {
  it('is what wirefeed build writes today, every file byte for byte (else: npm run golden, and review the diff)', async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-golden-'));
    const out = path.join(tmp, 'out');
    // The sample partners get fixed test secrets: their private folders are pinned too.
    secrets = goldenSecrets() as string;
    const r = spawnSync(process.execPath, goldenArgs(out, secrets) as string[], { encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([0, '']);
    const files = await tree(out);
    expect(files.length).toBeGreaterThan(3);
    expect(files).toEqual(await tree(GOLDEN as string));
    for (const f of files) expect((await readFile(path.join(out, f))).equals(await readFile(path.join(GOLDEN as string, f))), f).toBe(true);
  });
});
