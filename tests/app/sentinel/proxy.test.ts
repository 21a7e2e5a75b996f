import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Secret } from '../../../sdk/inputs/secret';
import { createCapturedLogger } from '../../../sdk/testing/capture-logger';
import { CLOUDS, createTokenProvider, createUploadClient } from '../../../app/sentinel';
import { startSentinelSimulator, type SentinelSimulator } from '../../../app/testing/sentinel-simulator';
import { stixTexts } from '../../helpers/stix-objects';

// tc_proxy_external: Entra and Sentinel are reached through the platform's proxy, tunnelled with CONNECT so TLS
// stays end to end, with the proxy's credentials and never the proxy password in the logs.
let sim: SentinelSimulator;
let proxy: http.Server;
const seen: Array<{ method: string; target: string; auth?: string }> = [];
const tunnels = new Set<net.Socket>();

beforeAll(async () => {
  sim = await startSentinelSimulator();
  proxy = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', target: req.url ?? '', auth: req.headers['proxy-authorization'] });
    res.writeHead(502).end('this proxy only tunnels');
  });
  proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    seen.push({ method: 'CONNECT', target: req.url ?? '', auth: req.headers['proxy-authorization'] });
    const [host, port] = (req.url ?? '').split(':');
    tunnels.add(socket);
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    tunnels.add(upstream);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  await sim?.close();
  for (const s of tunnels) s.destroy();
  proxy.closeAllConnections();
  await new Promise((r) => proxy.close(r));
});

it('signs in and uploads through the external proxy with CONNECT, authenticating to it', async () => {
  const log = createCapturedLogger({ level: 'debug' });
  const password = new Secret('proxy-pass-31');
  log.logger.addSecret(password);
  const proxyOptions = { host: '127.0.0.1', port: (proxy.address() as AddressInfo).port, username: 'svc', password };
  const tokenProvider = createTokenProvider({
    ...sim.credentials,
    clientSecret: new Secret(sim.credentials.clientSecret),
    authorityHost: sim.authorityHost,
    scope: CLOUDS.AzureCloud.scope,
    logger: log.logger,
    ca: sim.ca,
    proxy: proxyOptions,
  });
  const client = createUploadClient({
    apiUrl: sim.apiUrl,
    workspaceId: sim.workspaceId,
    sourceSystem: 'ThreatConnect-Proxy',
    tokenProvider,
    logger: log.logger,
    ca: sim.ca,
    proxy: proxyOptions,
  });
  const outcome = await client.upload(stixTexts(3));
  client.close();
  expect(outcome).toMatchObject({ status: 'ok', accepted: 3 });
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every((s) => s.method === 'CONNECT' && s.target === new URL(sim.apiUrl).host)).toBe(true);
  expect(seen[0]!.auth).toBe(`Basic ${Buffer.from('svc:proxy-pass-31').toString('base64')}`);
  expect(log.text()).not.toContain('proxy-pass-31');
});
