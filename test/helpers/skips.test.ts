// The closing line of a run that skipped tests for missing system tools.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import setup, { skipSummary } from './skips.js';
import { SKIPS_ENV } from './tools.js';

const saved = process.env[SKIPS_ENV];
afterEach(() => {
  process.env[SKIPS_ENV] = saved;
  vi.restoreAllMocks();
});

describe('the skipped-tools summary', () => {
  it('names each tool once, sorted, with one apt-get line for them all', () => {
    expect(skipSummary(['nginx', 'jing', 'gofeed', 'jing'])).toBe(
      'skipped, system tools missing: gofeed, jing, nginx; to run those tests: apt-get install golang-go golang-github-mmcdole-gofeed-dev jing nginx',
    );
    expect(skipSummary([])).toBeUndefined();
  });

  it('collects what any worker noted in the shared folder, and prints it at teardown', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const teardown = setup();
    const dir = process.env[SKIPS_ENV]!;
    // What needs() in a forked worker leaves behind.
    writeFileSync(path.join(dir, 'chromium'), '/usr/bin/chromium does not exist');
    teardown();
    expect(write.mock.calls.map((c) => c[0])).toEqual(['\nskipped, system tools missing: chromium; to run those tests: apt-get install chromium\n']);
  });
});
