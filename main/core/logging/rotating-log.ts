/**
 * The main process's log file: one line per entry, stamped with the time, the level, the app
 * version and the process id, rotated by size (`main.log` → `main.1.log` → … → dropped) so weeks
 * of running never fill the disk. Writes are synchronous on purpose: the entry that matters most is
 * the last one before a crash.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { redacted } from './redact';

export type LogLevel = 'error' | 'warn' | 'info';

export interface RotatingLogOptions {
  /** Folder of the log files (created if missing). */
  dir: string;
  /** The app's version, written on every line. */
  appVersion: string;
  /** File name without extension (default `main`: `main.log`, `main.1.log`, …). */
  baseName?: string;
  /** Rotate when the current file would grow past this many bytes (default 1 MiB). */
  maxBytes?: number;
  /** How many rotated files to keep besides the current one (default 5). */
  keep?: number;
  /** The time source (tests pass a fixed one). */
  now?: () => Date;
}

/** The longest single entry written; a runaway message must not rotate every other entry away. */
const MAX_ENTRY_CHARS = 64 * 1024;

export class RotatingLog {
  readonly dir: string;
  readonly appVersion: string;
  private readonly baseName: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly now: () => Date;
  private size: number;

  constructor(options: RotatingLogOptions) {
    this.dir = options.dir;
    this.appVersion = options.appVersion;
    this.baseName = options.baseName ?? 'main';
    this.maxBytes = Math.max(1024, options.maxBytes ?? 1024 * 1024);
    this.keep = Math.max(0, options.keep ?? 5);
    this.now = options.now ?? (() => new Date());
    mkdirSync(this.dir, { recursive: true });
    this.size = existsSync(this.file) ? statSync(this.file).size : 0;
  }

  /** The file being written now. */
  get file(): string {
    return this.fileAt(0);
  }

  /** `main.log` for 0, `main.N.log` for the Nth rotated file (1 is the most recent). */
  fileAt(index: number): string {
    return path.join(this.dir, index === 0 ? `${this.baseName}.log` : `${this.baseName}.${index}.log`);
  }

  error(message: string, ...details: unknown[]): void {
    this.write('error', message, details);
  }

  warn(message: string, ...details: unknown[]): void {
    this.write('warn', message, details);
  }

  info(message: string, ...details: unknown[]): void {
    this.write('info', message, details);
  }

  write(level: LogLevel, message: string, details: readonly unknown[] = []): void {
    const body = [message, ...details.map(describe)].join(' ');
    const clipped = body.length > MAX_ENTRY_CHARS ? `${body.slice(0, MAX_ENTRY_CHARS)}… (${body.length - MAX_ENTRY_CHARS} more chars)` : body;
    const line = `${this.now().toISOString()} [${level}] [v${this.appVersion} pid ${process.pid}] ${clipped}\n`;
    const bytes = Buffer.byteLength(line);
    try {
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      appendFileSync(this.file, line);
      this.size += bytes;
    } catch {
      // A full or read-only disk must not take the app down with it; stderr still has the line.
      process.stderr.write(line);
    }
  }

  private rotate(): void {
    rmSync(this.fileAt(this.keep), { force: true });
    for (let i = this.keep - 1; i >= 0; i--) {
      if (existsSync(this.fileAt(i))) renameSync(this.fileAt(i), this.fileAt(i + 1));
    }
    if (this.keep === 0) rmSync(this.file, { force: true });
    this.size = 0;
  }
}

function describe(raw: unknown): string {
  const value = redacted(raw);
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  return inspect(value, { depth: 4, breakLength: Infinity });
}

export interface ProcessLike {
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

export interface ConsoleLike {
  error(...args: unknown[]): void;
  warn(...args: unknown[]): void;
}

/**
 * Sends the process's uncaught errors and every console.error/console.warn (the core reports its
 * own failures there) to the log as well as to the console. Returns a function that undoes the
 * console part (tests).
 */
export function captureProcessErrors(log: RotatingLog, proc: ProcessLike = process, cons: ConsoleLike = console): () => void {
  proc.on('uncaughtException', (error) => log.error('uncaught exception', error));
  proc.on('unhandledRejection', (reason) => log.error('unhandled rejection', reason));
  const original = { error: cons.error, warn: cons.warn };
  cons.error = (...raw: unknown[]) => {
    const args = raw.map(redacted);
    log.write('error', args.length > 0 ? describe(args[0]) : '', args.slice(1));
    original.error.apply(cons, args);
  };
  cons.warn = (...args: unknown[]) => {
    log.write('warn', args.length > 0 ? describe(args[0]) : '', args.slice(1));
    original.warn.apply(cons, args);
  };
  return () => {
    cons.error = original.error;
    cons.warn = original.warn;
  };
}
