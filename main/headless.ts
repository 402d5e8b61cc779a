/**
 * `npm run headless -- --data <dir> --upstream <url> --token <token> --town <code> [--node <uuid>] [--demo]`:
 * the core and the sync worker with no window, for soak tests, benchmarks and servers.
 * Prints one JSON status line every --status-every seconds (default 10) and on SIGTERM stops cleanly.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from './core/app-core';
import { runMain, stopOnSignals } from './cli-support';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      upstream: { type: 'string' },
      token: { type: 'string' },
      town: { type: 'string' },
      node: { type: 'string' },
      demo: { type: 'boolean', default: false },
      'status-every': { type: 'string', default: '10' },
    },
  });
  const missing = (['data', 'upstream', 'token', 'town'] as const).filter((k) => !values[k]);
  if (missing.length > 0) {
    console.error(`usage: npm run headless -- --data <dir> --upstream <url> --token <token> --town <code> [--node <uuid>]; missing ${missing.map((m) => `--${m}`).join(', ')}`);
    process.exit(2);
  }
  const core = await createCore({
    dataDir: path.resolve(values.data!),
    nodeId: values.node,
    demo: values.demo,
    sync: { upstream: values.upstream!, token: values.token!, townCode: values.town! },
  });
  console.log(JSON.stringify({ ready: true, nodeId: core.nodeId, townCode: core.town.town.townCode, db: core.dbFile }));
  const every = Number(values['status-every']) * 1000;
  const timer = every > 0 ? setInterval(() => void core.sync!.status().then((s) => console.log(JSON.stringify(s))), every) : null;
  stopOnSignals(async () => {
    if (timer) clearInterval(timer);
    await core.close();
  });
}

runMain(main);
