/**
 * A fault-injecting HTTP proxy on 127.0.0.1 for sync tests: it sits between a console and the district
 * server and, per request, decides (from a seeded PRNG, so a failing run replays) to
 *
 *   pass         forward and answer faithfully;
 *   drop         close the client's socket without answering; the request never reaches the server;
 *   lose         forward it (the server applies it) and then close the client's socket without answering —
 *                the answer is lost, the work is done (the case that tests "exactly once");
 *   delay        wait delayMs (a random value in the range) before forwarding;
 *   duplicate    forward the same request twice, concurrently, and answer with either copy's answer;
 *   reset        forward, then send the status line, the headers and part of the body, and reset the
 *                connection (TCP RST) mid-response;
 *   unavailable  answer 503 with `Retry-After` without forwarding.
 *
 * Live streams (GET …/stream) are piped through (they may be dropped, delayed, refused, or cut after a
 * random while when `faultStreams` is on). `setOffline(true)` is the "drop everything" mode: every new
 * request is dropped and every open connection (streams too) is cut, like a pulled cable. `stall()`
 * makes every open connection silent without closing it (a half-open path: a NAT that forgot it, a
 * cable cut far away): nothing more arrives on it, not even an error; new connections work.
 *
 * Bounded and self-stopping: at most `maxConnections` sockets, bodies over `maxBodyBytes` are refused,
 * after `maxFaults` injected faults it only passes through (so a test always converges), and it closes
 * itself after `lifetimeMs` (its timers never keep a process alive).
 */
import { EventEmitter } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { seededRandom } from '../../main/core/seeded-random';

export type FaultKind = 'pass' | 'drop' | 'lose' | 'delay' | 'duplicate' | 'reset' | 'unavailable';
export type FaultRates = Partial<Record<Exclude<FaultKind, 'pass'>, number>>;

export interface FaultProxyOptions {
  /** Base URL of the server, e.g. http://127.0.0.1:8080. */
  readonly target: string;
  /** Seed of the decisions: the same seed gives the same decision for the n-th request. */
  readonly seed?: number;
  /** Fraction of requests that get each fault (their sum at most 1; the rest pass). */
  readonly rates?: FaultRates;
  /** Range of a `delay` (and of the pause before a `lose` or `reset`), in ms. */
  readonly delayMs?: readonly [number, number];
  /** The `Retry-After` of an `unavailable` answer, in seconds. */
  readonly retryAfterS?: number;
  /** Apply faults to live streams too (drop, delay, refuse, or cut after a while). */
  readonly faultStreams?: boolean;
  /** Longest a faulty stream lives before it is cut, in ms. */
  readonly streamCutMs?: readonly [number, number];
  /** After this many injected faults, pass everything (bounded chaos). Default: unbounded. */
  readonly maxFaults?: number;
  /** Close by itself after this long. Default 5 minutes. */
  readonly lifetimeMs?: number;
  readonly maxConnections?: number;
  readonly maxBodyBytes?: number;
  /** Start in the "drop everything" mode. */
  readonly offline?: boolean;
  /** Port to listen on (0: any free one). */
  readonly port?: number;
}

export interface ProxyDecision {
  readonly n: number;
  readonly method: string;
  readonly path: string;
  readonly fault: FaultKind;
  readonly stream: boolean;
}

export interface ProxyStats {
  requests: number;
  faults: number;
  byFault: Record<FaultKind, number>;
  /** Copies forwarded to the server (a duplicate counts two). */
  forwarded: number;
  upstreamErrors: number;
  streamsOpened: number;
  streamsCut: number;
}

/**
 * Events: 'decision' (ProxyDecision) for every request; 'forwarded' ({ n, method, path }) when a copy
 * of a request has been sent whole to the server and its answer is not back yet; 'answered' ({ n,
 * status }) when the server's answer for a copy arrived.
 */
