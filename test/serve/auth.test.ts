// The partner gate in the preview server, over real HTTP: what the delivery test does not
// reach — no secrets at all, a link inside out/ to a partner's folder, the Authorization
// header's edge cases, and a secrets file that changes or turns unsafe while serving.
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerToken } from '../../src/partners/access.js';
import { readSecrets, secretValues } from '../../src/partners/secrets.js';
import { basicCredentials, fileGate, partnerGate, type Gate } from '../../src/serve/auth.js';
import { createPreviewServer } from '../../src/serve/server.js';
import { writeTestSecrets } from '../helpers/partners.js';
import { get } from '../partners/helpers.js';

const A = 'A'.repeat(43);
const tokenA = partnerToken(A, 'alpha');
let tmp: string;
let root: string;
const servers: http.Server[] = [];

async function serveWith(gate: Gate | undefined): Promise<number> {
  const s = await createPreviewServer({ root, ...(gate ? { gate } : {}) });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  servers.push(s);
  return (s.address() as AddressInfo).port;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-auth-'));
  root = path.join(tmp, 'out');
  await mkdir(path.join(root, 'partners', tokenA), { recursive: true });
  await writeFile(path.join(root, 'partners', tokenA, 'rss.xml'), '<rss>alpha only</rss>\n');
  await writeFile(path.join(root, 'rss.xml'), '<rss>public</rss>\n');
  // A link inside out/ that leads into a partner's folder: the file on disk decides, not the URL.
  await symlink(path.join(root, 'partners', tokenA), path.join(root, 'shortcut'));
});
afterAll(async () => {
  for (const s of servers) (s.closeAllConnections(), s.close());
  await rm(tmp, { recursive: true, force: true });
});

describe('the gate', () => {
  it('without secrets, nothing private is served to anyone', async () => {
    const port = await serveWith(partnerGate({ partners: {} }));
    expect((await get(port, `/partners/${tokenA}/rss.xml`)).status).toBe(401);
    expect((await get(port, `/partners/${tokenA}/rss.xml`, { user: 'alpha', password: A })).status).toBe(401);
    expect((await get(port, '/rss.xml')).status).toBe(200);
  });

  it('a preview server made without a gate serves nothing under partners/ either', async () => {
    const port = await serveWith(undefined);
    expect((await get(port, `/partners/${tokenA}/rss.xml`)).status).toBe(401);
    expect((await get(port, '/shortcut/rss.xml', { user: 'alpha', password: A })).status).toBe(401);
    expect((await get(port, '/rss.xml')).status).toBe(200);
  });

  it('a link to a partner folder asks for that partner too', async () => {
    const port = await serveWith(partnerGate({ partners: { alpha: A, beta: 'B'.repeat(43) } }));
    expect((await get(port, '/shortcut/rss.xml')).status).toBe(401);
    expect((await get(port, '/shortcut/rss.xml', { user: 'beta', password: 'B'.repeat(43) })).status).toBe(404);
    expect((await get(port, '/shortcut/rss.xml', { user: 'alpha', password: A })).body.toString()).toBe('<rss>alpha only</rss>\n');
  });

  it('follows the secrets file: a rotation applies to the next request, a file turned unsafe opens nothing', async () => {
    const file = path.join(tmp, 'secrets.json');
    await writeTestSecrets(file, { partners: { alpha: A }, newsroom: 'N'.repeat(43) });
    const errors: string[] = [];
    const port = await serveWith(fileGate(file, async (f) => secretValues(await readSecrets(f)), (m) => errors.push(m)));
    expect((await get(port, `/partners/${tokenA}/rss.xml`, { user: 'alpha', password: A })).status).toBe(200);
    await writeTestSecrets(file, { partners: { alpha: 'C'.repeat(44) }, newsroom: 'N'.repeat(43) });
    expect((await get(port, `/partners/${tokenA}/rss.xml`, { user: 'alpha', password: A })).status).toBe(401);
    await writeTestSecrets(file, { partners: { alpha: A }, newsroom: 'N'.repeat(43) });
    await chmod(file, 0o644);
    expect((await get(port, `/partners/${tokenA}/rss.xml`, { user: 'alpha', password: A })).status).toBe(401);
    expect(errors).toEqual([`${file}: the secrets file may be read by group or others (mode 0644): refusing it; run \`chmod 600 ${file}\``]);
  });
});

describe('basicCredentials', () => {
  it('reads back any user without a colon and any password', () => {
    fc.assert(
      fc.property(fc.string().filter((u) => !u.includes(':')), fc.string(), (user, password) => {
        const header = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
        expect(basicCredentials(header)).toEqual({ user, password });
        expect(basicCredentials(header.replace('Basic', 'bAsIc'))).toEqual({ user, password });
      }),
    );
  });

  it('refuses what is not Basic with a user and password', () => {
    for (const h of [undefined, '', 'Bearer abc', 'Basic', 'Basic !!!', `Basic ${Buffer.from('no-colon').toString('base64')}`]) expect(basicCredentials(h)).toBeUndefined();
  });
});
