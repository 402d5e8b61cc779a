/**
 * Real child processes and state waits for the sync tests: `spawnTsx` runs a program of the repository
 * (`npx tsx <script> …`, e.g. main/headless.ts, test/district/cli.ts) in its own process group, so a
 * SIGKILL takes the real program as a crash would; `waitFor` polls a state (never a fixed sleep as an
 * assertion). Used by faults.test.ts and test/sync-kinds/converge.test.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.resolve(__dirname, '../..');
/** Every wait polls this often… */
const POLL_MS = 50;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every POLL_MS; fails after `timeoutMs` with what `explain` says about the state. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, explain?: () => Promise<string> | string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${explain ? `: ${await explain()}` : ''}`);
    await sleep(POLL_MS);
  }
}
export interface Child {
  readonly process: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Signals the whole process group (npx → tsx → node): a crash takes them all. */
  kill(signal: NodeJS.Signals): void;
  groupGone(timeoutMs: number): Promise<void>;
}

/**
 * `npx tsx <script> …args` in its own process group, so a SIGKILL reaches the real program; `cleanups`
 * gets a kill of the group for the test's end.
 */
export function spawnTsx(script: string, args: readonly string[], cleanups: (() => Promise<void> | void)[]): Child {
  const child = spawn('npx', ['tsx', script, ...args], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 500) lines.splice(0, lines.length - 500);
      for (const w of [...waiters]) w();
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let gone = false;
  let exitInfo = '';
  void exited.then((e) => {
    gone = true;
    exitInfo = `code ${e.code}, signal ${e.signal}`;
    for (const w of [...waiters]) w();
  });
  /** Resolves when no process of the group is left (npx exits before the program it started). */
  const groupGone = async (timeoutMs: number): Promise<void> => {
    await waitFor(
      `${script} to exit`,
      () => {
        try {
          process.kill(-child.pid!, 0);
          return false;
        } catch {
          return true;
        }
      },
      timeoutMs,
    );
  };
  const kill = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  cleanups.push(async () => {
    kill('SIGKILL');
    await Promise.race([exited, sleep(3000)]);
  });
  return {
    process: child,
    lines,
    exited,
    kill,
    groupGone,
    waitLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const hit = lines.find((l) => pattern.test(l));
          if (hit) {
            done();
            resolve(hit);
          } else if (gone) {
            done();
            reject(new Error(`${script} exited (${exitInfo}) before printing ${pattern}; output:\n${lines.join('\n')}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${script} did not print ${pattern} within ${timeoutMs} ms; output:\n${lines.join('\n')}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}