export interface FaultProxy extends EventEmitter {
  readonly url: string;
  readonly port: number;
  readonly stats: ProxyStats;
  /** The last decisions (at most 2000), for a failure message or a replay. */
  readonly log: readonly ProxyDecision[];
  /** Requests (not streams) being handled now. */
  inFlight(): number;
  /** Open live streams. */
  openStreams(): number;
  /** Changes the fault rates (and other runtime knobs) from now on. */
  configure(change: Partial<Pick<FaultProxyOptions, 'rates' | 'delayMs' | 'retryAfterS' | 'faultStreams' | 'maxFaults'>>): void;
  /** Passes everything from now on (no faults). */
  passThrough(): void;
  /** "Drop everything" mode: new requests dropped, open connections (streams too) cut. */
  setOffline(offline: boolean): void;
  /** Every open connection goes silent and stays open (half-open); new ones work. */
  stall(): void;
  /** Points the proxy at another server (after a restart on another port). */
  setTarget(target: string): void;
  /** Resolves when no request is in flight and none started for `quietMs`; rejects after `timeoutMs`. */
  waitQuiet(quietMs?: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export { seededRandom };

const FAULT_ORDER: readonly Exclude<FaultKind, 'pass'>[] = ['drop', 'lose', 'delay', 'duplicate', 'reset', 'unavailable'];
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host', 'upgrade', 'proxy-connection', 'te', 'trailer']);

interface Upstream {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let target = new URL(options.target);
  let rates: FaultRates = { ...(options.rates ?? {}) };
  let delayMs = options.delayMs ?? [20, 200];
  let retryAfterS = options.retryAfterS ?? 1;
  let faultStreams = options.faultStreams ?? false;
  let maxFaults = options.maxFaults ?? Number.POSITIVE_INFINITY;
  const streamCutMs = options.streamCutMs ?? [200, 3000];
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const random = seededRandom(options.seed ?? 1);
  let offline = options.offline ?? false;
  let closed = false;

  const emitter = new EventEmitter() as FaultProxy & EventEmitter;
  const stats: ProxyStats = {
    requests: 0,
    faults: 0,
    byFault: { pass: 0, drop: 0, lose: 0, delay: 0, duplicate: 0, reset: 0, unavailable: 0 },
    forwarded: 0,
    upstreamErrors: 0,
    streamsOpened: 0,
    streamsCut: 0,
  };
  const log: ProxyDecision[] = [];
  const sockets = new Set<Socket>();
  const streamSockets = new Set<Socket>();
  /** Sockets made silent by stall(): nothing is written to them again, they are never closed by us. */
  const stalled = new WeakSet<Socket>();
  const upstreamRequests = new Set<http.ClientRequest>();
  let inFlight = 0;
  let lastActivity = Date.now();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  const between = (range: readonly [number, number]): number => range[0] + Math.floor(random() * (range[1] - range[0] + 1));

  function decide(n: number, method: string, path: string, stream: boolean): FaultKind {
    // One draw per request always, so the n-th decision depends only on the seed and the rates.
    const draw = random();
    let fault: FaultKind = 'pass';
    if (offline) fault = 'drop';
    else if (stats.faults < maxFaults) {
      let edge = 0;
      for (const kind of FAULT_ORDER) {
        edge += rates[kind] ?? 0;
        if (draw < edge) {
          fault = kind;
          break;
        }
      }
      // A stream is a long GET: duplicating it or "losing" it mean nothing more than a cut.
      if (stream && (fault === 'duplicate' || fault === 'lose')) fault = 'reset';
      if (stream && !faultStreams) fault = 'pass';
    }
    if (fault !== 'pass' && !offline) stats.faults += 1;
    stats.byFault[fault] += 1;
    const decision = { n, method, path, fault, stream };
    log.push(decision);
    if (log.length > 2000) log.splice(0, log.length - 2000);
    emitter.emit('decision', decision);
    return fault;
  }

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      t.unref();
    });

