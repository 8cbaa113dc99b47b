// The parse cache with the whole newsroom's job on (tag feeds, partner feeds with their
// photo rights, ninjs, RFC 5005 archives for all): after any sequence of edits, each
// incremental run writes exactly the bytes a cold build of the same items writes.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { generateItem } from '../../bench/generate.js';
import { build } from '../../src/build.js';
import { testAccess } from '../helpers/partners.js';
import { feeds, itemFiles, makeSite, NEWSROOM, NOW_MS, type Site } from './helpers.js';

const SIZE = 30;
// Every partner has a secret, so its documents are written (under partners/<token>/).
const ACCESS = testAccess(['nordpress', 'baltic-daily', 'wirewatch']);
const run = (s: Site, opts: { out?: string; cache?: false } = {}) =>
  build({
    configFile: s.config,
    itemsDir: s.items,
    outDir: opts.out ?? s.out,
    now: NOW_MS,
    cacheDir: opts.cache === false ? undefined : s.cache,
    ping: false,
    access: ACCESS,
  });
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const YEAR = 365 * 24 * 3600 * 1000;

type Edit =
  | { kind: 'add'; n: number; at: number }
  | { kind: 'edit' | 'correct' | 'withdraw' | 'delete'; pick: number }
  | { kind: 'expire'; pick: number; ago: number }
  | { kind: 'move'; pick: number; at: number };

/** A time within the data set's four years (whole seconds), `at` in [0, 1). */
const within = (at: number) => Math.floor((NOW_MS - 4 * YEAR + at * 4 * YEAR) / 1000) * 1000;

/** The Markdown items (the generator writes one in ten as JSON; those are edited as added). */
const markdown = (s: Site) => itemFiles(s).filter((f) => f.endsWith('.md'));

function setKey(text: string, key: string, value: string): string {
  const line = `${key}: ${value}`;
  const re = new RegExp(`^${key}: .*$`, 'm');
  return re.test(text) ? text.replace(re, line) : text.replace(/^---\n/, `---\n${line}\n`);
}

/** Apply one edit to the items folder; the test's own log line for a failing sequence. */
function apply(s: Site, e: Edit, step: number): void {
  if (e.kind === 'add') {
    const gen = generateItem(SIZE + e.n, SIZE);
    const when = iso(within(e.at));
    const text = gen.text.replace(/^published: .*$/m, `published: "${when}"`).replace(/"published": ".*?"/, `"published": "${when}"`);
    const file = path.join(s.items, when.slice(0, 7), `added-${step}-${path.basename(gen.name)}`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text.replace(/^updated: .*\n/m, '').replace(/"updated": ".*?",\n/, ''));
    return;
  }
  const files = markdown(s);
  if (files.length === 0) return;
  const file = files[e.pick % files.length]!;
  const text = readFileSync(file, 'utf8');
  const published = Date.parse(/^published: "(.*)"$/m.exec(text)![1]!);
  switch (e.kind) {
    case 'edit':
      writeFileSync(file, `${text}\nAn added paragraph (${step}).\n`);
      break;
    case 'correct':
      writeFileSync(file, `${setKey(text, 'updated', `"${iso(Math.min(NOW_MS, published + 3600_000 * (step + 1)))}"`)}\nCorrection (${step}).\n`);
      break;
    case 'withdraw':
      writeFileSync(file, setKey(text, 'withdrawn', 'true'));
      break;
    case 'expire':
      writeFileSync(file, text.replace(/^syndication:\n/m, `syndication:\n  expires: "${iso(Math.max(published, NOW_MS - e.ago * 24 * 3600_000))}"\n`).replace(/^(  expires: .*\n)(  expires: .*\n)/m, '$1'));
      break;
    case 'delete':
      rmSync(file);
      break;
    case 'move': {
      const when = iso(within(e.at));
      const to = path.join(s.items, when.slice(0, 7), `moved-${step}-${path.basename(file)}`);
      mkdirSync(path.dirname(to), { recursive: true });
      writeFileSync(file, text.replace(/^published: .*$/m, `published: "${when}"`).replace(/^updated: .*\n/m, ''));
      renameSync(file, to);
      break;
    }
  }
}

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), n: fc.nat(50), at: fc.double({ min: 0, max: 0.999, noNaN: true }) }),
  fc.record({ kind: fc.constantFrom('edit' as const, 'correct' as const, 'withdraw' as const, 'delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('expire' as const), pick: fc.nat(), ago: fc.nat(60) }),
  fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), at: fc.double({ min: 0, max: 0.999, noNaN: true }) }),
);

const sites: Site[] = [];
afterAll(() => {
  for (const s of sites) rmSync(s.root, { recursive: true, force: true });
});

// WIREFEED_INCREMENTAL_RUNS=40 for a longer search than CI's; the time allowed grows with it.
const RUNS = Number(process.env.WIREFEED_INCREMENTAL_RUNS ?? 8);

describe('incremental runs with tags, partners and archives', () => {
  it('each run writes the bytes a cold build of the same items writes (random edit sequences)', async () => {
    let seq = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
        const s = makeSite(SIZE, NEWSROOM);
        sites.push(s);
        // The partners' policies name agencies, which the site must list (as the sample config does).
        writeFileSync(s.config, readFileSync(s.config, 'utf8').replace(/^site:\n/, 'site:\n  agencies: [TT News Agency, NTB, Reuters, AP]\n'));
        const first = await run(s);
        expect(first.problems.filter((p) => p.file.endsWith('.yaml'))).toEqual([]);
        expect(first.exitCode).toBeLessThanOrEqual(1);
        for (const [step, e] of edits.entries()) {
          apply(s, e, step);
          const warm = await run(s);
          const ref = path.join(s.root, `cold-${seq++}`);
          const cold = await run(s, { out: ref, cache: false });
          expect({ step, edit: e, exit: warm.exitCode }).toEqual({ step, edit: e, exit: cold.exitCode });
          expect(warm.counts).toEqual(cold.counts);
          // No run deletes files in out/ (docs/ninjs.md), so the warm folder may hold more;
          // every file the cold build writes is there with the same bytes.
          const got = feeds(s.out);
          // The partners' documents are there to compare (a test that cannot fail otherwise).
          expect(Object.keys(got).filter((p) => p.startsWith('partners/')).length).toBeGreaterThan(10);
          for (const [p, bytes] of Object.entries(feeds(ref))) expect({ step, edit: e, path: p, bytes: got[p] }).toEqual({ step, edit: e, path: p, bytes });
          rmSync(ref, { recursive: true, force: true });
        }
        rmSync(s.root, { recursive: true, force: true });
      }),
      { numRuns: RUNS },
    );
  }, 15_000 * RUNS);
});
