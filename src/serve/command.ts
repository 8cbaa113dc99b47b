// `wirefeed serve [--out DIR] [--port N] [--host H] [--secrets FILE]`: starts the preview
// server and returns; the open server keeps the process running until it is stopped (Ctrl-C,
// SIGTERM). Private documents (partners/) need their partner's credential (auth.ts); without
// a secrets file nobody has one, so none is served.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { loadConfig } from '../config/load.js';
import { accessFromSecrets, redactor } from '../partners/access.js';
import { readSecrets, SecretsError, secretValues } from '../partners/secrets.js';
import { formatProblem } from '../validate.js';
import { fileGate, partnerGate } from './auth.js';
import { startPreviewServer, type RunningServer } from './server.js';

export interface ServeArgs {
  out: string;
  configFile: string;
  port?: string;
  host?: string;
  quiet: boolean;
  /** The secrets file (--secrets or WIREFEED_SECRETS). */
  secrets?: string;
}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';

/** The exit code, and the running server when it started (exit code 0). */
export async function serveCommand(args: ServeArgs, io: Io): Promise<{ code: number; running?: RunningServer }> {
  let port = DEFAULT_PORT;
  let host = DEFAULT_HOST;
  // The config is optional here: a folder can be previewed without one.
  if (existsSync(args.configFile)) {
    const loaded = await loadConfig(args.configFile);
    if (!loaded.ok) {
      for (const p of loaded.problems) io.err(`${formatProblem(p)}\n`);
      io.err('wirefeed: bad config: not serving\n');
      return { code: 78 };
    }
    port = loaded.config.serve.port;
    host = loaded.config.serve.host;
  }
  if (args.port !== undefined) {
    port = Number(args.port);
    if (!/^\d+$/.test(args.port) || port > 65535) {
      io.err(`wirefeed: --port: expected a port number from 0 to 65535, got ${JSON.stringify(args.port)}\n`);
      return { code: 64 };
    }
  }
  if (args.host !== undefined) host = args.host;

  let secrets: ReturnType<typeof secretValues> = { partners: {} };
  const readValues = async (file: string) => (secrets = secretValues(await readSecrets(file)));
  if (args.secrets !== undefined) {
    try {
      await readValues(args.secrets);
    } catch (err) {
      if (!(err instanceof SecretsError)) throw err;
      io.err(`wirefeed: ${err.message}: not serving\n`);
      return { code: err.exitCode };
    }
  }
  // Request lines name the token folders: the log says whose they are instead (after a
  // rotation too: the secrets in use are the ones the last request was judged by). The
  // redactor (an HMAC per partner and a pattern) is made again only when the secrets change.
  let redactedBy: typeof secrets | undefined;
  let redactLine = (line: string) => line;
  const redact = (line: string) => {
    if (redactedBy !== secrets) [redactedBy, redactLine] = [secrets, redactor(accessFromSecrets(secrets))];
    return redactLine(line);
  };
  const gate =
    args.secrets === undefined
      ? partnerGate(secrets)
      : fileGate(args.secrets, readValues, (message) => {
          secrets = { partners: {} };
          io.err(`wirefeed: ${message}: no private document is served until it is fixed\n`);
        });

  const isDir = await stat(args.out).then((s) => s.isDirectory(), () => false);
  if (!isDir) {
    io.err(`wirefeed: ${args.out}: no such folder; run \`wirefeed build\` first\n`);
    return { code: 66 };
  }
  try {
    const running = await startPreviewServer({
      root: args.out,
      host,
      port,
      log: args.quiet ? undefined : (line) => io.out(`${redact(line)}\n`),
      gate,
    });
    io.out(`wirefeed serve: ${args.out} at ${running.url} (Ctrl-C to stop)\n`);
    return { code: 0, running };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'EADDRINUSE' ? 'is already in use; choose another with --port' : `cannot be used (${e.code ?? e.message})`;
    io.err(`wirefeed: ${host}:${port} ${why}\n`);
    return { code: 69 };
  }
}
