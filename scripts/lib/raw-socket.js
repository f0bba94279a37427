// Raw bytes to the headless host, the way a hostile or broken client sends them: for the host's
// survival tests (tests/helpers/spawned-host.ts) and the hardening scripts (scripts/hardening).
import { connect } from 'node:net';

/** Writes `bytes`, collects the reply until the server closes or `waitMs` passes. */
export function rawExchange(port, bytes, waitMs = 2000) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks = [];
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks));
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', finish);
    socket.on('close', finish);
    socket.write(bytes);
  });
}

/** The status code of the first HTTP response in `reply`, or null. */
export function statusOf(reply) {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(reply.toString('latin1'));
  return match ? Number(match[1]) : null;
}

/** A WebSocket frame as a client writes it, with switches to break each rule. */
export function wsFrame(opcode, payload, { mask = true, rsv = 0, fin = true, lengthOverride } = {}) {
  const first = (fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f);
  const length = lengthOverride ?? payload.length;
  let lengthBytes;
  if (length < 126) lengthBytes = Buffer.from([(mask ? 0x80 : 0) | length]);
  else if (length < 65536) lengthBytes = Buffer.from([(mask ? 0x80 : 0) | 126, length >> 8, length & 0xff]);
  else {
    lengthBytes = Buffer.alloc(9);
    lengthBytes[0] = (mask ? 0x80 : 0) | 127;
    lengthBytes.writeBigUInt64BE(BigInt(length), 1);
  }
  if (!mask) return Buffer.concat([Buffer.from([first]), lengthBytes, payload]);
  const key = Buffer.from([0x3a, 0x91, 0x5c, 0x07]);
  return Buffer.concat([Buffer.from([first]), lengthBytes, key, Buffer.from(payload.map((b, i) => b ^ key[i % 4]))]);
}

/** The HTTP upgrade request for the API WebSocket, authenticated by bearer token. */
export function wsHandshake(port, token) {
  return (
    `GET /api/ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${token}\r\n\r\n`
  );
}
