/**
 * The reference district server (PROTOCOL.md, v1) over node:http: push, pull, the live stream,
 * snapshot, the blobs of v1.1 (blob-store.ts), and one admin read (a node's last seq). Auth and the order of checks live here; what
 * an op does lives in op-rules.ts, and the state in district-store.ts.
 * Decisions where PROTOCOL.md is silent: docs/protocol-decisions.md.
 */
import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DistrictBlobs, MAX_BLOB_BYTES, SHA256_HEX } from './blob-store';
import { checkHlcs, checkPushBody, MAX_JSON_DEPTH, nestedDeeperThan } from './op-envelope';
import { DistrictStore, type ServedOp } from './district-store';
import { loadTokensFile, parseTokens, type Principal, type TokenTable } from './tokens';

export interface DistrictServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly dataDir: string;
  /** The tokens table itself, or the path of a tokens file. */
  readonly tokens: TokenTable | string;
  readonly host?: string;
  /** Push bodies over this many bytes answer 413. Default 8 MiB. */
  readonly maxBodyBytes?: number;
  /** The server's clock: X-Server-Time and receivedAt. */
  readonly now?: () => Date;
  /** Interval of the stream's `: ping` comment. Default 15 s. */
  readonly pingIntervalMs?: number;
  /** The `retry:` field sent first on every stream. Default 2 s. */
  readonly sseRetryMs?: number;
  /** A blob over this many bytes answers 413. Default 20 MiB (PROTOCOL.md v1.1). */
  readonly maxBlobBytes?: number;
}

export interface DistrictServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
export const DEFAULT_PULL_LIMIT = 500;
export const MAX_PULL_LIMIT = 2000;
const STREAM_PAGE = 2000;
/** A stream client this far behind is dropped; it resumes from its cursor. */
const STREAM_MAX_BUFFERED = 16 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface Subscriber {
  readonly res: ServerResponse;
  lastSent: number;
  /** While the backlog is replayed, live ops wait here (they may overlap the backlog). */
  pending: ServedOp[] | null;
}

function parseCursor(value: string | null | undefined, name: string): number {
  if (value === null || value === undefined || value === '') return 0;
  if (!/^\d{1,15}$/.test(value)) throw new HttpError(400, 'bad_request', `${name} must be a serverSeq (a non-negative integer)`);
  return Number(value);
}

function parseLimit(value: string | null): number {
  if (value === null || value === '') return DEFAULT_PULL_LIMIT;
  if (!/^\d{1,15}$/.test(value) || Number(value) < 1) {
    throw new HttpError(400, 'bad_request', 'limit must be a positive integer');
  }
  return Math.min(Number(value), MAX_PULL_LIMIT);
}

/** Reads the whole body; past `max` it keeps draining (so the client gets its answer) but keeps nothing. */
async function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too_large'> {
  const declared = Number(req.headers['content-length']);
  let tooLarge = Number.isFinite(declared) && declared > max;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > max) tooLarge = true;
    if (tooLarge) {
      chunks.length = 0;
      // Do not drain an endless body forever.
      if (size > max + 64 * 1024 * 1024) req.destroy();
      continue;
    }
    chunks.push(buf);
  }
  return tooLarge ? 'too_large' : Buffer.concat(chunks, size);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseJson(body: Buffer): unknown {
  // Checked on the bytes before parsing: a deeply nested body would otherwise overflow the stack of
  // whatever walks it next (a 500).
  if (nestedDeeperThan(body, MAX_JSON_DEPTH)) throw new HttpError(400, 'too_deep', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(utf8.decode(body));
  } catch {
    throw new HttpError(400, 'bad_json', 'the body is not valid UTF-8 JSON');
  }
}

