// `wirefeed serve`: out/ over HTTP the way a careful production server does it, so feeds can
// be tried in a real reader before they go live: the feed media types, strong ETags and
// Last-Modified, 304s for conditional requests, gzip when asked, HEAD, and nothing outside out/.
import { createHash } from 'node:crypto';
import { open, realpath } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { FILES } from '../render/index.js';
import { partnerGate, type Gate } from './auth.js';
import { resolveTarget } from './resolve.js';

const gzipAsync = promisify(gzip);

const BY_NAME: Record<string, string> = Object.fromEntries(Object.values(FILES).map((f) => [f.name, f.contentType]));

const BY_EXTENSION: Record<string, string> = {
  '.opml': 'text/x-opml; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.xsl': 'application/xslt+xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
};

/** The Content-Type for a file: the feed files by name (rss.xml, atom.xml, feed.json), the rest by extension. */
export function contentTypeOf(file: string): string {
  const base = path.basename(file);
  return BY_NAME[base] ?? BY_EXTENSION[path.extname(base).toLowerCase()] ?? 'application/octet-stream';
}

// Per file version (path, size, mtime): its content hash, so a request streams the file instead
// of reading it whole to hash it; and gzipped bodies by ETag, so each version is compressed once.
// Both bounded: a preview of a large archive must not grow without end.
const hashes = new Map<string, string>();
const gzipped = new Map<string, Buffer>();
const GZIP_CACHE_BYTES = 64 * 1024 * 1024;
let gzippedBytes = 0;
const remember = <V>(map: Map<string, V>, key: string, value: V, max = 4096): V => {
  if (map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, value);
  return value;
};

const compressible = (type: string) => /^text\/|\+xml|\+json|\/xml|\/json|javascript/.test(type);

