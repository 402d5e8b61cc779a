/** The main-process log: every line carries the version; the files rotate by size and never pile up. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureProcessErrors, RotatingLog } from '../../main/core/logging/rotating-log';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('RotatingLog', () => {
  it('writes time, level, version and pid on every line, with error stacks', () => {
    const log = new RotatingLog({ dir, appVersion: '1.4.2', now: () => new Date('2026-11-23T01:00:00.000Z') });
    log.error('sync failed', new Error('boom'));
    log.info('started', { port: 8080 });
    const text = readFileSync(log.file, 'utf8');
    expect(text).toContain(`2026-11-23T01:00:00.000Z [error] [v1.4.2 pid ${process.pid}] sync failed Error: boom`);
    expect(text).toMatch(/at .*rotating-log\.test\.ts/);
    expect(text).toContain('[info] [v1.4.2');
    expect(text).toContain('{ port: 8080 }');
  });

  it('rotates by size and keeps only the newest files', () => {
    const log = new RotatingLog({ dir, appVersion: '1.0.0', maxBytes: 4096, keep: 3 });
    for (let i = 0; i < 400; i++) log.warn(`line ${i} ${'x'.repeat(80)}`);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['main.1.log', 'main.2.log', 'main.3.log', 'main.log']);
    for (const f of files) expect(statSync(path.join(dir, f)).size).toBeLessThanOrEqual(4096);
    // The newest entry is in main.log, the one before it at the end of main.1.log: nothing lost in between.
    expect(readFileSync(log.file, 'utf8').trim().split('\n').at(-1)).toContain('line 399');
    const current = readFileSync(log.file, 'utf8').trim().split('\n');
    const firstInCurrent = Number(/line (\d+)/.exec(current[0]!)![1]);
    const previous = readFileSync(log.fileAt(1), 'utf8').trim().split('\n');
    expect(previous.at(-1)).toContain(`line ${firstInCurrent - 1} `);
  });

  it('continues an existing file after a restart and rotates it when it is full', () => {
    writeFileSync(path.join(dir, 'main.log'), 'x'.repeat(3000) + '\n');
    const log = new RotatingLog({ dir, appVersion: '2.0.0', maxBytes: 3040, keep: 2 });
    log.info('after restart');
    expect(existsSync(log.fileAt(1))).toBe(true);
    expect(readFileSync(log.file, 'utf8')).toContain('[v2.0.0');
  });

  it('clips a runaway entry', () => {
    const log = new RotatingLog({ dir, appVersion: '1.0.0', maxBytes: 1024 * 1024 });
    log.error('huge', 'y'.repeat(500_000));
    expect(statSync(log.file).size).toBeLessThan(70_000);
    expect(readFileSync(log.file, 'utf8')).toMatch(/more chars\)/);
  });

  it('captures uncaught errors, rejections and console.error/warn', () => {
    const log = new RotatingLog({ dir, appVersion: '3.1.0' });
    const handlers = new Map<string, (x: never) => void>();
    const proc = { on: (event: string, listener: (x: never) => void) => handlers.set(event, listener) };
    const seen: unknown[][] = [];
    const cons = { error: (...a: unknown[]) => seen.push(a), warn: (...a: unknown[]) => seen.push(a) };
    const undo = captureProcessErrors(log, proc as never, cons);
    handlers.get('uncaughtException')!(new Error('kaput') as never);
    handlers.get('unhandledRejection')!('nope' as never);
    cons.error('SLA sweep failed', new Error('disk'));
    cons.warn('slow');
    undo();
    cons.error('not logged');
    const text = readFileSync(log.file, 'utf8');
    expect(text).toContain('[error] [v3.1.0');
    expect(text).toContain('uncaught exception Error: kaput');
    expect(text).toContain('unhandled rejection nope');
    expect(text).toContain('SLA sweep failed Error: disk');
    expect(text).toContain('[warn] [v3.1.0');
    expect(text).not.toContain('not logged');
    // The console still gets everything.
    expect(seen.length).toBe(3);
  });
});
