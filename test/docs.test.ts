// Every command the README and docs/ show is true as written: each ```sh block is run, in
// order, in a sandbox (a copy of the checkout; the absolute paths the docs use mapped to temp
// folders, see helpers/docs.ts), and must succeed. ```sh-norun blocks are shown only: they
// need root, the network, or run until stopped (serve).
import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { blocks, REPO, sandbox, type Block, type Sandbox } from './helpers/docs.js';

const PAGES = ['README.md', ...(await readdir(path.join(REPO, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/**
 * Two commands stand for what is already true when this test runs: `npm ci` installed the
 * node_modules the sandbox links (a second one would need the registry), and `npm test` is
 * this very run. `.ci/run` runs both for real, as the README gives them.
 */
const STANDS_FOR = (script: string) => script.replace(/\bnpm ci\b[^&\n;]*/g, ':').replace(/\bnpm test\b/g, ':');

let box: Sandbox | undefined;
afterEach(() => box?.remove());

function run(b: Block, sb: Sandbox) {
  return spawnSync('/bin/sh', ['-e', '-c', sb.map(STANDS_FOR(b.text))], { cwd: sb.checkout, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe('the commands in the README and docs/', () => {
  it('every shell block is marked sh (run here) or sh-norun (shown only)', async () => {
    for (const page of PAGES)
      for (const b of await blocks(page)) expect(['bash', 'shell', 'console', 'zsh'], `${page}:${b.line}`).not.toContain(b.lang);
  });

  it.each(PAGES.filter((p) => p !== 'README.md'))('%s: each sh block succeeds as written', async (page) => {
    const runnable = (await blocks(page)).filter((b) => b.lang === 'sh');
    box = await sandbox();
    for (const b of runnable) {
      const r = run(b, box);
      expect(r.status, `${page}:${b.line}\n${b.text}\n${r.stdout}${r.stderr}`).toBe(0);
    }
  });

  it('README.md: each sh block succeeds as written, and the walk-through leaves a site of the first story alone', async () => {
    box = await sandbox();
    const runnable = (await blocks('README.md')).filter((x) => x.lang === 'sh');
    expect(runnable.map((b) => b.text.split('\n')[0])).toEqual(['npm ci && npx wirefeed build', 'npm test', 'rm -r items/* out/', "cat > items/2026-12-01-first-story.md <<'EOF'"]);
    for (const b of runnable) {
      const r = run(b, box);
      expect(r.status, `README.md:${b.line}\n${b.text}\n${r.stdout}${r.stderr}`).toBe(0);
    }
    expect(await readdir(path.join(box.checkout, 'items'))).toEqual(['2026-12-01-first-story.md']);
    const feed = JSON.parse(await readFile(path.join(box.checkout, 'out/feed.json'), 'utf8')) as { items: { id: string }[] };
    // Published 2026-12-01T09:00:00+01:00: held back on a machine whose clock is earlier.
    const due = Date.now() >= Date.parse('2026-12-01T08:00:00Z');
    expect(feed.items.map((i) => i.id)).toEqual(due ? ['https://news.example.org/2026/12/01/first-story'] : []);
  });
});
