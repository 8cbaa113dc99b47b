// The site config: the repo's own file loads, defaults fill in, and each bad config
// (test/fixtures/config-bad, one file per kind) gives its exact message with line and key.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import { formatProblem } from '../../src/validate.js';

const BAD = 'test/fixtures/config-bad';

const MINIMAL = `site:
  title: Nordic Wire Desk
  home: https://news.example.org/
  feeds_base: https://news.example.org/feeds/
  language: en
`;

const EXPECTED: Record<string, string[]> = {
  'bad-yaml.yaml': ['7: invalid YAML: this "[" is not closed; close it with "]" on the same line'],
  'format-unknown.yaml': ['7: feed.formats.2: expected one of rss, atom, json, got "rdf"'],
  'home-not-absolute.yaml': ['3: site.home: expected an absolute http(s) URL, got "news.example.org"'],
  'key-misspelt.yaml': ['7: feed.limt: unknown field (did you mean "limit"?)'],
  'language-invalid.yaml': ['5: site.language: expected a BCP 47 language tag such as "en" or "sv-SE", got "English"'],
  'limit-not-a-number.yaml': ['7: feed.limit: expected a number, got "fifty"'],
  'limit-zero.yaml': ['7: feed.limit: expected a number greater than 0, got 0'],
  'ninjs-in-feed-formats.yaml': ['7: feed.formats.1: expected one of rss, atom, json, got "ninjs"'],
  'ninjs-version-unknown.yaml': ['9: partners.0.ninjs_version: expected "2.2", "1.6" or "superdesk", got "3.1"'],
  'ninjs-version-without-ninjs.yaml': ["9: partners.0.ninjs_version: expected ninjs in this partner's formats (ninjs_version applies only to ninjs), got \"superdesk\""],
  'not-a-mapping.yaml': ['1: expected a mapping of fields, got a list'],
  'partner-defined-twice.yaml': ['9: partners.2.name: partner "nordpress" is defined twice'],
  'partner-named-admin.yaml': ['8: partners.1.name: "admin" is the newsroom\'s own credential (its private page): choose another partner name'],
  'title-missing.yaml': ['1: site.title: required: expected text'],
  'unknown-section.yaml': ['6: output: unknown field'],
  'tombstone-days-negative.yaml': ['7: lifecycle.tombstone_days: expected a whole number of days, 0 or more, got -1'],
  'order-unknown.yaml': ['7: feed.order: expected published or updated, got "newest"'],
};

describe('bad configs: the exact message, with line and key', () => {
  it('has an expected message for every fixture, and a fixture for every message', () => {
    expect(readdirSync(BAD).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, messages] of Object.entries(EXPECTED)) {
    it(name, async () => {
      const result = await loadConfig(`${BAD}/${name}`);
      expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual(messages.map((m) => `${BAD}/${name}:${m}`));
    });
  }

  it('reports a missing file', async () => {
    const result = await loadConfig(`${BAD}/no-such.yaml`);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([`${BAD}/no-such.yaml: config file not found`]);
  });

  it('reports every problem at once, each at its own line', () => {
    const text = MINIMAL.replace('language: en', 'language: en\n  tittle: Twice').replace('home: https://news.example.org/', 'home: ftp://news.example.org/') + 'feed:\n  limit: 2.5\n';
    const result = parseConfig(text, 'site.yaml');
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      'site.yaml:3: site.home: expected an absolute http(s) URL, got "ftp://news.example.org/"',
      'site.yaml:6: site.tittle: unknown field (did you mean "title"?)',
      'site.yaml:8: feed.limit: expected a whole number, got 2.5',
    ]);
  });

  it('never evaluates custom YAML tags', () => {
    const result = parseConfig(`${MINIMAL}hub: !!js/function "function () { return 1 }"\n`, 'tags.yaml');
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      'tags.yaml:6: invalid YAML: Unresolved tag: tag:yaml.org,2002:js/function',
    ]);
  });
});

describe('good configs', () => {
  it("loads the repo's wirefeed.config.yaml", async () => {
    const result = await loadConfig('wirefeed.config.yaml');
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    expect(result.config.site.title).toBe('Nordic Wire Desk');
    expect(result.config.site.home).toBe('https://news.example.org/');
    expect(result.config.site.feeds_base).toBe('https://news.example.org/feeds/');
    expect(result.config.site.language).toBe('en');
    expect(result.config.site.default_author?.name).toBe('Nordic Wire Desk');
    expect(result.config.feed.formats).toEqual(['rss', 'atom', 'json']);
  });

  it('fills every default of a config with only the required keys', () => {
    const result = parseConfig(MINIMAL, 'minimal.yaml');
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    const c = result.config;
    expect(c.feed.limit).toBe(50);
    expect(c.feed.formats).toEqual(['rss', 'atom', 'json']);
    expect(c.tags).toEqual([]);
    expect(c.partners).toEqual([]);
    expect(c.site.agencies).toEqual([]);
    expect(c.site.default_author).toBeUndefined();
    expect(c.html).toEqual({ sanitize: true, allow_data_images: false });
    expect(c.safety.max_drop).toBe(0.5);
    expect(c.feed.order).toBe('published');
    expect(c.lifecycle).toEqual({ tombstone_days: 30 });
  });

  it('takes ninjs as a partner format, its version quoted or not, 2.2 by default', () => {
    const partners = `partners:
  - { name: a, formats: [rss, ninjs] }
  - { name: b, formats: [ninjs], ninjs_version: 1.6 }
  - { name: c, formats: [json, ninjs], ninjs_version: "2.2" }
  - { name: d, formats: [ninjs], ninjs_version: superdesk }
`;
    const result = parseConfig(`${MINIMAL}${partners}`, 'ninjs.yaml');
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    expect(result.config.partners.map((p) => [p.formats, p.ninjs_version])).toEqual([
      [['rss', 'ninjs'], undefined],
      [['ninjs'], '1.6'],
      [['json', 'ninjs'], '2.2'],
      [['ninjs'], 'superdesk'],
    ]);
  });

  it('takes a tag feed as a bare tag or as {tag, title}', () => {
    const result = parseConfig(`${MINIMAL}tags:\n  - Ukraine\n  - { tag: Climate, title: Climate desk }\n`, 'tags.yaml');
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    expect(result.config.tags).toEqual([
      { tag: 'Ukraine', title: undefined },
      { tag: 'Climate', title: 'Climate desk' },
    ]);
  });
});
