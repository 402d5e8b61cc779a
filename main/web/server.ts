/**
 * The web console: the renderer's built files and the API over a WebSocket, on 127.0.0.1 by
 * default. Every WebSocket must present the per-run token; each socket is one signed-in session.
 * The handlers are main/ipc/handlers.ts — the same ones Electron's IPC uses.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Core } from '../core/app-core';
import { callApi, type CallOptions, type Session } from '../ipc/handlers';
import { WALL_VIEWER_CHANNELS } from '../../preload/contract/wall-schemas';
import type { WallBinding } from '../core/wall/wall.service';
import { mimeTypeOf } from './app-scheme';
import { CONTENT_SECURITY_POLICY, contentSecurityPolicy } from './csp';

export interface WebConsoleOptions {
  port?: number;
  /** 127.0.0.1 unless the admin explicitly allows more. */
  host?: string;
  /** Folder with the built renderer (index.html). */
  rendererDir: string;
  token?: string;
  /** Largest WebSocket message accepted, in bytes. */
  maxMessageBytes?: number;
  callOptions?: CallOptions;
  /**
   * Serve wall screens only: the console's token is not accepted here, only per-screen wall tokens,
   * and those connections may only read the cockpit (the listener a wall PC on the network uses).
   */
  wallOnly?: boolean;
}

