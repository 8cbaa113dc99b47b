// profile: and identity: on a partner, validated like the rest of the config (file:line: field).
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';

const SITE = `site:
  title: T
  home: https://t.example/
  feeds_base: https://t.example/feeds/
  language: en
partners:
  - name: p
`;
const problems = (partner: string) => {
  const r = parseConfig(SITE + partner, 'wirefeed.config.yaml');
  return r.ok ? [] : r.problems.map((p) => `${p.line}: ${p.field}: ${p.message}`);
};

describe('partner profile and identity', () => {
  it('accepts each profile with what it reads; the accent colour is written without "#"', () => {
    const r = parseConfig(`${SITE}    profile: feedly\n    identity:\n      logo: https://t.example/logo.svg\n      accent_color: "#1A6FB0"\n      analytics: {id: G-1}\n`, 'c.yaml');
    expect(r.ok && r.config.partners[0]!.identity).toEqual({ logo: 'https://t.example/logo.svg', accent_color: '1a6fb0', analytics: { id: 'G-1' } });
    for (const p of ['msn', 'google-news', 'flipboard', 'apple-news']) expect(problems(`    profile: ${p}\n`)).toEqual([]);
  });

  it('an unknown profile, an http logo, a bad colour, a key the platform does not read, a missing required logo', () => {
    expect(problems('    profile: yahoo\n')).toEqual(['8: partners.0.profile: expected one of msn, google-news, flipboard, smartnews, apple-news, feedly, got "yahoo"']);
    expect(problems('    profile: feedly\n    identity:\n      logo: http://t.example/logo.svg\n')).toEqual(['10: partners.0.identity.logo: expected an https:// URL, got "http://t.example/logo.svg"']);
    expect(problems('    profile: feedly\n    identity:\n      accent_color: blue\n')).toEqual([
      '10: partners.0.identity.accent_color: expected a colour as six hex digits, such as "#1a6fb0", got "blue"',
    ]);
    expect(problems('    profile: feedly\n    identity:\n      dark_logo: https://t.example/d.png\n')).toEqual([
      '10: partners.0.identity.dark_logo: Feedly reads icon, logo, cover, accent_color, analytics; not dark_logo',
    ]);
    expect(problems('    profile: smartnews\n')).toEqual(['8: partners.0.profile: SmartNews requires identity.logo']);
    expect(problems('    identity:\n      logo: https://t.example/l.png\n')).toEqual([
      '9: partners.0.identity.logo: expected a profile for this partner: identity is written only for a platform profile, got "https://t.example/l.png"',
    ]);
    expect(problems('    profile: smartnews\n    identity:\n      logo: https://t.example/l.png\n      analytics: {id: G-1}\n')).toEqual([
      '11: partners.0.identity.analytics: expected {html} for snf:analytics, the tracking snippet, got an object',
    ]);
  });
});
