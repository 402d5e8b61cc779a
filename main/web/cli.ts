/**
 * `npm run web` (and `npm start` without an Electron binary): the core in Node and the console
 * served on 127.0.0.1. Options: --data DIR --port N --host ADDR --manual-clock [ISO] --console-token T
 * --demo (`--demo`: an empty data folder gets the demo town; without it, the first start's set-up flow)
 * and the district link: --upstream URL --token T [--town CODE] (saved as on 系统设置 → 上级联网).
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../core/app-core';
import { ManualClock, systemClock } from '../core/kernel/clock';
import { runMain, stopOnSignals } from '../cli-support';
import { startWebConsole } from './server';
import { startWallAccess } from './wall-access';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: path.resolve('.data') },
      port: { type: 'string', default: '5870' },
      host: { type: 'string', default: '127.0.0.1' },
      renderer: { type: 'string', default: path.resolve('out/renderer') },
      'manual-clock': { type: 'string' },
      'console-token': { type: 'string' },
      upstream: { type: 'string' },
      token: { type: 'string' },
      town: { type: 'string' },
      demo: { type: 'boolean', default: false },
    },
  });
  const manual = values['manual-clock'];
  const clock = manual !== undefined ? new ManualClock(manual || new Date()) : systemClock;
  // The page is served while the core checks and opens the database: the browser loads the
  // console meanwhile and connects when the core is ready (cold start).
  const starting = createCore({ dataDir: path.resolve(values.data), clock, sweepIntervalMs: 5000, demo: values.demo });
  const web = await startWebConsole(starting, {
    port: Number(values.port),
    host: values.host,
    rendererDir: values.renderer,
    token: values['console-token'],
  });
  if (values.host !== '127.0.0.1' && values.host !== 'localhost' && values.host !== '::1') {
    console.warn(`warning: the console listens on ${values.host}, not only on this machine`);
  }
  // The address can be opened at once: the page loads and connects when the core is ready.
  console.log(`Duty Desk web console: ${web.url}`);
  let core;
  try {
    core = await starting;
  } catch (error) {
    await web.close();
    throw error;
  }
  // `--upstream URL --token T`: the district link, saved and started as the settings page does.
  if (values.upstream) {
    const linked = await core.link.useFromCommandLine({ upstream: values.upstream, token: values.token, townCode: values.town });
    console.log(`district link: ${linked.upstream} (town ${linked.townCode}), sync ${linked.running ? 'started' : 'waits for the set-up'}`);
  } else if (values.token || values.town) {
    console.warn('warning: --token and --town belong with --upstream; ignored');
  }
  // Wall screens for browsers on other machines: only while an admin has turned it on (off by default).
  const wallAccess = startWallAccess(core, { rendererDir: values.renderer });
  // Tools on this machine (the simulator) find the running console here; readable by this user only.
  const connectionFile = path.join(path.resolve(values.data), 'web-console.json');
  writeFileSync(connectionFile, JSON.stringify({ url: web.url, port: web.port, token: web.token, pid: process.pid }), { mode: 0o600 });
  stopOnSignals(async () => {
    rmSync(connectionFile, { force: true });
    await wallAccess.close();
    await web.close();
    await core.close();
  });
}

runMain(main);
