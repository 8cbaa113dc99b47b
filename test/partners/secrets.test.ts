// The secrets file through the command line: made 0600 whatever the umask, refused when others
// may read it (77), when malformed, missing or inside out/ (78), never quoted in a message.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSecrets, SecretsError } from '../../src/partners/secrets.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const NOW = '2026-11-26T12:00:00Z';

function sh(script: string) {
  const r = spawnSync('/bin/sh', ['-c', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, WIREFEED_SECRETS: '', CLI } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const cli = (...args: string[]) => sh(`node "$CLI" ${args.map((a) => `'${a}'`).join(' ')}`);

let tmp: string;
let file: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-secrets-'));
  file = path.join(tmp, 'secrets.json');
});
afterEach(() => rm(tmp, { recursive: true, force: true }));

const secretsOf = async () => JSON.parse(await readFile(file, 'utf8')) as { newsroom: { secret: string }; partners: Record<string, { secret: string; created: string }> };

describe('partners add and rotate', () => {
  it('create the file mode 0600 even under umask 000, with 256-bit base64url secrets and the newsroom credential', async () => {
    const r = sh(`umask 000; node "$CLI" partners add nordpress --secrets '${file}'`);
    expect(r.code, r.stderr).toBe(0);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const s = await secretsOf();
    for (const secret of [s.partners.nordpress!.secret, s.newsroom.secret]) {
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
      expect(r.stdout + r.stderr).not.toContain(secret);
    }
    expect(s.partners.nordpress!.secret).not.toBe(s.newsroom.secret);
    expect(cli('partners', 'add', 'wirewatch', '--secrets', file).code).toBe(0);
    const before = await secretsOf();
    expect(before.partners.wirewatch!.secret).not.toBe(before.partners.nordpress!.secret);
    const rot = cli('partners', 'rotate', 'nordpress', '--secrets', file);
    expect(rot.code).toBe(0);
    const after = await secretsOf();
    expect(after.partners.nordpress!.secret).not.toBe(before.partners.nordpress!.secret);
    expect(after.partners.wirewatch).toEqual(before.partners.wirewatch);
    expect(after.newsroom).toEqual(before.newsroom);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(rot.stdout).toContain('the next build writes its documents at a new address and removes the old one');
  });

  it('refuse what would be a mistake, with exit 64 and the command that fits', async () => {
    expect(cli('partners', 'add', 'nordpress', '--secrets', file).code).toBe(0);
    const twice = cli('partners', 'add', 'nordpress', '--secrets', file);
    expect([twice.code, twice.stderr]).toEqual([64, `wirefeed: partners add: "nordpress" already has a secret; to replace it: wirefeed partners rotate nordpress --secrets ${file}\n`]);
    expect(cli('partners', 'rotate', 'nobody', '--secrets', file).code).toBe(64);
    expect(cli('partners', 'add', 'admin', '--secrets', file).code).toBe(64);
    expect(cli('partners', 'add', '../x', '--secrets', file).code).toBe(64);
    // The config's rule for a partner's name, with its reason: a secret it could never use is refused.
    const device = cli('partners', 'add', 'con', '--secrets', file);
    expect([device.code, device.stderr]).toEqual([64, 'wirefeed: partners add: "con" is not a partner name: expected a slug that is not a Windows device name (con, prn, aux, nul, com1-9, lpt1-9)\n']);
    const none = cli('partners', 'add', 'nordpress');
    expect([none.code, none.stderr]).toEqual([64, 'wirefeed: partners add: no secrets file: give --secrets FILE or set WIREFEED_SECRETS (outside the repository and outside out/)\n']);
    expect(cli('partners', 'rotate', 'admin', '--secrets', file).code).toBe(0);
  });

  it('warn when the config has no such partner', () => {
    const r = cli('partners', 'add', 'nordpres', '--secrets', file);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('wirefeed: warning: wirefeed.config.yaml has no partner "nordpres": no feed is written for it until it does\n');
  });
});

