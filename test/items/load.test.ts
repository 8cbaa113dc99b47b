// Reading the items folder: which files are items, and each way a file can fail to be one.
// Every case builds its own folder under the OS temp dir.
import { copyFile, mkdir, mkdtemp, rm, symlink, truncate, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ItemsFolderError, listItemFiles, loadItems, MAX_ITEM_BYTES, readItemText } from '../../src/items/load.js';
import { formatProblem } from '../../src/validate.js';

const GOOD = path.resolve('test/fixtures/items-good');

let dir: string;
let outside: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-load-'));
  outside = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-outside-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

/** An item file with a title and URL of its own, so each one is told apart by id. */
const item = (slug: string) =>
  `---\ntitle: ${slug}\nurl: https://news.example.org/${slug}\npublished: 2026-11-20T10:00:00Z\nauthors: [{name: NTB}]\n---\nBody of ${slug}.\n`;

/** Messages as printed, with the temp folder shown as DIR. */
const printed = (problems: Parameters<typeof formatProblem>[0][]) =>
  problems.map((p) => formatProblem(p).split(dir).join('DIR').split(outside).join('OUTSIDE'));

describe('the folder walk', () => {
  it('reads .md and .json files in subfolders, skips dotfiles, dot-folders and other files', async () => {
    await mkdir(path.join(dir, '2026/11'), { recursive: true });
    await mkdir(path.join(dir, '.drafts'));
    await writeFile(path.join(dir, 'a.md'), item('a'));
    await copyFile(path.join(GOOD, 'minimal.json'), path.join(dir, '2026/b.json'));
    await writeFile(path.join(dir, '2026/11/c.md'), item('c'));
    await writeFile(path.join(dir, '.hidden.md'), item('hidden'));
    await writeFile(path.join(dir, '.drafts/draft.md'), item('draft'));
    await writeFile(path.join(dir, 'notes.txt'), 'not an item');
    await writeFile(path.join(dir, 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0x00]));
    await writeFile(path.join(dir, 'a.md.bak'), item('backup'));

    const result = await loadItems(dir);
    // A .txt could be an item saved under the wrong name: a warning, never a file counted.
    expect(printed(result.problems)).toEqual(['DIR/notes.txt: warning: not read: only files ending in .md or .json are items; if this is one, rename it to notes.md']);
    expect(result.files).toBe(3);
    expect(result.items.map((i) => i.title).sort()).toEqual(['Only the required fields', 'a', 'c']);
    // Files are listed by path, so the order (and a duplicate id's tie-break) never depends on the disk.
    const listed = await listItemFiles(dir);
    expect(listed.files.map((f) => path.relative(dir, f.abs))).toEqual(['2026/11/c.md', '2026/b.json', 'a.md']);
  });

  it('keeps the good items when some are bad, and reports each bad one', async () => {
    await writeFile(path.join(dir, 'good.md'), item('good'));
    await writeFile(path.join(dir, 'bad.md'), item('bad').replace('published: 2026-11-20T10:00:00Z', 'published: soon'));
    const result = await loadItems(dir);
    expect(result.items.map((i) => i.title)).toEqual(['good']);
    expect(printed(result.problems)).toEqual([
      'DIR/bad.md:4: published: expected an RFC 3339 date-time with offset, got "soon"',
    ]);
  });

  it('names a file by its path relative to the working folder when it is inside it', async () => {
    const result = await loadItems('test/fixtures/items-bad');
    expect(result.problems.map((p) => p.file)).toContain('test/fixtures/items-bad/missing-title.md');
  });

  it('reads a symlink to a file inside the folder', async () => {
    await mkdir(path.join(dir, 'archive'));
    await writeFile(path.join(dir, 'archive/a.md'), item('a'));
    await symlink(path.join(dir, 'archive/a.md'), path.join(dir, 'latest.md'));
    const result = await loadItems(dir);
    expect(result.problems).toEqual([]);
    expect(result.items.map((i) => i.file.split(dir).join('DIR'))).toEqual(['DIR/archive/a.md', 'DIR/latest.md']);
  });

  it('refuses a symlink that leads outside the folder, and does not read it', async () => {
    await writeFile(path.join(outside, 'secret.md'), item('secret'));
    await symlink(path.join(outside, 'secret.md'), path.join(dir, 'link.md'));
    await writeFile(path.join(dir, 'ok.md'), item('ok'));
    const result = await loadItems(dir);
    expect(result.items.map((i) => i.title)).toEqual(['ok']);
    expect(printed(result.problems)).toEqual(['DIR/link.md: symlink leads outside the items folder: not read']);
  });

  it('refuses a symlink through a relative path that climbs out', async () => {
    await writeFile(path.join(outside, 'secret.md'), item('secret'));
    await symlink(path.relative(dir, path.join(outside, 'secret.md')), path.join(dir, 'climb.md'));
    const result = await loadItems(dir);
    expect(result.items).toEqual([]);
    expect(printed(result.problems)).toEqual(['DIR/climb.md: symlink leads outside the items folder: not read']);
  });

  it('reports a dangling symlink and goes on', async () => {
    await symlink(path.join(dir, 'gone.md'), path.join(dir, 'dangling.md'));
    await writeFile(path.join(dir, 'ok.md'), item('ok'));
    const result = await loadItems(dir);
    expect(result.items.map((i) => i.title)).toEqual(['ok']);
    expect(printed(result.problems)).toEqual(['DIR/dangling.md: cannot read (ENOENT)']);
  });

  it('throws ItemsFolderError for a folder that does not exist or is a file', async () => {
    await expect(loadItems(path.join(dir, 'nope'))).rejects.toThrow(
      new ItemsFolderError(path.join(dir, 'nope'), 'the items folder does not exist'),
    );
    await writeFile(path.join(dir, 'file.md'), item('f'));
    await expect(loadItems(path.join(dir, 'file.md'))).rejects.toThrow('not a folder');
  });
});