  async function readBody(req: IncomingMessage): Promise<Buffer | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBodyBytes) return null;
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks, size);
  }

  function forwardHeaders(req: IncomingMessage, body: Buffer | null): http.OutgoingHttpHeaders {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(key) && value !== undefined) headers[key] = value;
    }
    headers.host = target.host;
    if (body) headers['content-length'] = String(body.length);
    return headers;
  }

  /** Sends one copy of the request to the server and buffers its whole answer. */
  function forward(n: number, req: IncomingMessage, body: Buffer): Promise<Upstream> {
    return new Promise((resolve, reject) => {
      const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: forwardHeaders(req, body), agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          upstreamRequests.delete(up);
          emitter.emit('answered', { n, status: res.statusCode ?? 0 });
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      });
      upstreamRequests.add(up);
      up.on('error', (error) => {
        upstreamRequests.delete(up);
        reject(error);
      });
      stats.forwarded += 1;
      up.end(body, () => emitter.emit('forwarded', { n, method: req.method, path: req.url }));
    });
  }

  function answer(res: ServerResponse, upstream: Upstream): void {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [key, value] of Object.entries(upstream.headers)) {
      if (!HOP_BY_HOP.has(key) && value !== undefined) headers[key] = value;
    }
    headers['content-length'] = String(upstream.body.length);
    res.writeHead(upstream.status, headers);
    res.end(upstream.body);
  }

  function kill(socket: Socket): void {
    if (socket.destroyed) return;
    // A reset, not a polite FIN: what a crashed peer or a cut cable looks like.
    if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket.destroy();
  }

  async function handleRequest(n: number, req: IncomingMessage, res: ServerResponse, fault: FaultKind): Promise<void> {
    const body = await readBody(req);
    if (body === null) {
      res.writeHead(413, { 'Content-Type': 'application/json' });
      res.end('{"error":{"code":"proxy_body_too_large","message":"body over the proxy limit"}}');
      return;
    }
    switch (fault) {
      case 'drop':
        kill(req.socket);
        return;
      case 'unavailable':
        res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': String(retryAfterS) });
        res.end('{"error":{"code":"proxy_busy","message":"injected 503"}}');
        return;
      case 'delay':
        await sleep(between(delayMs));
        break;
      default:
        break;
    }
    let upstream: Upstream;
    try {
      if (fault === 'duplicate') {
        const copies = await Promise.allSettled([forward(n, req, body), forward(n, req, body)]);
        const ok = copies.filter((c): c is PromiseFulfilledResult<Upstream> => c.status === 'fulfilled').map((c) => c.value);
        if (ok.length === 0) throw (copies[0] as PromiseRejectedResult).reason;
        upstream = ok[Math.floor(random() * ok.length)]!;
      } else {
        upstream = await forward(n, req, body);
      }
    } catch {
      stats.upstreamErrors += 1;
      if (!res.headersSent && !req.socket.destroyed) {
        res.writeHead(502, { 'Content-Type': 'application/json' });
        res.end('{"error":{"code":"bad_gateway","message":"the server did not answer"}}');
      }
      return;
    }
    if (stalled.has(req.socket)) return; // the answer never comes, the socket stays open
    if (offline || req.socket.destroyed) {
      kill(req.socket);
      return;
    }
    if (fault === 'lose') {
      // The server has done the work; the client never hears of it.
      kill(req.socket);
      return;
    }
    if (fault === 'reset') {
      const headers: http.OutgoingHttpHeaders = {};
      for (const [key, value] of Object.entries(upstream.headers)) {
        if (!HOP_BY_HOP.has(key) && value !== undefined) headers[key] = value;
      }
      headers['content-length'] = String(upstream.body.length);
      res.writeHead(upstream.status, headers);
      res.write(upstream.body.subarray(0, Math.floor(upstream.body.length / 2)));
      setImmediate(() => kill(req.socket));
      return;
    }
    answer(res, upstream);
  }

  function handleStream(n: number, req: IncomingMessage, res: ServerResponse, fault: FaultKind): void {
    const go = (): void => {
      if (stalled.has(req.socket)) return;
      if (closed || offline || req.socket.destroyed) {
        kill(req.socket);
        return;
      }
      stats.streamsOpened += 1;
      streamSockets.add(req.socket);
      const up = http.request({ host: target.hostname, port: target.port, method: 'GET', path: req.url, headers: forwardHeaders(req, null) }, (upRes) => {
        const headers: http.OutgoingHttpHeaders = {};
        for (const [key, value] of Object.entries(upRes.headers)) {
          if (!HOP_BY_HOP.has(key) && value !== undefined) headers[key] = value;
        }
        res.writeHead(upRes.statusCode ?? 502, headers);
        res.flushHeaders();
        // Stream bytes (pings included) do not count as activity for waitQuiet: only requests do.
        upRes.on('data', (chunk: Buffer) => {
          if (stalled.has(req.socket)) up.destroy();
          else res.write(chunk);
        });
        upRes.on('end', () => {
          if (!stalled.has(req.socket)) res.end();
        });
        upRes.on('error', () => {
          if (!stalled.has(req.socket)) kill(req.socket);
        });
      });
      up.on('error', () => {
        stats.upstreamErrors += 1;
        if (stalled.has(req.socket)) return;
        if (!res.headersSent && !req.socket.destroyed) {
          res.writeHead(502, { 'Content-Type': 'application/json' });
          res.end('{"error":{"code":"bad_gateway","message":"the server did not answer"}}');
        } else kill(req.socket);
      });
      up.end();
      req.socket.once('close', () => {
        streamSockets.delete(req.socket);
        up.destroy();
      });
      if (fault === 'reset') {
        const t = setTimeout(() => {
          stats.streamsCut += 1;
          kill(req.socket);
        }, between(streamCutMs));
        t.unref();
      }
    };
    switch (fault) {
      case 'drop':
        kill(req.socket);
        return;
      case 'unavailable':
        res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': String(retryAfterS) });
        res.end('{"error":{"code":"proxy_busy","message":"injected 503"}}');
        return;
      case 'delay':
        void sleep(between(delayMs)).then(go);
        return;
      default:
        go();
    }
  }

  const server = http.createServer((req, res) => {
    const n = ++stats.requests;
    lastActivity = Date.now();
    const path = req.url ?? '/';
    const stream = /\/stream(\?|$)/.test(path);
    const fault = decide(n, req.method ?? 'GET', path, stream);
    if (stalled.has(req.socket)) return; // a request on a silent connection goes nowhere
    if (closed) {
      kill(req.socket);
      return;
    }
    if (stream) {
      handleStream(n, req, res, fault);
      return;
    }
    inFlight += 1;
    handleRequest(n, req, res, fault)
      .catch(() => kill(req.socket))
      .finally(() => {
        inFlight -= 1;
        lastActivity = Date.now();
      });
  });
  server.maxConnections = options.maxConnections ?? 256;
  server.keepAliveTimeout = 5000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    if (offline) kill(socket);
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    clearTimeout(lifetime);
    for (const up of upstreamRequests) up.destroy();
    for (const socket of sockets) kill(socket);
    agent.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const lifetime = setTimeout(() => void close(), options.lifetimeMs ?? 5 * 60_000);
  lifetime.unref();

  Object.assign(emitter, {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    log,
    inFlight: () => inFlight,
    openStreams: () => streamSockets.size,
    configure(change: Partial<Pick<FaultProxyOptions, 'rates' | 'delayMs' | 'retryAfterS' | 'faultStreams' | 'maxFaults'>>) {
      if (change.rates) rates = { ...change.rates };
      if (change.delayMs) delayMs = change.delayMs;
      if (change.retryAfterS !== undefined) retryAfterS = change.retryAfterS;
      if (change.faultStreams !== undefined) faultStreams = change.faultStreams;
      if (change.maxFaults !== undefined) maxFaults = change.maxFaults;
    },
    passThrough() {
      rates = {};
      faultStreams = false;
      offline = false;
    },
    setOffline(value: boolean) {
      offline = value;
      if (value) {
        for (const up of upstreamRequests) up.destroy();
        for (const socket of sockets) kill(socket);
      }
    },
    stall() {
      for (const socket of sockets) stalled.add(socket);
      for (const socket of streamSockets) streamSockets.delete(socket);
    },
    setTarget(value: string) {
      target = new URL(value);
    },
    async waitQuiet(quietMs = 300, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (inFlight > 0 || Date.now() - lastActivity < quietMs) {
        if (Date.now() > deadline) {
          throw new Error(`proxy not quiet after ${timeoutMs} ms: ${inFlight} in flight; stats ${JSON.stringify(stats)}`);
        }
        await sleep(25);
      }
    },
    close,
  });
  return emitter;
}
