// Tokens: HMAC-SHA256(secret, name), 128 bits, base64url; checked against Python's hmac as an
// independent implementation, and over generated names and secrets.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessFromSecrets, keptTokens, partnerToken, redactor, TOKEN_SHAPE } from '../../src/partners/access.js';

const python = (code: string, ...args: string[]) => spawnSync('/usr/bin/python3', ['-c', code, ...args], { encoding: 'utf8' }).stdout.trim();

describe('partnerToken', () => {
  it('is the first 16 bytes of HMAC-SHA256(secret, name), base64url, as Python computes it', () => {
    const secret = 'Zk3v9QpL0aXw7TnB2yRc5uHs8mJd4gEf1oKi6qVb3zA';
    const expected = python(
      'import hmac,hashlib,base64,sys; print(base64.urlsafe_b64encode(hmac.new(sys.argv[1].encode(), sys.argv[2].encode(), hashlib.sha256).digest()[:16]).decode().rstrip("="))',
      secret,
      'nordpress',
    );
    expect(expected).toMatch(TOKEN_SHAPE);
    expect(partnerToken(secret, 'nordpress')).toBe(expected);
  });

  it('is 22 URL-safe characters holding 128 bits, for any name and secret; another secret or name gives another token', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 22 }), fc.string({ minLength: 22 }), (name, a, b) => {
        const t = partnerToken(a, name);
        expect(t).toMatch(TOKEN_SHAPE);
        expect(Buffer.from(t, 'base64url')).toHaveLength(16);
        expect(partnerToken(a, name)).toBe(t);
        if (a !== b) expect(partnerToken(b, name)).not.toBe(t);
        expect(partnerToken(a, `${name}x`)).not.toBe(t);
      }),
    );
  });
});

describe('access', () => {
  const access = accessFromSecrets({ partners: { alpha: 'a'.repeat(43), beta: 'b'.repeat(43) }, newsroom: 'n'.repeat(43) });

  it('keeps the folders of configured partners with a secret, and the newsroom', () => {
    expect([...keptTokens(access, ['alpha', 'gamma'])].sort()).toEqual([access.tokens.get('alpha'), access.newsroom].sort());
    expect(keptTokens(undefined, ['alpha']).size).toBe(0);
  });

  it('redacts every token in a line to the name it stands for', () => {
    const redact = redactor(access);
    const line = `partners/${access.tokens.get('alpha')}/rss.xml, partners/${access.tokens.get('beta')}/x ${access.newsroom} ${access.tokens.get('alpha')}`;
    expect(redact(line)).toBe('partners/[alpha]/rss.xml, partners/[beta]/x [newsroom] [alpha]');
    expect(redactor(undefined)('same')).toBe('same');
  });
});
