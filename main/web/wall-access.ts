/**
 * Wall pages for other machines: when (and only while) an admin has turned on the wall setting
 * `lanEnabled`, a second listener serves the renderer on 0.0.0.0 in wall-only mode — it accepts
 * per-screen wall tokens and nothing else (never the console's token, never a sign-in), so a wall
 * PC with only a browser can show its screen while the console itself stays on 127.0.0.1.
 * Follows the setting live (feed topic `wall`); off by default.
 */
import type { Core } from '../core/app-core';
import { startWebConsole, type WebConsole } from './server';

export interface WallAccess {
  /** The address wall PCs use, while the listener runs. */
  readonly url: () => string | null;
  close(): Promise<void>;
}

export function startWallAccess(core: Core, options: { rendererDir: string; host?: string; log?: (line: string) => void }): WallAccess {
  let server: WebConsole | null = null;
  let running: { port: number } | null = null;
  let chain: Promise<void> = Promise.resolve();
  let closed = false;
  const log = options.log ?? ((line: string) => console.log(line));

  const apply = (): void => {
    chain = chain.then(async () => {
      const wanted = closed ? null : core.wall.currentSettings();
      const want = wanted?.lanEnabled ? { port: wanted.lanPort } : null;
      if (running && want && running.port === want.port) return;
      if (server) {
        await server.close();
        log(`wall pages no longer served to the network (port ${running?.port})`);
        server = null;
        running = null;
      }
      if (!want) return;
      try {
        server = await startWebConsole(core, { rendererDir: options.rendererDir, host: options.host ?? '0.0.0.0', port: want.port, wallOnly: true });
        running = want;
        log(`wall pages served to the network on port ${want.port} (wall tokens only)`);
      } catch (error) {
        log(`could not serve wall pages on port ${want.port}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  };

  const off = core.feed.subscribe((message) => {
    if (message.topic === 'wall' && message.layoutId === null) apply();
  });
  apply();

  return {
    url: () => (server ? server.url.replace(/\?token=.*$/, '') : null),
    async close() {
      closed = true;
      off();
      apply();
      await chain;
    },
  };
}