describe('files that cannot be items', () => {
  it('refuses a binary file', async () => {
    await writeFile(path.join(dir, 'image.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    const result = await loadItems(dir);
    expect(result.items).toEqual([]);
    expect(printed(result.problems)).toEqual(['DIR/image.md: binary file (contains NUL bytes): not an item']);
  });

  it('refuses invalid UTF-8, naming the line, column and byte', async () => {
    const head = Buffer.from(item('latin1').replace('Body of latin1.', 'G'), 'utf8');
    // "Göteborg" saved as Latin-1: 0xF6 alone is not UTF-8.
    const bytes = Buffer.concat([head.subarray(0, head.length - 1), Buffer.from([0xf6]), Buffer.from('teborg\n')]);
    await writeFile(path.join(dir, 'bad-utf8.md'), bytes);
    const result = await loadItems(dir);
    expect(result.items).toEqual([]);
    expect(printed(result.problems)).toEqual(['DIR/bad-utf8.md:7: invalid UTF-8 at column 2 (byte 0xF6): save the file as UTF-8']);
  });

  it('reads a UTF-8 byte-order mark as no part of the text', async () => {
    await writeFile(path.join(dir, 'bom.md'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(item('bom'))]));
    const result = await loadItems(dir);
    expect(result.problems).toEqual([]);
    expect(result.items.map((i) => i.title)).toEqual(['bom']);
  });

  it('refuses a file over the size limit without reading it', async () => {
    const big = path.join(dir, 'huge.md');
    await writeFile(big, '');
    await truncate(big, MAX_ITEM_BYTES + 1); // sparse: costs no disk
    await writeFile(path.join(dir, 'ok.md'), item('ok'));
    const result = await loadItems(dir);
    expect(result.items.map((i) => i.title)).toEqual(['ok']);
    expect(printed(result.problems)).toEqual(['DIR/huge.md: file is 10.1 MB, over the 10 MB limit for an item']);
  });

  it('reads a file of exactly the size limit', async () => {
    const text = item('limit');
    const file = path.join(dir, 'limit.md');
    await writeFile(file, text + ' '.repeat(MAX_ITEM_BYTES - Buffer.byteLength(text)));
    const result = await loadItems(dir);
    expect(result.problems).toEqual([]);
    expect(result.items.map((i) => i.title)).toEqual(['limit']);
  });

  it('reports a file that disappears between listing and reading', async () => {
    await writeFile(path.join(dir, 'brief.md'), item('brief'));
    const listed = await listItemFiles(dir);
    await unlink(path.join(dir, 'brief.md'));
    const read = await readItemText(listed.files[0]!);
    expect('problem' in read && printed([read.problem])).toEqual(['DIR/brief.md: file disappeared while it was read']);
  });
});