/** Whether Accept-Encoding lets us send gzip (q > 0 for gzip, or for * when gzip is not named). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let gzipQ: number | undefined;
  let starQ: number | undefined;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (name.trim() === 'gzip' || name.trim() === 'x-gzip') gzipQ = Number.isNaN(q) ? 0 : q;
    else if (name.trim() === '*') starQ = Number.isNaN(q) ? 0 : q;
  }
  return (gzipQ ?? starQ ?? 0) > 0;
}

/** The entity tags an If-None-Match header lists (weak or strong: RFC 9110 compares them weakly here). */
function listedTags(header: string): string[] {
  return header.split(',').map((t) => t.trim().replace(/^W\//, ''));
}

export interface ServeOptions {
  /** The folder to serve (out/). */
  root: string;
  /** Called once per request with a log line. */
  log?: (line: string) => void;
  /** Who may read what (auth.ts): a request it denies gets its status, nothing else. Default: nobody reads partners/. */
  gate?: Gate;
}

export async function createPreviewServer(options: ServeOptions): Promise<http.Server> {
  const root = await realpath(options.root);
  const gate = options.gate ?? partnerGate({ partners: {} });
  const server = http.createServer((req, res) => {
    handle(root, req, res, gate).then(
      () => options.log?.(`${req.method} ${req.url} ${res.statusCode}`),
      (err: Error) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('internal error\n');
        else res.destroy();
        options.log?.(`${req.method} ${req.url} 500 ${err.message}`);
      },
    );
  });
  return server;
}

function plain(res: http.ServerResponse, status: number, text: string, head: boolean, extra: http.OutgoingHttpHeaders = {}) {
  const body = Buffer.from(`${text}\n`);
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': body.length, ...extra });
  res.end(head ? undefined : body);
}

async function handle(root: string, req: http.IncomingMessage, res: http.ServerResponse, gate: Gate): Promise<void> {
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) return plain(res, 405, 'method not allowed', false, { allow: 'GET, HEAD' });

  const found = await resolveTarget(root, req.url ?? '');
  const denied = await gate(req, found, root);
  if (denied) return plain(res, denied.status, denied.text, head, denied.headers);
  if (found.kind === 'bad-request') return plain(res, 400, 'bad request', head);
  if (found.kind === 'not-found') return plain(res, 404, 'not found', head);
  if (found.kind === 'redirect') return plain(res, 301, `moved to ${found.location}`, head, { location: found.location });

  // One open file for the hash and the body: both are the same version of it.
  const handleFd = await open(found.file, 'r');
  try {
    const st = await handleFd.stat();
    const version = `${found.file}\0${st.size}\0${st.mtimeMs}`;
    let hash = hashes.get(version);
    if (hash === undefined) {
      const h = createHash('sha256');
      for await (const chunk of handleFd.createReadStream({ start: 0, autoClose: false })) h.update(chunk as Buffer);
      hash = remember(hashes, version, h.digest('base64url').slice(0, 32));
    }
    const type = contentTypeOf(found.file);
    // Strong validators: the ETag is the content's hash, so the same bytes give the same tag on
    // every run and every machine. A gzipped body is another representation with its own tag.
    const identityTag = `"${hash}"`;
    const gzipTag = `"${hash}-gzip"`;
    const useGzip = compressible(type) && acceptsGzip(req.headers['accept-encoding']);
    const lastModified = new Date(Math.floor(st.mtimeMs / 1000) * 1000);
    const headers: http.OutgoingHttpHeaders = {
      etag: useGzip ? gzipTag : identityTag,
      'last-modified': lastModified.toUTCString(),
      // Revalidate every time: a preview must show the latest build.
      'cache-control': 'no-cache',
      vary: 'Accept-Encoding',
    };

    // RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since only when it is absent.
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    let notModified = false;
    if (inm !== undefined) {
      const tags = listedTags(inm);
      // A cache may revalidate with the tag of either representation it stored.
      const matched = tags.includes('*') ? headers.etag : tags.find((t) => t === identityTag || t === gzipTag);
      if (matched) {
        notModified = true;
        headers.etag = matched;
      }
    } else if (ims !== undefined) {
      const since = Date.parse(ims);
      notModified = !Number.isNaN(since) && lastModified.getTime() <= since;
    }
    if (notModified) {
      res.writeHead(304, headers);
      res.end();
      return;
    }

    const common = { ...headers, 'content-type': type, 'x-content-type-options': 'nosniff' };
    if (useGzip) {
      let payload = gzipped.get(gzipTag);
      if (payload === undefined) {
        payload = await gzipAsync(await handleFd.readFile());
        if (payload.length <= GZIP_CACHE_BYTES / 8) {
          while (gzippedBytes + payload.length > GZIP_CACHE_BYTES && gzipped.size > 0) {
            const [k, v] = gzipped.entries().next().value!;
            gzipped.delete(k);
            gzippedBytes -= v.length;
          }
          gzipped.set(gzipTag, payload);
          gzippedBytes += payload.length;
        }
      }
      res.writeHead(200, { ...common, 'content-length': payload.length, 'content-encoding': 'gzip' });
      res.end(head ? undefined : payload);
      return;
    }
    res.writeHead(200, { ...common, 'content-length': st.size });
    if (head) {
      res.end();
      return;
    }
    // Streamed: a large archive document is never held in memory per request.
    try {
      await pipeline(handleFd.createReadStream({ start: 0, autoClose: false }), res);
    } catch (err) {
      // The client closed the connection (often just as the last bytes reached it): the answer
      // was the 200 already sent, not an error of ours to log as a 500.
      if ((err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
    }
  } finally {
    await handleFd.close();
  }
}

export interface RunningServer {
  server: http.Server;
  /** http://host:port/ as actually bound (port 0 picks a free one). */
  url: string;
  close: () => Promise<void>;
}

export async function startPreviewServer(options: ServeOptions & { host: string; port: number }): Promise<RunningServer> {
  const server = await createPreviewServer(options);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
