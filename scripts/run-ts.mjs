// `node scripts/run-ts.mjs <entry.ts> [args…]`: runs a TypeScript entry point as `tsx <entry.ts>` does
// (`node --import tsx`, the same loader), as this script's child, so that stopping the npm script stops
// the program too: see supervise.mjs. The npm scripts that start a program (web, simulate, bench,
// district, headless …) go through here rather than calling tsx themselves.
import { runAndExit } from './supervise.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <entry.ts> [args…]');
  process.exit(2);
}
await runAndExit(process.execPath, ['--import', 'tsx', entry, ...args]);
