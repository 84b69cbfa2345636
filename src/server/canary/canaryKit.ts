import { randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { expect } from 'vitest';

/**
 * The canary tests' tools: unique markers, a log stream that keeps every line, a record of
 * every surface a marker could leak into (responses, errors, exports, logs, the store), and a
 * fake database server that echoes the password it receives back in its error message.
 */

/** A unique marker; its random hex part is searched too, so a re-cased or re-wrapped copy is found. */
export interface Marker {
  text: string;
  /** The random part alone. */
  tail: string;
}

export function marker(prefix: 'CANARY_SECRET' | 'CANARY_VALUE' | 'CANARY_TOKEN' | 'CANARY_APIKEY'): Marker {
  const tail = randomBytes(8).toString('hex');
  return { text: `${prefix}_${tail}`, tail };
}

/** Every log line the app writes (pino JSON), at the level the app runs with. */
export function captureLog(): { stream: Writable; text(): string; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
  return { stream, lines, text: () => lines.join('') };
}

/** Named pieces of text a marker must not be in (or, for the listed exceptions, may be in). */
export class Surfaces {
  readonly entries: Array<{ label: string; text: string }> = [];

  add(label: string, text: string | Buffer): void {
    this.entries.push({ label, text: typeof text === 'string' ? text : text.toString('latin1') });
  }

  /** The labels of the surfaces holding the marker, except `allowed` ones. */
  find(m: Marker, allowed: readonly string[] = []): string[] {
    return this.entries
      .filter((entry) => !allowed.includes(entry.label))
      .filter((entry) => entry.text.includes(m.tail) || entry.text.toLowerCase().includes(m.tail.toLowerCase()))
      .map((entry) => entry.label);
  }

  /** Fails with the labels of every surface holding the marker, except `allowed` ones. */
  expectAbsent(m: Marker, allowed: readonly string[] = []): void {
    expect(this.find(m, allowed), `${m.text.split('_').slice(0, 2).join('_')} found in`).toEqual([]);
  }

  /** How many surfaces were recorded (so a test proves it looked at many). */
  get size(): number {
    return this.entries.length;
  }
}

/**
 * The store as text: every row of every table (through the app's own connection), plus, for
 * SQLite, the raw bytes of the database file, its write-ahead log and shared memory (deleted
 * rows can linger in free pages, which a SELECT does not show).
 */
export async function storeSurfaces(app: FastifyInstance, dataDir: string): Promise<Array<{ label: string; text: string | Buffer }>> {
  const tables = app.storeDialect === 'sqlite'
    ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(app.db)).rows.map((r) => r.name)
    : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(app.db)).rows.map((r) => r.name);
  expect(tables).toContain('datasources');
  const surfaces: Array<{ label: string; text: string | Buffer }> = [];
  for (const table of tables) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(app.db)).rows;
    surfaces.push({ label: `store table ${table}`, text: JSON.stringify(rows) });
  }
  if (app.storeDialect === 'sqlite') {
    const files = (await readdir(dataDir)).filter((f) => f.startsWith('cordon.db'));
    expect(files).toContain('cordon.db');
    for (const file of files) surfaces.push({ label: `store file ${file}`, text: await readFile(path.join(dataDir, file)) });
  }
  return surfaces;
}

/**
 * A fake PostgreSQL server: asks for a cleartext password, then refuses the login with an
 * ErrorResponse whose message, detail and hint all quote the password it received. A driver
 * that shows the server's message must mask it. `received` proves the password was sent.
 */
export async function startPasswordEchoServer(sqlState: string): Promise<{ port: number; received: string[]; close(): Promise<void> }> {
  const received: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffer = Buffer.alloc(0);
    let started = false;
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          if (buffer.length < 8 || buffer.length < buffer.readInt32BE(0)) return;
          const code = buffer.readInt32BE(4);
          buffer = buffer.subarray(buffer.readInt32BE(0));
          if (code === 80877103 || code === 80877104) { socket.write('N'); continue; } // SSL / GSS request: not here
          started = true;
          socket.write(message('R', int32(3))); // AuthenticationCleartextPassword
          continue;
        }
        if (buffer.length < 5 || buffer.length < 1 + buffer.readInt32BE(1)) return;
        const type = String.fromCharCode(buffer[0]!);
        const payload = buffer.subarray(5, 1 + buffer.readInt32BE(1));
        buffer = buffer.subarray(1 + buffer.readInt32BE(1));
        if (type !== 'p') continue;
        const password = payload.toString('utf8').replace(/\0$/, '');
        received.push(password);
        const fields = [['S', 'FATAL'], ['V', 'FATAL'], ['C', sqlState], ['M', `login refused, you sent the password "${password}"`], ['D', `password=${password}`], ['H', `try another than ${password}`]];
        socket.end(message('E', Buffer.concat([...fields.map(([k, v]) => Buffer.from(`${k}${v}\0`, 'utf8')), Buffer.from([0])])));
        return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
}

function message(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
}
