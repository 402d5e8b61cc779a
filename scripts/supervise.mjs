// What the npm scripts that start a long-running child share: stopping the script stops the child.
//
// Three ways a script gets stopped, and what each needs:
// - Ctrl-C in a terminal: SIGINT reaches the whole foreground process group, the child included.
//   We forward it anyway (the child may be in another group); every child here stops once on the first
//   signal and ignores a second, so the duplicate is harmless.
// - SIGINT/SIGTERM/SIGHUP sent to this process alone (a supervisor, `kill <pid>`): forwarded to the child.
// - SIGTERM sent to npm (a CI runner, `timeout`, a test harness): npm passes it to the `sh -c` it runs
//   the script in, and sh dies without passing it on. Nothing tells us, except that our parent changes:
//   we watch for that and stop the child as if we had received SIGTERM.
// In every case this process exits when the child has exited, with the child's status.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];

// Read at load time, before any slow work (a build), so an orphaning during that work is noticed too.
const originalParent = process.ppid;

/** Spawns `command args` with the terminal shared, and resolves with its exit (code, signal). */
export function run(command, args, options = {}) {
  const child = spawn(command, args, { stdio: 'inherit', ...options });
  const stopChild = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const handlers = FORWARDED.map((signal) => {
    const handler = () => stopChild(signal);
    process.on(signal, handler);
    return [signal, handler];
  });
  const orphanWatch = setInterval(() => {
    if (process.ppid !== originalParent) {
      clearInterval(orphanWatch);
      stopChild('SIGTERM');
    }
  }, 250);
  return new Promise((resolve) => {
    const done = (code, signal) => {
      clearInterval(orphanWatch);
      for (const [signal, handler] of handlers) process.off(signal, handler);
      resolve({ code, signal });
    };
    child.once('error', (error) => {
      console.error(`${command}: ${error.message}`);
      done(1, null);
    });
    child.once('exit', done);
  });
}

/** Exits this process the way the child ended: its exit code, or 128 + the signal that ended it. */
export function exitLike({ code, signal }) {
  process.exit(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1));
}

/** Runs a command as this script's one child and exits with it. */
export async function runAndExit(command, args, options) {
  exitLike(await run(command, args, options));
}
