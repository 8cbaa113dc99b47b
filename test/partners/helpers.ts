// Real HTTP against the two deployments: `wirefeed serve --secrets` and nginx with the output
// of `wirefeed partners nginx`, each a child process on 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw GET: the path goes out exactly as given (`..`, `%2e`, `//` and all). */
export function get(port: number, target: string, auth?: { user: string; password: string }): Promise<Reply> {
  return rawGet(port, target, auth ? { authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}` } : {});
}

/** The same with any request headers (Accept-Encoding, If-None-Match, ...). */
export function rawGet(port: number, target: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: target, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A port nobody listens on right now (for nginx, which cannot be told to pick one). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Wait until something accepts connections on the port (the child has started), or the child dies. */
export async function listening(port: number, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.end();
        resolve(true);
      });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Child {
  proc: ChildProcess;
  stdout: string[];
  stderr: string[];
  stop: () => Promise<void>;
}

export function start(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Child {
  const proc = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const child: Child = {
    proc,
    stdout: [],
    stderr: [],
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = once(proc, 'exit');
      proc.kill('SIGTERM');
      await exited;
    },
  };
  proc.stdout!.setEncoding('utf8').on('data', (s: string) => child.stdout.push(s));
  proc.stderr!.setEncoding('utf8').on('data', (s: string) => child.stderr.push(s));
  return child;
}
