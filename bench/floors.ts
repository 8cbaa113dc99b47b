// The floors every run is compared with: what the file system costs before any parsing.
//   node floors.js stat DIR         readdir + stat of every file below DIR
//   node floors.js read DIR         reading the bytes of every file below DIR
//   node floors.js write SRC DEST   writing the bytes of the files in SRC to DEST (each read, then temp, fsync, rename)
// Prints {"ms": …, "files": …, "bytes": …} for the operation alone (node's start-up excluded).
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { walk } from './walk.js';


const [mode, a, b] = process.argv.slice(2);
const t0 = performance.now();
let files = 0;
let bytes = 0;
if (mode === 'stat') {
  for (const f of walk(a!)) {
    bytes += statSync(f).size;
    files++;
  }
} else if (mode === 'read') {
  for (const f of walk(a!)) {
    bytes += readFileSync(f).length;
    files++;
  }
} else if (mode === 'write') {
  // One file at a time, read back from the page cache and written (the sample job's output is
  // gigabytes at 100,000 items: held all at once it would measure the memory, not the disk).
  const sources = walk(a!).map((f) => path.relative(a!, f));
  const t1 = performance.now();
  mkdirSync(b!, { recursive: true });
  for (const rel of sources) {
    const data = readFileSync(path.join(a!, rel));
    const dest = path.join(b!, rel);
    mkdirSync(path.dirname(dest), { recursive: true });
    const fd = openSync(`${dest}.tmp`, 'w');
    writeSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(`${dest}.tmp`, dest);
    files++;
    bytes += data.length;
  }
  process.stdout.write(JSON.stringify({ ms: performance.now() - t1, files, bytes }));
  process.exit(0);
} else {
  process.stderr.write('usage: floors.js stat|read DIR | write SRC DEST\n');
  process.exit(64);
}
process.stdout.write(JSON.stringify({ ms: performance.now() - t0, files, bytes }));
