// Bodies rendered ahead on another thread (src/render/bodies.ts) must change nothing a reader
// receives: a cold archive build with them writes every file byte for byte as one without,
// and the thread really did the work (its bodies were used, not re-rendered here). Run on
// the compiled modules: the thread is a compiled worker.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type * as Build from '../../src/build.js';
import { feeds, makeSite, NEWSROOM, NOW_MS, ROOT } from '../cache/helpers.js';
import { testAccess } from '../helpers/partners.js';
import { parseXml, textOf, type Node } from '../helpers/xml.js';

const { build } = (await import(path.join(ROOT, 'dist/build.js'))) as typeof Build;

const site = makeSite(300, NEWSROOM);
afterAll(() => rmSync(site.root, { recursive: true, force: true }));
// The partners' policies name agencies, which the site must list (as the sample config does).
writeFileSync(site.config, readFileSync(site.config, 'utf8').replace(/^site:\n/, 'site:\n  agencies: [TT News Agency, NTB, Reuters, AP]\n'));

async function cold(name: string, renderAhead: { from?: number; threads?: number; settle?: boolean }): Promise<{ files: Record<string, string>; ahead: number }> {
  let ahead = -1;
  const out = path.join(site.root, `out-${name}`);
  const result = await build({
    configFile: site.config,
    itemsDir: site.items,
    outDir: out,
    cacheDir: path.join(site.root, `cache-${name}`),
    now: NOW_MS,
    ping: false,
    access: testAccess(['nordpress', 'baltic-daily', 'wirewatch']),
    renderAhead,
    onRenderedAhead: (n) => (ahead = n),
  });
  expect(result.exitCode, result.fatal).toBe(0);
  return { files: feeds(out), ahead };
}

describe('bodies rendered ahead', () => {
  it('give every file the bytes the main thread alone gives, and are used', async () => {
    const alone = await cold('alone', { threads: 0 });
    const ahead = await cold('ahead', { from: 1, threads: 1, settle: true });
    expect(alone.ahead).toBe(0);
    // The thread's bodies were used: each file waits for those asked (settle), so all but the first documents' come from it.
    const shown = Object.keys(alone.files).filter((p) => p.endsWith('rss.xml')).length;
    expect(shown).toBeGreaterThan(20);
    expect(ahead.ahead).toBeGreaterThan(200);
    expect(Object.keys(ahead.files).sort()).toEqual(Object.keys(alone.files).sort());
    for (const [p, text] of Object.entries(alone.files)) expect(ahead.files[p], p).toBe(text);
    // Among the files compared: partner documents that carry bodies, each rendered with the partner's own rights.
    const partnerBodies = Object.entries(alone.files)
      .filter(([p]) => p.startsWith('partners/') && p.endsWith('rss.xml'))
      .flatMap(([, t]) => ((parseXml(t).rss as Node).channel as Node).item as Node[] | undefined ?? [])
      .filter((item) => (textOf(item['content:encoded']) ?? '').length > 0);
    expect(partnerBodies.length).toBeGreaterThan(10);
  });

  it('are not asked for by a run that re-assembles its documents (one new story)', async () => {
    await cold('again', { from: 1, threads: 1 });
    writeFileSync(path.join(site.items, 'zz-late.md'), '---\ntitle: Late story\nurl: https://news.example.org/late\npublished: 2026-11-26T11:00:00Z\n---\nA late paragraph.\n');
    let ahead = -1;
    const again = await build({
      configFile: site.config,
      itemsDir: site.items,
      outDir: path.join(site.root, 'out-again'),
      cacheDir: path.join(site.root, 'cache-again'),
      now: NOW_MS,
      ping: false,
      access: testAccess(['nordpress', 'baltic-daily', 'wirewatch']),
      renderAhead: { from: 1, threads: 1 },
      onRenderedAhead: (n) => (ahead = n),
    });
    rmSync(path.join(site.items, 'zz-late.md'));
    expect(again.exitCode, again.fatal).toBe(0);
    expect(again.report.written.length).toBeGreaterThan(0);
    expect(ahead).toBe(0);
  });

  it('are not started for a run that shows few bodies', async () => {
    const few = await cold('few', { threads: 1 });
    expect(few.ahead).toBe(0);
  });
});
