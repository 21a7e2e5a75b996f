import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { generate } from 'selfsigned';
import { connectBroker } from '../../../../sdk/service/core/connect-broker';
import { Secret } from '../../../../sdk/inputs/secret';
import { createCapturedLogger } from '../../../../sdk/testing/capture-logger';

interface ConnectPacket {
  protocolLevel: number;
  cleanSession: boolean;
  clientId: string;
  username?: string;
  password?: string;
}

/** Reads the fields of an MQTT 3.1.1 CONNECT packet (spec §3.1) straight from the bytes. */
function parseConnect(packet: Buffer, bodyStart: number): ConnectPacket {
  let pos = bodyStart;
  const str = () => {
    const len = packet.readUInt16BE(pos);
    const value = packet.subarray(pos + 2, pos + 2 + len).toString('utf8');
    pos += 2 + len;
    return value;
  };
  str(); // protocol name
  const protocolLevel = packet.readUInt8(pos);
  const flags = packet.readUInt8(pos + 1);
  pos += 4; // level, flags, keepalive
  const clientId = str();
  return {
    protocolLevel,
    cleanSession: (flags & 0x02) !== 0,
    clientId,
    username: flags & 0x80 ? str() : undefined,
    password: flags & 0x40 ? str() : undefined,
  };
}

/** The smallest broker that lets a client connect and subscribe, recording every CONNECT. */
function fakeBroker(secure?: { key: string; cert: string }) {
  const connects: ConnectPacket[] = [];
  const sockets = new Set<net.Socket>();
  const onSocket = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        let length = 0;
        let multiplier = 1;
        let i = 1;
        for (; i < buffer.length; i += 1) {
          const byte = buffer[i] as number;
          length += (byte & 0x7f) * multiplier;
          multiplier *= 128;
          if ((byte & 0x80) === 0) break;
        }
        if (i >= buffer.length || buffer.length < i + 1 + length) return;
        const packet = buffer.subarray(0, i + 1 + length);
        buffer = buffer.subarray(i + 1 + length);
        const type = (packet[0] as number) >> 4;
        if (type === 1) {
          connects.push(parseConnect(packet, i + 1));
          socket.write(Buffer.from([0x20, 0x02, 0x00, 0x00]));
        } else if (type === 8) {
          socket.write(Buffer.from([0x90, 0x03, packet[i + 1] as number, packet[i + 2] as number, 0x00]));
        }
      }
    });
  };
  const server = secure ? tls.createServer(secure, onSocket) : net.createServer(onSocket);
  return {
    connects,
    listen: () => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port))),
    dropClients: () => sockets.forEach((s) => s.destroy()),
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}

describe('connectBroker', () => {
  const { logger, text } = createCapturedLogger();
  const topics = ['svc/server'];

  it('sends an empty username and the broker token as password, with a clean session', async () => {
    const broker = fakeBroker();
    const port = await broker.listen();
    const conn = await connectBroker({ host: '127.0.0.1', port, token: new Secret('tok-3f9a') }, { topics, logger, onMessage: () => undefined });
    expect(broker.connects).toEqual([{ protocolLevel: 4, cleanSession: true, clientId: '', username: '', password: 'tok-3f9a' }]);
    await conn.close();
    await broker.close();
    expect(text()).not.toContain('tok-3f9a');
  });

  it('connects over TLS, trusting the CA file, and reconnects with a fresh CONNECT after a drop', async () => {
    const pems = await generate([{ name: 'commonName', value: 'broker.test' }], {
      keySize: 2048,
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-ca-'));
    const caFile = path.join(dir, 'ca.pem');
    fs.writeFileSync(caFile, pems.cert);
    const broker = fakeBroker({ key: pems.private, cert: pems.cert });
    const port = await broker.listen();
    let subscribed = 0;
    const conn = await connectBroker(
      { host: '127.0.0.1', port, token: 'tls-token', caFile, reconnectMinMs: 50 },
      { topics, logger, onMessage: () => undefined, onSubscribed: () => (subscribed += 1) },
    );
    expect(broker.connects[0]?.password).toBe('tls-token');
    broker.dropClients();
    const deadline = Date.now() + 5000;
    while (subscribed < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(subscribed).toBe(2);
    expect(broker.connects).toHaveLength(2);
    await conn.close();
    await broker.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rejects a broker whose certificate the CA file does not vouch for', async () => {
    const [served, other] = await Promise.all([generate(undefined, { keySize: 2048 }), generate(undefined, { keySize: 2048 })]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-ca-'));
    const caFile = path.join(dir, 'other-ca.pem');
    fs.writeFileSync(caFile, other.cert);
    const broker = fakeBroker({ key: served.private, cert: served.cert });
    const port = await broker.listen();
    await expect(connectBroker({ host: '127.0.0.1', port, caFile, connectTimeoutSeconds: 1 }, { topics, logger, onMessage: () => undefined })).rejects.toThrow(
      /Could not connect to the message broker at 127\.0\.0\.1:\d+ within 1 s/,
    );
    expect(broker.connects).toHaveLength(0);
    await broker.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives up on the first connection after the connect timeout, naming the broker and the cause', async () => {
    const unused = net.createServer();
    const port = await new Promise<number>((resolve) => unused.listen(0, '127.0.0.1', () => resolve((unused.address() as net.AddressInfo).port)));
    await new Promise((r) => unused.close(r));
    await expect(
      connectBroker({ host: '127.0.0.1', port, connectTimeoutSeconds: 1, reconnectMinMs: 100 }, { topics, logger, onMessage: () => undefined }),
    ).rejects.toThrow(/within 1 s: .*ECONNREFUSED/);
  });
});
