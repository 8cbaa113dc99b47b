// The everyday mistakes table in docs/items.md: every row's fixture, run through `wirefeed
// check` as an editor would, gives exactly the message the table shows; and the advice for
// a colon in a value, followed, fixes the file.
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { parseMarkdownItem } from '../../src/items/parse.js';
import { formatProblem } from '../../src/validate.js';
import { testSecrets, writeTestSecrets } from '../helpers/partners.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/items-mistakes');

/** The rows of the table under "The everyday mistakes": [fixture, message]. */
async function table(): Promise<[string, string][]> {
  const doc = await readFile(path.join(ROOT, 'docs/items.md'), 'utf8');
  const section = doc.slice(doc.indexOf('### The everyday mistakes'), doc.indexOf('### Two files with one id'));
  return [...section.matchAll(/^\| [^|]+ \| `([^`]+)` \| `(.+)` \|$/gm)].map((m) => [m[1]!, m[2]!]);
}

let tmp: string;
let stderr: string[];
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-mistakes-'));
  await cp(FIXTURES, path.join(tmp, 'items'), { recursive: true });
  // The sample partners have secrets, so stderr holds the items' messages alone.
  const secrets = path.join(tmp, 'secrets.json');
  await writeTestSecrets(secrets, testSecrets(['nordpress', 'baltic-daily', 'wirewatch']));
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'check', '--config', path.join(ROOT, 'wirefeed.config.yaml'), '--now', '2026-11-26T12:00:00Z', '--secrets', secrets], {
    cwd: tmp,
    encoding: 'utf8',
  });
  expect(r.status).toBe(1);
  stderr = r.stderr.trimEnd().split('\n');
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('the everyday mistakes table', () => {
  it('has one row per fixture, and each fixture says exactly what its row shows', async () => {
    const rows = await table();
    expect(rows.map(([f]) => f).sort()).toEqual((await readdir(FIXTURES)).sort());
    expect([...stderr].sort()).toEqual(rows.map(([, message]) => message).sort());
  });

  it('names the mistake in plain words, never the YAML library\'s jargon', () => {
    for (const line of stderr) expect(line).not.toMatch(/compact mapping|implicit key|block collection|indicator|Flow (map|sequence)/i);
  });

  it('gives the config file the same advice', () => {
    const r = parseConfig('site:\n  title: Sweden Herald: the news in English\n', 'wirefeed.config.yaml');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map(formatProblem)).toEqual([
      'wirefeed.config.yaml:2: title: invalid YAML: the text contains ": ", which starts a new field; put the title in quotes: title: "Sweden Herald: the news in English"',
    ]);
  });
});

describe('a colon in a value', () => {
  const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ,.!?'"()-]{0,20}[A-Za-z0-9.!?)]$/);
  const front = (title: string) => `---\ntitle: ${title}\nurl: https://news.example.org/x\npublished: 2026-11-20T10:00:00Z\nauthors: [{name: TT}]\n---\n`;

  it('gets a suggestion that, pasted in, reads back as the text the editor meant', () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        const title = `${a}: ${b}`;
        const r = parseMarkdownItem(front(title), 'x.md');
        expect(r.ok).toBe(false);
        const message = !r.ok ? r.problems[0]!.message : '';
        const fix = /put the title in quotes: (title: .*)$/.exec(message)?.[1];
        expect(fix, message).toBeDefined();
        expect((parse(fix!) as { title: string }).title).toBe(title);
        const fixed = parseMarkdownItem(front(fix!.slice('title: '.length)), 'x.md');
        expect(fixed.ok && fixed.item.title).toBe(title);
      }),
    );
  });
});
