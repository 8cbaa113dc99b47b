// The attribution lint, as `wirefeed check` prints it (the README shows this output):
// each warning names file, line and field; --strict makes them errors (exit 65).
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { fieldLine, lintItem } from '../src/lint.js';
import { parseItem } from '../src/items/parse.js';
import { testSecrets, writeTestSecrets } from './helpers/partners.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'dist/cli.js');
const FIX = 'test/fixtures/partners';
const NOW = '2026-11-26T12:00:00Z';

// Every partner of the fixtures and the samples has a secret, so no run warns of a missing one.
const SECRETS = path.join(await mkdtemp(path.join(os.tmpdir(), 'wirefeed-lint-secrets-')), 'secrets.json');
await writeTestSecrets(SECRETS, testSecrets(['alpha', 'beta', 'gamma', 'nordpress', 'baltic-daily', 'wirewatch']));

function wirefeed(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, WIREFEED_SECRETS: SECRETS } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const WARNINGS = [
  `${FIX}/items/03-staff-uncredited-photo.md:8: warning: image.credit: a photo without a credit: add image.credit ("Photographer/Agency"); until then only partners that allow uncredited photos receive it`,
  `${FIX}/items/06-unknown-partner.md:11: warning: syndication.partners.1: unknown partner "alfa" (partners: alpha, beta, gamma): no feed receives this item under that name`,
  `${FIX}/items/07-wire-without-rights.md:6: warning: rights: a wire story by AP (site.agencies) without rights text: add rights with the agency's terms`,
  `${FIX}/items/08-license-not-url.md:7: warning: license: expected the URL of a license (such as https://creativecommons.org/licenses/by/4.0/), got "CC BY 4.0"`,
  `${FIX}/items/09-cleared-but-rejected.md:9: warning: syndication.partners.1: cleared for partner "gamma", but its policy denies stories by TT News Agency: it will not receive this item`,
];

describe('wirefeed check on the partner fixtures', () => {
  // As docs/partners.md shows it: an --out without feeds (check weighs the items against the feeds there, as build would).
  const args = ['check', '--config', `${FIX}/wirefeed.config.yaml`, '--items', `${FIX}/items`, '--out', 'out/lint-demo', '--now', NOW];

  it('prints each warning with file, line and field, and still succeeds', () => {
    const r = wirefeed(args);
    expect(r.stderr.trimEnd().split('\n')).toEqual(WARNINGS);
    expect(r.stdout).toBe('wirefeed check: 10 items; 5 warnings; 23 files would be written\n');
    expect(r.code).toBe(0);
  });

  it('--strict makes them errors: exit 65', () => {
    const r = wirefeed([...args, '--strict']);
    expect(r.stderr.trimEnd().split('\n')).toEqual([...WARNINGS.map((w) => w.replace(': warning: ', ': ')), 'wirefeed: 5 warnings with --strict']);
    expect(r.code).toBe(65);
  });

  it('build --strict writes nothing', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-lint-'));
    try {
      const r = wirefeed(['build', '--config', `${FIX}/wirefeed.config.yaml`, '--items', `${FIX}/items`, '--out', out, '--now', NOW, '--strict']);
      expect(r.code).toBe(65);
      expect(r.stderr).toContain('wirefeed: 5 warnings with --strict: nothing written');
      expect((await import('node:fs')).readdirSync(out).filter((f) => !f.startsWith('.'))).toEqual([]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('the sample items are clean', () => {
    const r = wirefeed(['check', '--now', NOW]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('each rule', () => {
  const cfg = parseConfig(
    [
      'site: {title: T, home: "https://d.example/", feeds_base: "https://d.example/f/", language: en, agencies: [TT News Agency, AP]}',
      'partners: [{name: alpha, policy: {agencies: [TT News Agency]}}]',
    ].join('\n'),
    'c.yaml',
  );
  if (!cfg.ok) throw new Error(JSON.stringify(cfg.problems));
  const config = cfg.config;
  const lint = (fields: Record<string, unknown>) => {
    const text = JSON.stringify({ title: 'T', url: 'https://d.example/a', published: '2026-11-01T10:00:00Z', ...fields }, null, 2);
    const parsed = parseItem(text, 'x.json');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return lintItem(parsed.item, config).map((f) => ({ field: f.field, line: fieldLine(text, 'x.json', f.at) }));
  };

  it('a clean item has none', () => {
    expect(lint({ authors: [{ name: 'TT News Agency' }], rights: '© TT', license: 'https://creativecommons.org/licenses/by/4.0/' })).toEqual([]);
  });
  it('a photo without a credit', () => {
    expect(lint({ authors: [{ name: 'A' }], image: { url: 'https://d.example/p.jpg' } })).toEqual([{ field: 'image.credit', line: 10 }]);
  });
  it("an item's own credit line that does not name the photo credit (it could not be taken out)", () => {
    expect(lint({ authors: [{ name: 'A' }], credit: 'By A.', image: { url: 'https://d.example/p.jpg', credit: 'B/AP' } })).toEqual([
      { field: 'credit', line: 10 },
    ]);
    expect(lint({ authors: [{ name: 'A' }], credit: 'By A. photo: b/ap', image: { url: 'https://d.example/p.jpg', credit: 'B/AP' } })).toEqual([]);
  });
  it('a wire story without rights points at the agency author', () => {
    expect(lint({ authors: [{ name: 'Åsa' }, { name: 'AP' }] })).toEqual([{ field: 'rights', line: 9 }]);
    expect(lint({ authors: [{ name: 'Åsa' }] })).toEqual([]);
  });
  it('a license that is not an http(s) URL', () => {
    expect(lint({ authors: [{ name: 'A' }], license: 'CC BY' })).toEqual([{ field: 'license', line: 10 }]);
    expect(lint({ authors: [{ name: 'A' }], license: 'ftp://x.example/l' })).toEqual([{ field: 'license', line: 10 }]);
  });
  it('unknown partners, and partners whose policy refuses the item it names them in', () => {
    expect(lint({ authors: [{ name: 'AP' }], rights: 'r', syndication: { partners: ['alpha', 'beta'] } })).toEqual([
      { field: 'syndication.partners.0', line: 13 },
      { field: 'syndication.partners.1', line: 14 },
    ]);
    // "all" lets each policy choose: no warning.
    expect(lint({ authors: [{ name: 'AP' }], rights: 'r', syndication: { partners: 'all' } })).toEqual([]);
  });
});

describe('a contributor without a role', () => {
  it('is an error, not a warning: the credit line cannot say what they did, so the item is skipped', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-lint-'));
    try {
      await mkdir(path.join(dir, 'items'));
      await writeFile(
        path.join(dir, 'items', 'a.md'),
        '---\ntitle: T\nurl: https://d.example/a\npublished: 2026-11-01T10:00:00Z\nauthors:\n  - name: A\ncontributors:\n  - name: Sweden Herald\n---\nBody.\n',
      );
      const r = wirefeed(['check', '--config', path.join(ROOT, 'wirefeed.config.yaml'), '--items', 'items', '--now', NOW], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^items\/a\.md:8: contributors\.0\.role: /m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