export async function startDistrictServer(options: DistrictServerOptions): Promise<DistrictServer> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const now = options.now ?? (() => new Date());
  const pingIntervalMs = options.pingIntervalMs ?? 15_000;
  const sseRetryMs = options.sseRetryMs ?? 2_000;
  const principals = typeof options.tokens === 'string' ? loadTokensFile(options.tokens) : parseTokens(options.tokens);
  const store = await DistrictStore.open(options.dataDir);
  const blobs = new DistrictBlobs(path.join(options.dataDir, 'blobs'));
  const maxBlobBytes = options.maxBlobBytes ?? MAX_BLOB_BYTES;
  const streams = new Map<string, Set<Subscriber>>();
  let closing = false;

  const serverTime = (): string => now().toISOString();

  function sendJson(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Server-Time': serverTime(),
      ...headers,
    });
    res.end(body);
  }

  function sendError(res: ServerResponse, error: HttpError): void {
    sendJson(res, error.status, JSON.stringify({ ...error.extra, error: { code: error.code, message: error.message } }), error.headers);
  }

  function authenticate(req: IncomingMessage, townCode: string): Principal {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const principal = match ? principals.get(match[1]) : undefined;
    if (!principal) {
      throw new HttpError(
        401,
        'unauthorized',
        match ? 'unknown token' : 'missing bearer token',
        {},
        {
          'WWW-Authenticate': 'Bearer',
        },
      );
    }
    if (principal.townCode !== townCode) throw new HttpError(403, 'town_mismatch', 'the token is not for this town');
    return principal;
  }

  function writeOps(sub: Subscriber, ops: readonly ServedOp[]): void {
    if (sub.res.writableEnded || sub.res.destroyed) return;
    let text = '';
    for (const op of ops) {
      if (op.serverSeq <= sub.lastSent) continue;
      text += `id: ${op.serverSeq}\ndata: ${op.json}\n\n`;
      sub.lastSent = op.serverSeq;
    }
    if (text === '') return;
    sub.res.write(text);
    if (sub.res.writableLength > STREAM_MAX_BUFFERED) sub.res.end();
  }

  function publish(townCode: string, served: readonly ServedOp[]): void {
    if (served.length === 0) return;
    for (const sub of streams.get(townCode) ?? []) {
      if (sub.pending) sub.pending.push(...served);
      else writeOps(sub, served);
    }
  }

  async function handlePush(req: IncomingMessage, res: ServerResponse, townCode: string, who: Principal): Promise<void> {
    const body = await readBody(req, maxBodyBytes);
    if (body === 'too_large') {
      throw new HttpError(413, 'body_too_large', `the body is over ${maxBodyBytes} bytes`, { maxBodyBytes });
    }
    const checked = checkPushBody(parseJson(body), who.nodeId);
    if (!checked.ok) {
      throw new HttpError(checked.status, checked.code, checked.message, checked.ops ? { ops: checked.ops } : {});
    }
    const hlcs = checkHlcs(checked.ops, now().getTime());
    if (hlcs) throw new HttpError(400, hlcs.code, hlcs.message, { ...(hlcs.code === 'hlc_ahead' ? { reason: 'hlc_ahead' } : {}), ops: hlcs.ops });
    const outcome = await store.push(townCode, who.nodeId, who.role, checked.ops, now().toISOString());
    if (outcome.kind === 'seq') {
      throw new HttpError(409, 'seq', `the next seq expected from this node is ${outcome.expectedSeq}`, {
        expectedSeq: outcome.expectedSeq,
      });
    }
    publish(townCode, outcome.served);
    sendJson(res, 200, JSON.stringify({ results: outcome.results }));
  }

  async function handlePull(res: ServerResponse, townCode: string, query: URLSearchParams): Promise<void> {
    const after = parseCursor(query.get('after'), 'after');
    const limit = parseLimit(query.get('limit'));
    const page = await store.pull(townCode, after, limit);
    sendJson(res, 200, `{"ops":[${page.ops.map((op) => op.json).join(',')}],"cursor":"${page.cursor}","more":${page.more}}`);
  }

  async function handleStream(req: IncomingMessage, res: ServerResponse, townCode: string, query: URLSearchParams): Promise<void> {
    const lastEventId = req.headers['last-event-id'];
    const from = Math.max(parseCursor(query.get('after'), 'after'), parseCursor(Array.isArray(lastEventId) ? lastEventId[0] : lastEventId, 'Last-Event-ID'));
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
      'X-Server-Time': serverTime(),
    });
    req.socket.setNoDelay(true);
    res.write(`retry: ${sseRetryMs}\n\n`);
    const sub: Subscriber = { res, lastSent: from, pending: [] };
    let subs = streams.get(townCode);
    if (!subs) streams.set(townCode, (subs = new Set()));
    subs.add(sub);
    const ping = setInterval(() => {
      if (!res.writableEnded && !res.destroyed) res.write(': ping\n\n');
    }, pingIntervalMs);
    let gone = false;
    res.on('close', () => {
      gone = true;
      clearInterval(ping);
      subs.delete(sub);
      if (subs.size === 0 && streams.get(townCode) === subs) streams.delete(townCode);
    });
    // Replay the backlog page by page, then hand over to live publishing.
    for (;;) {
      const page = await store.pull(townCode, sub.lastSent, STREAM_PAGE);
      if (gone) return;
      writeOps(sub, page.ops);
      if (!page.more) break;
      if (res.writableNeedDrain) {
        await Promise.race([once(res, 'drain'), once(res, 'close')]);
        if (gone) return;
      }
    }
    const pending = sub.pending ?? [];
    sub.pending = null;
    writeOps(sub, pending);
  }

  async function handleNodeSeq(res: ServerResponse, townCode: string, nodeId: string, who: Principal): Promise<void> {
    if (who.role !== 'district' && who.nodeId !== nodeId) {
      throw new HttpError(403, 'forbidden', "a console token may read only its own node's seq");
    }
    const lastSeq = await store.lastSeq(townCode, nodeId);
    sendJson(res, 200, JSON.stringify({ nodeId, lastSeq, nextSeq: lastSeq + 1 }));
  }

  /** PUT, GET and HEAD of one blob (PROTOCOL.md v1.1 "Attachments"). */
  async function handleBlob(req: IncomingMessage, res: ServerResponse, townCode: string, sha256: string): Promise<void> {
    if (!SHA256_HEX.test(sha256)) throw new HttpError(400, 'bad_sha256', 'the path must end in a SHA-256 as 64 lowercase hex digits');
    if (req.method === 'PUT') {
      const receipt = await blobs.receive(townCode, sha256, req, maxBlobBytes);
      if (receipt === 'too_large') throw new HttpError(413, 'blob_too_large', `a blob is at most ${maxBlobBytes} bytes`, { maxBlobBytes });
      if (receipt === 'mismatch') throw new HttpError(400, 'sha256_mismatch', "the body's SHA-256 is not the one in the path");
      return sendJson(res, receipt === 'stored' ? 201 : 200, JSON.stringify({ sha256, stored: receipt === 'stored' }));
    }
    const size = await blobs.size(townCode, sha256);
    if (size === null) throw new HttpError(404, 'no_blob', 'the town has no such blob');
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(size),
      'Cache-Control': 'private, max-age=31536000, immutable',
      'X-Server-Time': serverTime(),
    });
    if (req.method === 'HEAD') return void res.end();
    await pipeline(blobs.read(townCode, sha256), res);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://district.invalid');
    const parts = url.pathname.split('/').filter((p) => p !== '');
    if (parts.length < 4 || parts[0] !== 'v1' || parts[1] !== 'towns') {
      throw new HttpError(404, 'not_found', 'no such endpoint');
    }
    let townCode: string;
    let nodeId = '';
    try {
      townCode = decodeURIComponent(parts[2]);
      if (parts.length === 6) nodeId = decodeURIComponent(parts[4]);
    } catch {
      throw new HttpError(404, 'not_found', 'no such endpoint');
    }
    const rest = parts.slice(3).join('/');
    const method = req.method ?? 'GET';
    const endpoint =
      parts.length === 5 && parts[3] === 'blobs'
        ? 'blob'
        : rest === 'ops'
          ? method === 'POST'
            ? 'push'
            : 'pull'
          : rest === 'stream'
            ? 'stream'
            : rest === 'snapshot'
              ? 'snapshot'
              : parts.length === 6 && parts[3] === 'nodes' && parts[5] === 'seq'
                ? 'nodeSeq'
                : null;
    if (endpoint === null) throw new HttpError(404, 'not_found', 'no such endpoint');
    const allowed = endpoint === 'push' || endpoint === 'pull' ? ['GET', 'POST'] : endpoint === 'blob' ? ['GET', 'HEAD', 'PUT'] : ['GET'];
    if (!allowed.includes(method)) {
      throw new HttpError(405, 'method_not_allowed', `${method} is not allowed here`, {}, { Allow: allowed.join(', ') });
    }
    if (closing) throw new HttpError(503, 'closing', 'the server is shutting down', {}, { 'Retry-After': '1' });
    const who = authenticate(req, townCode);
    switch (endpoint) {
      case 'push':
        return handlePush(req, res, townCode, who);
      case 'pull':
        return handlePull(res, townCode, url.searchParams);
      case 'stream':
        return handleStream(req, res, townCode, url.searchParams);
      case 'snapshot':
        return sendJson(res, 200, await store.snapshot(townCode));
      case 'nodeSeq':
        return handleNodeSeq(res, townCode, nodeId, who);
      case 'blob':
        return handleBlob(req, res, townCode, parts[4]);
      default:
        return endpoint satisfies never;
    }
  }

  async function fail(req: IncomingMessage, res: ServerResponse, error: unknown): Promise<void> {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // A request refused before its body was read: drain it first, so the client reads the answer
    // instead of a reset.
    if (!req.readableEnded && !req.destroyed) await readBody(req, 0).catch(() => undefined);
    if (error instanceof HttpError) {
      sendError(res, error);
    } else {
      console.error('district server error:', error);
      sendError(res, new HttpError(500, 'internal', 'internal server error'));
    }
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => fail(req, res, error).catch(() => res.destroy()));
  });

  server.listen(options.port, host);
  try {
    await once(server, 'listening');
  } catch (error) {
    await store.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host}:${port}`,
    port,
    async close(): Promise<void> {
      if (closing) return;
      closing = true;
      for (const subs of streams.values()) for (const sub of subs) sub.res.end();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Let requests in flight finish (a push is mid-transaction), then cut what is left.
      await store.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
