// vitest globalSetup: at the end of the run, one line naming every system tool whose tests
// were skipped (see needs() in tools.ts) and the apt-get line that brings them all.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APT, SKIPS_ENV, type Tool } from './tools.js';

/** The closing line for the tools noted as missing, or undefined when none was. */
export function skipSummary(tools: readonly Tool[]): string | undefined {
  if (tools.length === 0) return undefined;
  const sorted = [...new Set(tools)].sort();
  const packages = sorted.flatMap((t) => APT[t].replace(/^apt-get install /, '').split(' '));
  return `skipped, system tools missing: ${sorted.join(', ')}; to run those tests: apt-get install ${packages.join(' ')}`;
}

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wirefeed-skips-'));
  // Set before the workers are forked, so each inherits it.
  process.env[SKIPS_ENV] = dir;
  return () => {
    const tools = readdirSync(dir).filter((t): t is Tool => t in APT);
    rmSync(dir, { recursive: true, force: true });
    const line = skipSummary(tools);
    if (line) process.stdout.write(`\n${line}\n`);
  };
}
