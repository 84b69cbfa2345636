import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { turnBatchedDestination } from './turnBatchedDestination';

describe('turnBatchedDestination', () => {
  const fds: number[] = [];
  afterEach(() => { for (const fd of fds.splice(0)) closeSync(fd); });

  function logFile() {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'cordon-log-')), 'server.log');
    const fd = openSync(file, 'a');
    fds.push(fd);
    return { fd, read: () => readFileSync(file, 'utf8') };
  }

  it('writes the lines of one turn together at its end, in order, and every later turn too', async () => {
    const { fd, read } = logFile();
    const log = pino({ base: null }, turnBatchedDestination(fd));
    log.info('first');
    log.info('second');
    log.warn('third');
    expect(read()).toBe(''); // still this turn
    await nextTurn();
    expect(read().trim().split('\n').map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['first', 'second', 'third']);
    log.info('fourth');
    await nextTurn();
    expect(read().trim().split('\n')).toHaveLength(4);
    expect(read()).toContain('"msg":"fourth"');
  });

  it('writes what it holds on flushSync (as pino does when the process exits)', () => {
    const { fd, read } = logFile();
    const destination = turnBatchedDestination(fd);
    destination.write('{"msg":"held"}\n');
    destination.flushSync();
    expect(read()).toBe('{"msg":"held"}\n');
  });

  it('writes what a turn holds when the process exits in that same turn', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'cordon-log-')), 'server.log');
    const script = `
      const { openSync } = require('node:fs');
      import(${JSON.stringify(path.join(import.meta.dirname, 'turnBatchedDestination.ts'))}).then(({ turnBatchedDestination }) => {
        const destination = turnBatchedDestination(openSync(${JSON.stringify(file)}, 'a'));
        destination.write('{"msg":"last words"}\\n');
        process.exit(3);
      });`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(3);
    expect(readFileSync(file, 'utf8')).toBe('{"msg":"last words"}\n');
  });
});
