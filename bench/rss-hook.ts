// Preloaded into each measured child process (`node --import`): at exit it writes the
// process's peak resident set size to the file named by WIREFEED_BENCH_RSS, so the
// benchmark reads peak RSS without relying on /usr/bin/time.
import { writeFileSync } from 'node:fs';

const target = process.env.WIREFEED_BENCH_RSS;
if (target) {
  process.on('exit', () => {
    // maxRSS is in kilobytes.
    writeFileSync(target, JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
  });
}