export interface WebConsole {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Starts serving. `core` may still be starting (a promise): the page is served at once and the
 * browser loads the console while the core checks and opens the database (cold start); sockets
 * are answered once the core is there. If the core fails to start, sockets are refused.
 */
export async function startWebConsole(coreOrStarting: Core | Promise<Core>, options: WebConsoleOptions): Promise<WebConsole> {
  const starting = Promise.resolve(coreOrStarting);
  // Handled here so that a failed start is not an unhandled rejection; the caller sees it too.
  starting.catch(() => undefined);
  const token = options.token ?? randomBytes(24).toString('base64url');
  const host = options.host ?? '127.0.0.1';
  const root = path.resolve(options.rendererDir);
  if (!existsSync(path.join(root, 'index.html'))) {
    throw new Error(`no built console in ${root}: run \`npm run build\` first`);
  }

  // The page's socket goes back to the address it was loaded from: this console's own port, under the
  // name the browser used (127.0.0.1 here, the wall PC's LAN address for wall viewers). Nothing else.
  let boundPort = 0;
  // Camera tiles (issue #18): media only from the enabled cameras' stream origins, read from the
  // register once the core runs (a page served while it starts admits none until it is loaded again).
  let readyCore: Core | null = null;
  starting.then(
    (core) => void (readyCore = core),
    () => undefined,
  );
  const policyFor = (hostHeader: string | undefined, cameraOrigins: readonly string[]): string => {
    const ok = !!hostHeader && /^[A-Za-z0-9.\-]+:\d+$|^\[[0-9A-Fa-f:.]+\]:\d+$/.test(hostHeader) && hostHeader.endsWith(`:${boundPort}`);
    return ok ? contentSecurityPolicy([`ws://${hostHeader}`], cameraOrigins) : cameraOrigins.length > 0 ? contentSecurityPolicy([], cameraOrigins) : CONTENT_SECURITY_POLICY;
  };
  const serve = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const cameraOrigins = readyCore ? await readyCore.cameras.mediaOrigins().catch(() => []) : [];
    res.setHeader('Content-Security-Policy', policyFor(req.headers.host, cameraOrigins));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    // A page whose socket was refused asks here, over plain HTTP, whether its token still opens
    // anything: 401 (revoked or wrong: the page says what to do and stops retrying) or 426 (valid:
    // open the socket again). It answers no more than the upgrade does.
    if (url.pathname === '/ws') {
      const given = url.searchParams.get('token');
      const answer = (status: number): void => void res.writeHead(status, { 'Cache-Control': 'no-store' }).end();
      if (!options.wallOnly && sameToken(given, token)) return answer(426);
      if (!given) return answer(401);
      starting.then(
        (core) => answer(core.wall.verifyToken(given) ? 426 : 401),
        () => answer(503),
      );
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.resolve(root, `.${pathname}`);
    if (!file.startsWith(root + path.sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    // The build refers to its assets relatively: under a nested client route (/wall/<layout>/<screen>)
    // the browser asks for /wall/<layout>/assets/…, which are the app's /assets/….
    const nestedAsset = /\/(assets\/[^/]+)$/.exec(pathname);
    if (nestedAsset && !existsSync(file)) file = path.resolve(root, nestedAsset[1]!);
    // Client-side routes (/, /event/…, /wall/…) all get the app's index.html.
    if (!existsSync(file) || statSync(file).isDirectory()) file = path.join(root, 'index.html');
    res.writeHead(200, {
      'Content-Type': mimeTypeOf(file),
      'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    // A file that vanishes mid-read (a rebuild, an update) must not take the console down.
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };
  const server = http.createServer((req, res) => void serve(req, res).catch(() => res.destroy()));

  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? 256 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    const hostHeader = req.headers.host;
    // A page from elsewhere must not drive the desk through the user's browser.
    const originOk = !origin || (hostHeader !== undefined && (origin === `http://${hostHeader}` || origin === `https://${hostHeader}`));
    const given = url.searchParams.get('token');
    // The console's token opens the console; a wall token opens one screen of one layout, read-only.
    const consoleToken = !options.wallOnly && sameToken(given, token);
    const refuse = (status: string): void => {
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
      socket.destroy();
    };
    if (url.pathname !== '/ws' || !originOk || (!consoleToken && !given)) {
      refuse('401 Unauthorized');
      return;
    }
    // A socket that arrives while the core is still starting waits for it (the page shows "connecting").
    starting.then(
      (core) => {
        if (socket.destroyed) return;
        const wall = consoleToken ? null : core.wall.verifyToken(given);
        if (!consoleToken && !wall) {
          refuse('401 Unauthorized');
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, core, wall));
      },
      () => refuse('503 Service Unavailable'),
    );
  });

  // A revoked wall token ends its screens' connections at once.
  const wallSockets = new Map<WebSocket, string>();
  let offRevoked: () => void = () => undefined;
  let closed = false;
  starting.then(
    (core) => {
      if (closed) return;
      offRevoked = core.wall.onRevoked((ids) => {
        for (const [ws, tokenId] of wallSockets) if (ids.includes(tokenId)) ws.close(4001, 'wall token revoked');
      });
    },
    () => undefined,
  );

  wss.on('connection', (ws: WebSocket, req: http.IncomingMessage, core: Core, wall: WallBinding | null) => {
    // The remote address: sign-in failures back off per address (an IPv4 peer on a dual-stack socket as its IPv4).
    const address = (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
    const session: Session = { actor: wall ? core.wall.viewerActor(wall) : null, address };
    if (wall) {
      wallSockets.set(ws, wall.tokenId);
      ws.on('close', () => wallSockets.delete(ws));
      void core.wall.touch(wall).catch(() => undefined);
    }
    const unsubscribe = core.feed.subscribe((message) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ feed: message }));
    });
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
    // ws does not await a listener: a failure inside one would be an unhandled rejection (which ends
    // the process), so every message is answered here, by the result or by an internal error.
    const answer = async (raw: WebSocket.RawData, isBinary: boolean): Promise<void> => {
      let id: unknown = null;
      let message: { id?: unknown; channel?: unknown; args?: unknown };
      try {
        if (isBinary) throw new Error('binary');
        message = JSON.parse(raw.toString()) as typeof message;
        if (message === null || typeof message !== 'object' || Array.isArray(message)) throw new Error('not an object');
        id = message.id;
        if (typeof id !== 'number' && typeof id !== 'string') throw new Error('no id');
      } catch {
        ws.send(JSON.stringify({ id: null, result: { ok: false, error: { code: 'bad_request', message: 'a message must be JSON {id, channel, args}' } } }));
        return;
      }
      if (wall && !WALL_VIEWER_CHANNELS.includes(String(message.channel))) {
        ws.send(
          JSON.stringify({ id, result: { ok: false, error: { code: 'forbidden', message: 'a wall screen may only read the cockpit', params: { permission: 'readWall' } } } }),
        );
        return;
      }
      const result = await callApi(core, session, message.channel, message.args, options.callOptions);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
    };
    ws.on('message', (raw, isBinary) => {
      answer(raw, isBinary).catch((error: unknown) => {
        console.error('a web console message failed', error);
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: null, result: { ok: false, error: { code: 'internal', message: 'internal error; see the log' } } }));
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  boundPort = port;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    async close() {
      closed = true;
      offRevoked();
      for (const client of wss.clients) client.terminate();
      wss.close();
      // close() alone waits for every request in flight, and a page still open keeps one there
      // (the fixture that owns this server may be torn down before the page): end them all.
      const ended = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await ended;
    },
  };
}
