// `wirefeed build` where nothing changed (src/quick.ts): it answers from the cache before the
// config is parsed, so it loads neither the YAML parser, the schema library, the Markdown renderer nor
// the HTML sanitizer; anything that changed goes the full way and is built.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { itemFiles, makeSite, NOW, ROOT, type Site } from './cache/helpers.js';

const CLI = path.join(ROOT, 'dist/cli.js');
const HOOK = path.join(ROOT, 'test/helpers/record-imports.mjs');
const HEAVY = ['yaml', 'zod', 'markdown-it', 'sanitize-html', 'cli-progress'];

const sites: Site[] = [];
afterAll(() => {
  for (const s of sites) rmSync(s.root, { recursive: true, force: true });
});

/** One `wirefeed build --json` in a child process: its report and the packages it loaded. */
function build(s: Site): { report: { exitCode: number; written: string[]; unchanged: string[] }; packages: Set<string> } {
  const log = path.join(s.root, `imports-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  const stdout = execFileSync(
    process.execPath,
    ['--import', HOOK, CLI, 'build', '--json', '--config', s.config, '--items', s.items, '--out', s.out, '--cache', s.cache, '--now', NOW],
    { env: { ...process.env, WIREFEED_IMPORTS_LOG: log }, encoding: 'utf8' },
  );
  const packages = new Set(
    readFileSync(log, 'utf8')
      .split('\n')
      .map((line) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line)?.[1])
      .filter((p): p is string => p !== undefined),
  );
  return { report: JSON.parse(stdout) as { exitCode: number; written: string[]; unchanged: string[] }, packages };
}

describe('a run where nothing changed', () => {
  it('writes nothing and loads none of the parsers and renderers; a change loads them and is built', () => {
    const s = makeSite(12, 'tags:\n  - Ukraine\narchive:\n  enabled: true\n');
    sites.push(s);
    const cold = build(s);
    expect(cold.report.exitCode).toBe(0);
    expect(cold.report.written.length).toBeGreaterThan(0);
    // The recorder sees them when they are loaded: this is not a test that cannot fail.
    for (const p of ['yaml', 'zod', 'markdown-it', 'sanitize-html']) expect(cold.packages).toContain(p);

    const warm = build(s);
    expect(warm.report.exitCode).toBe(0);
    expect(warm.report.written).toEqual([]);
    expect(warm.report.unchanged.sort()).toEqual([...cold.report.written].sort());
    for (const p of HEAVY) expect(warm.packages).not.toContain(p);

    // A config edit (a comment only) is not trusted by the quick check: the full run decides, and writes nothing.
    writeFileSync(s.config, `${readFileSync(s.config, 'utf8')}# edited\n`);
    const edited = build(s);
    expect(edited.report.written).toEqual([]);
    expect(edited.packages).toContain('yaml');

    const item = itemFiles(s).find((f) => f.endsWith('.md'))!;
    writeFileSync(item, `${readFileSync(item, 'utf8')}\nA new paragraph.\n`);
    const changed = build(s);
    expect(changed.report.written.length).toBeGreaterThan(0);
    expect(changed.packages).toContain('markdown-it');
    // A run that wrote records the config's new text: the quick check answers again.
    const after = build(s);
    expect(after.report.written).toEqual([]);
    for (const p of HEAVY) expect(after.packages).not.toContain(p);
  });
});
