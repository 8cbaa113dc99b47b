// System tools some tests need (Debian packages). On a developer's machine a missing tool skips
// those tests with a named reason; under CI (WIREFEED_REQUIRE_TOOLS=1, set by .ci/run) a missing
// tool is a failure, so a green CI run has run every test.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Where skips are noted for test/helpers/skips.ts to sum up at the end of the run (set by it). */
export const SKIPS_ENV = 'WIREFEED_SKIPS_DIR';

export type Tool = 'jing' | 'chromium' | 'feedparser' | 'gofeed' | 'nginx';

/** The apt-get line that brings each tool. */
export const APT: Record<Tool, string> = {
  jing: 'apt-get install jing',
  chromium: 'apt-get install chromium',
  feedparser: 'apt-get install python3-feedparser',
  gofeed: 'apt-get install golang-go golang-github-mmcdole-gofeed-dev',
  nginx: 'apt-get install nginx',
};

export function findExecutable(cmd: string, extra: string[] = []): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(path.delimiter), ...extra]) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    if (existsSync(p)) return p;
  }
  return undefined;
}

export const toolsRequired = process.env.WIREFEED_REQUIRE_TOOLS === '1';

/**
 * Whether a test that needs `tool` can run. `missing` is why it cannot (undefined when it can).
 * Under WIREFEED_REQUIRE_TOOLS=1 a missing tool throws at collection, failing the file.
 */
export function needs(tool: Tool, missing: string | undefined): boolean {
  if (missing === undefined) return true;
  const reason = `${tool} missing: ${missing} (${APT[tool]})`;
  if (toolsRequired) throw new Error(`WIREFEED_REQUIRE_TOOLS=1 but ${reason}`);
  console.warn(`skipped: ${reason}`);
  // One file per tool: forked workers write their own, the summary reads them all.
  const dir = process.env[SKIPS_ENV];
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, tool), missing);
  }
  return false;
}