describe('a secrets file that cannot be trusted', () => {
  beforeEach(() => {
    expect(cli('partners', 'add', 'nordpress', '--secrets', file).code).toBe(0);
  });

  it.each([0o640, 0o604, 0o644, 0o660])('mode %o: build, check, serve and list refuse it with 77 and the chmod to run, writing nothing', async (mode) => {
    await chmod(file, mode);
    const out = path.join(tmp, 'out');
    for (const args of [
      ['build', '--out', out, '--now', NOW],
      ['check'],
      ['serve', '--out', ROOT, '--port', '0'],
      ['partners', 'list'],
      ['partners', 'rotate', 'nordpress'],
    ]) {
      const r = cli(...args, '--secrets', file);
      expect(r.code, args.join(' ')).toBe(77);
      expect(r.stderr).toContain(`${file}: the secrets file may be read by group or others (mode 0${mode.toString(8)}): refusing it; run \`chmod 600 ${file}\``);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('missing, inside out/, or not JSON: 78, nothing written, its content never quoted', async () => {
    const out = path.join(tmp, 'out');
    const missing = cli('build', '--out', out, '--secrets', path.join(tmp, 'nope.json'));
    expect(missing.code).toBe(78);
    expect(missing.stderr).toMatch(/no such secrets file; create it with `wirefeed partners add NAME --secrets /);
    await mkdir(out);
    const inside = path.join(out, 'secrets.json');
    await writeFile(inside, await readFile(file), { mode: 0o600 });
    const r = cli('build', '--out', out, '--secrets', inside);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('the secrets file is inside the output folder');
    expect(existsSync(path.join(out, 'rss.xml'))).toBe(false);
    await writeFile(file, '{"wirefeed_secrets": 1, "partners": {"nordpress": {"secret": "hunter2-SECRET-VALUE-xxxxxxxx"}', { mode: 0o600 });
    const bad = cli('build', '--out', out, '--secrets', file);
    expect([bad.code, bad.stderr]).toEqual([78, `wirefeed: ${file}: not a wirefeed secrets file (not valid JSON): nothing written\n`]);
  });

  it('whatever its bytes, reading it fails with a SecretsError whose message quotes none of them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 8 }), async (text) => {
        await writeFile(file, text, { mode: 0o600 });
        try {
          await readSecrets(file);
        } catch (err) {
          expect(err).toBeInstanceOf(SecretsError);
          expect([77, 78]).toContain((err as SecretsError).exitCode);
          if (text.trim().length >= 8) expect((err as Error).message).not.toContain(text.trim());
          return;
        }
        // It parsed: then it was a real secrets file.
        expect(JSON.parse(text).wirefeed_secrets).toBe(1);
      }),
      { numRuns: 100 },
    );
  });
});

describe('a partner without a secret, and one removed', () => {
  it('gets no feed, one warning naming it and the command; removing a secret removes its folder on the next build', async () => {
    expect(cli('partners', 'add', 'nordpress', '--secrets', file).code).toBe(0);
    expect(cli('partners', 'add', 'wirewatch', '--secrets', file).code).toBe(0);
    const out = path.join(tmp, 'out');
    const r = cli('build', '--out', out, '--now', NOW, '--no-cache', '--secrets', file);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `wirefeed: warning: no secret for partner "baltic-daily": its feeds are not written; run \`wirefeed partners add baltic-daily --secrets ${file}\`\n`,
    );
    const list = JSON.parse(cli('partners', 'list', '--json', '--secrets', file).stdout) as { partners: { name: string; hasSecret: boolean; todo?: string }[] };
    expect(list.partners.map((p) => [p.name, p.hasSecret, p.todo])).toEqual([
      ['nordpress', true, undefined],
      ['baltic-daily', false, 'wirefeed partners add baltic-daily'],
      ['wirewatch', true, undefined],
    ]);
    const folders = async () => (await import('node:fs/promises')).readdir(path.join(out, 'partners'));
    expect(await folders()).toHaveLength(3); // two partners and the newsroom
    expect(cli('partners', 'remove', 'wirewatch', '--secrets', file).code).toBe(0);
    const again = cli('build', '--out', out, '--now', NOW, '--no-cache', '--secrets', file, '--json');
    expect(JSON.parse(again.stdout).privateFoldersRemoved).toBe(1);
    expect(await folders()).toHaveLength(2);
  });
});
