// Request target → a file inside the served folder, or nothing. Everything that could lead
// outside (`..` in any spelling, absolute paths, symlinks) and every hidden file (the lock,
// temp files of a run in progress) is simply not found.
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export type Resolved =
  | { kind: 'file'; file: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'not-found' }
  | { kind: 'bad-request' };

const inside = (root: string, p: string) => p === root || p.startsWith(root + path.sep);

/** The path part of a request target, still percent-encoded; undefined when it is not a path. */
export function targetPath(target: string): string | undefined {
  // Absolute-form ("GET http://host/x"): only its path counts. WHATWG URL parsing removes
  // dot segments from it, and whatever is left is still checked below.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    try {
      return new URL(target).pathname;
    } catch {
      return undefined;
    }
  }
  if (!target.startsWith('/')) return undefined;
  return target.replace(/[?#].*$/s, '');
}

/**
 * Resolve a request target against `root` (which must already be a real path). The file's
 * real path is checked again after symlinks are followed.
 */
export async function resolveTarget(root: string, target: string): Promise<Resolved> {
  const raw = targetPath(target);
  if (raw === undefined) return { kind: 'bad-request' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return { kind: 'bad-request' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'not-found' };
  const segments = decoded.split('/').filter((s) => s !== '');
  // No dot segments at all, and no hidden files: `..`, `.`, `.wirefeed.lock`, `.rss.xml.….tmp`.
  if (segments.some((s) => s.startsWith('.'))) return { kind: 'not-found' };

  const candidate = path.join(root, ...segments);
  if (!inside(root, candidate)) return { kind: 'not-found' };
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    return { kind: 'not-found' };
  }
  // Followed links must land inside root, and not on a hidden file (a link to the lock).
  const visible = (p: string) => inside(root, p) && !path.relative(root, p).split(path.sep).some((s) => s.startsWith('.'));
  if (!visible(real)) return { kind: 'not-found' };
  let st = await stat(real);
  if (st.isDirectory()) {
    // A folder is served by its index.html, at a URL ending in "/" so relative links work.
    // The location is rebuilt from the segments: never "//host/" (protocol-relative, off-site).
    if (!raw.endsWith('/')) return { kind: 'redirect', location: `/${segments.map(encodeURIComponent).join('/')}/` };
    try {
      real = await realpath(path.join(real, 'index.html'));
    } catch {
      return { kind: 'not-found' };
    }
    if (!visible(real)) return { kind: 'not-found' };
    st = await stat(real);
  }
  if (!st.isFile()) return { kind: 'not-found' };
  return { kind: 'file', file: real };
}
