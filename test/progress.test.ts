// The progress bar (src/progress.ts): drawn through cli-progress only on a terminal, only once
// a run has lasted a while, showing items parsed, and erased at the end.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { progressBar } from '../src/progress.js';

const terminal = (isTTY: boolean) => {
  const written: string[] = [];
  return { written, t: { write: (s: string) => void written.push(s), isTTY, columns: 100 } };
};

describe('progressBar', () => {
  it('draws nothing when the output is not a terminal (cron)', () => {
    const { t, written } = terminal(false);
    expect(progressBar(t, 0)).toBeUndefined();
    expect(written).toEqual([]);
  });

  it('shows the items parsed, then the stage, and erases itself', async () => {
    const { t, written } = terminal(true);
    const bar = progressBar(t, 0)!;
    bar.stage('read', 'items');
    await sleep(5);
    await sleep(120); // cli-progress redraws at most ten times a second
    bar.parsed(500, 1000);
    await sleep(120);
    bar.stage('write', '3 files');
    bar.done();
    const out = written.join('');
    expect(out).toMatch(/wirefeed \[#{10}\.{10}\] parsing items 500\/1000/);
    expect(out).toMatch(/wirefeed \[#{19}\.\] writing \(3 files\)/);
    // Erased: the last thing written clears the line.
    expect(out.endsWith('\x1b[2K')).toBe(true);
  });

  it('stays silent in a quick run', async () => {
    const { t, written } = terminal(true);
    const bar = progressBar(t, 60_000)!;
    bar.stage('read');
    bar.parsed(10, 10);
    bar.done();
    await sleep(5);
    expect(written).toEqual([]);
  });
});
