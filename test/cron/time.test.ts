// Issue 3, point 5: embargoed and future-dated items appear on the first run at or after their
// time and not before; `expires` removes an item at its time; `withdrawn` on the next run.
// Every run is the real CLI at a given --now; the outcome is read back from all three formats.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, feedIds, freezeDist, makeSite, removeSite, writeItems, type Site } from './helpers.js';

let site: Site;
const T0 = Date.parse('2026-11-26T12:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString().replace('.000Z', 'Z');
const H = 3600_000;

beforeAll(async () => {
  await freezeDist();
  site = await makeSite();
  await writeItems(site.items, [
    { id: 'plain', title: 'Plain', published: at(-1 * H) },
    { id: 'embargoed', title: 'Embargoed', published: at(-2 * H), extra: `syndication:\n  partners: all\n  embargo: ${at(1 * H)}` },
    { id: 'future', title: 'Future', published: at(2 * H) },
    { id: 'expiring', title: 'Expiring', published: at(-3 * H), extra: `syndication:\n  partners: all\n  expires: ${at(3 * H)}` },
    { id: 'to-withdraw', title: 'To withdraw', published: at(-4 * H) },
    { id: 'old-1', title: 'Old 1', published: at(-30 * H) },
    { id: 'old-2', title: 'Old 2', published: at(-31 * H) },
  ]);
});
afterAll(() => removeSite(site));

/** Build at `now` and return the ids of the main feed, checked equal in RSS, Atom and JSON Feed. */
async function idsAt(now: string): Promise<string[]> {
  const run = await cli(['build', '--items', site.items, '--out', site.out, '--config', site.config, '--now', now]);
  expect(run.code, run.stderr).toBe(0);
  const [rss, atom, json] = await Promise.all(
    ['rss.xml', 'atom.xml', 'feed.json'].map(async (f) => feedIds(f, await readFile(path.join(site.out, f)))),
  );
  expect(atom).toEqual(rss);
  expect(json).toEqual(rss);
  return [...rss!].sort();
}

describe('time, driven by --now', () => {
  it('holds back, releases, expires and withdraws on the exact run', async () => {
    const always = ['old-1', 'old-2', 'plain'];
    expect(await idsAt(at(0))).toEqual([...always, 'expiring', 'to-withdraw'].sort());
    // One second before the embargo: still held.
    expect(await idsAt(at(1 * H - 1000))).not.toContain('embargoed');
    // At the embargo: out.
    expect(await idsAt(at(1 * H))).toEqual([...always, 'embargoed', 'expiring', 'to-withdraw'].sort());
    expect(await idsAt(at(2 * H - 1000))).not.toContain('future');
    expect(await idsAt(at(2 * H))).toEqual([...always, 'embargoed', 'expiring', 'future', 'to-withdraw'].sort());

    // Withdrawn by an editor: gone on the very next run, at the same --now.
    const file = path.join(site.items, 'to-withdraw.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('---\nBody', 'withdrawn: true\n---\nBody'));
    expect(await idsAt(at(2 * H))).toEqual([...always, 'embargoed', 'expiring', 'future'].sort());

    expect(await idsAt(at(3 * H - 1000))).toContain('expiring');
    expect(await idsAt(at(3 * H))).toEqual([...always, 'embargoed', 'future'].sort());
  });
});
