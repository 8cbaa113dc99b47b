// Publication: files staged as they come (several at once), renamed together at the end.
// A run with archives hands it thousands of documents one by one, so none waits in memory.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Publication, PublishError } from '../../src/publish/write.js';

let out: string;
beforeEach(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'wirefeed-publication-'));
});
afterEach(() => rm(out, { recursive: true, force: true }));

/** Every file under out/, dotfiles (temps) included, relative path → text. */
async function tree(dir = out, rel = ''): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(files, await tree(path.join(dir, e.name), r));
    else files[r] = await readFile(path.join(dir, e.name), 'utf8');
  }
  return files;
}

const pages = (n: number, text: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => ({ path: `archive/2026-${String((i % 12) + 1).padStart(2, '0')}/p${i}.xml`, body: text(i) }));

describe('Publication', () => {
  it('stages many files, then renames them all, reporting them in the order they were added', async () => {
    const files = pages(100, (i) => `page ${i}`);
    const pub = await Publication.open(out, files.map((f) => f.path));
    for (const f of files) await pub.add(f);
    // Nothing is in place before commit: only temp files.
    expect(Object.keys(await tree()).every((p) => path.basename(p).startsWith('.'))).toBe(true);
    const report = await pub.commit();
    expect(report.written).toEqual(files.map((f) => f.path));
    expect(await tree()).toEqual(Object.fromEntries(files.map((f) => [f.path, f.body])));
  });

  it('leaves files that already hold the bytes alone, and takes bytes as well as strings', async () => {
    await writeFile(path.join(out, 'rss.xml'), 'same');
    const pub = await Publication.open(out, ['rss.xml', 'atom.xml']);
    await pub.add({ path: 'rss.xml', body: Buffer.from('same') });
    await pub.add({ path: 'atom.xml', body: 'new' });
    expect(await pub.commit()).toEqual({ written: ['atom.xml'], unchanged: ['rss.xml'] });
  });

  it('on a failed file, replaces nothing and leaves no temp file, whichever file fails', async () => {
    for (const failing of [0, 7, 39]) {
      await rm(out, { recursive: true, force: true });
      const old = pages(40, (i) => `old ${i}`);
      for (const f of old) {
        await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(path.join(out, f.path)), { recursive: true }));
        await writeFile(path.join(out, f.path), f.body);
      }
      // A name the file system takes, whose temp name (18 characters longer) it refuses
      // (ENAMETOOLONG): the target checks pass, the staging fails.
      const bad = `long/${failing}-${'x'.repeat(240)}.xml`;
      const files = pages(40, (i) => `new ${i}`);
      files.splice(failing, 0, { path: bad, body: 'never' });
      const pub = await Publication.open(out, files.map((f) => f.path));
      let thrown: unknown;
      try {
        for (const f of files) await pub.add(f);
        await pub.commit();
      } catch (err) {
        thrown = err;
        await pub.abort();
      }
      expect(thrown).toBeInstanceOf(PublishError);
      expect((thrown as PublishError).file).toBe(path.join(out, bad));
      expect(await tree()).toEqual(Object.fromEntries(old.map((f) => [f.path, f.body])));
    }
  });
});
