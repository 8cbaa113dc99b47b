// A story copied as a template with its url left unchanged never replaces the live story.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildArgs, cli, feedIds, itemMarkdown, makeSite, removeSite, type Site } from './helpers.js';

let site: Site;
beforeEach(async () => {
  site = await makeSite();
});
afterEach(() => removeSite(site));

const live = { id: 'live', title: 'The live story', published: '2026-11-20T10:00:00Z' };

async function titles(): Promise<string[]> {
  const feed = JSON.parse(await readFile(path.join(site.out, 'feed.json'), 'utf8')) as { items: { title: string }[] };
  return feed.items.map((i) => i.title);
}

describe('two files, one id', () => {
  it('keeps the older story and names both files with their lines', async () => {
    await writeFile(path.join(site.items, 'b-live.md'), itemMarkdown(live));
    await writeFile(path.join(site.items, 'a-copy.md'), itemMarkdown({ ...live, title: 'Template', published: '2026-11-25T10:00:00Z' }));
    const r = await cli(buildArgs(site, '--no-cache'));
    expect(r.code).toBe(1);
    // itemMarkdown puts `id:` on line 2.
    expect(r.stderr).toBe(
      `${site.items}/a-copy.md:2: id: "live" is also the id of ${site.items}/b-live.md:2, which is kept (it was published first): ` +
        'this file was skipped; give it its own id\n',
    );
    expect(await titles()).toEqual(['The live story']);
    expect(feedIds('rss.xml', await readFile(path.join(site.out, 'rss.xml')))).toEqual(['live']);
  });

  it('keeps the story the last run published, even against an older copy', async () => {
    const cache = path.join(site.root, 'cache');
    await writeFile(path.join(site.items, 'b-live.md'), itemMarkdown(live));
    expect((await cli(buildArgs(site, '--cache', cache))).code).toBe(0);
    // Same url, dated earlier, sorting first: by published and by path it would win.
    await writeFile(path.join(site.items, 'a-copy.md'), itemMarkdown({ ...live, title: 'Template', published: '2026-11-19T10:00:00Z' }));
    for (let run = 0; run < 2; run++) {
      const r = await cli(buildArgs(site, '--cache', cache));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${site.items}/a-copy.md:2: id: "live" is also the id of ${site.items}/b-live.md:2, which is kept (the last run published it)`);
      expect(await titles()).toEqual(['The live story']);
    }
    // The copy edited again (the index now knows both files by that id): the live story stays.
    await writeFile(path.join(site.items, 'a-copy.md'), itemMarkdown({ ...live, title: 'Template, edited', published: '2026-11-19T10:00:00Z' }));
    const r = await cli(buildArgs(site, '--cache', cache));
    expect(r.stderr).toContain('which is kept (the last run published it)');
    expect(await titles()).toEqual(['The live story']);
    // Both edited: the last run's choice still holds.
    await writeFile(path.join(site.items, 'b-live.md'), itemMarkdown({ ...live, body: 'A correction.' }));
    expect((await cli(buildArgs(site, '--cache', cache))).stderr).toContain('which is kept (the last run published it)');
    expect(await titles()).toEqual(['The live story']);
  });
});
