// The htpasswd hash, checked with Python's hashlib (real nginx accepts it: test/partners/delivery.test.ts),
// and the generated rules' shape.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partnerToken } from '../../src/partners/access.js';
import { nginxFiles, sshaHash } from '../../src/partners/nginx.js';

const VERIFY = `import base64,hashlib,sys
raw = base64.b64decode(sys.argv[1][len("{SSHA}"):])
digest, salt = raw[:20], raw[20:]
print("ok" if hashlib.sha1(sys.argv[2].encode() + salt).digest() == digest and len(salt) == 8 else "bad")`;

describe('sshaHash', () => {
  it('is RFC 2307 {SSHA}: base64(SHA-1(secret + salt) + salt), for any secret', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{22,64}$/), (secret) => {
        const h = sshaHash(secret);
        expect(h).toMatch(/^\{SSHA\}[A-Za-z0-9+/]+=*$/);
        expect(sshaHash(secret)).toBe(h); // same secrets, same file
        expect(h).not.toContain(secret);
      }),
      { numRuns: 50 },
    );
    for (const secret of ['Zk3v9QpL0aXw7TnB2yRc5uHs8mJd4gEf1oKi6qVb3zA', 'a'.repeat(43)])
      expect(spawnSync('/usr/bin/python3', ['-c', VERIFY, sshaHash(secret), secret], { encoding: 'utf8' }).stdout.trim()).toBe('ok');
  });
});

describe('nginxFiles', () => {
  const secrets = { partners: { beta: 'b'.repeat(43), alpha: 'a'.repeat(43) }, newsroom: 'n'.repeat(43) };
  const files = nginxFiles({ base: '/feeds/', root: '/srv/www', htpasswdPath: '/etc/nginx/wirefeed-partners.htpasswd', secrets });

  it('allows each user its own token folder, the newsroom every one, and denies the rest', () => {
    expect(files.map).toContain(`"~^alpha:/feeds/partners/${partnerToken('a'.repeat(43), 'alpha')}/" "";`);
    expect(files.map).toContain(`"~^beta:/feeds/partners/${partnerToken('b'.repeat(43), 'beta')}/" "";`);
    expect(files.map).toContain('"~^admin:/feeds/partners/" "";');
    expect(files.map).toContain('default "/.wirefeed-denied";');
    expect(files.location).toMatch(/^location \^~ \/feeds\/partners\/ \{$/m);
    expect(files.location).toContain('auth_basic_user_file /etc/nginx/wirefeed-partners.htpasswd;');
  });

  it('has one htpasswd line per partner, sorted, and the newsroom; no secret in any file', () => {
    expect(files.htpasswd.split('\n').filter(Boolean).map((l) => l.split(':')[0])).toEqual(['alpha', 'beta', 'admin']);
    for (const text of Object.values(files)) for (const s of [...Object.values(secrets.partners), secrets.newsroom]) expect(text).not.toContain(s);
  });
});
