/**
 * Test kit for the reference district server: a real server on an ephemeral 127.0.0.1 port over a
 * fresh temp data dir, op builders with per-node seq and HLC, and small HTTP/SSE helpers (fetch).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDistrictServer, type DistrictServer, type DistrictServerOptions } from './server';
import type { TokenTable } from './tokens';

export const TOWN = '110101001000';
export const OTHER_TOWN = '110101002000';
export const NODE_A = '0a0a0a0a-0000-4000-8000-00000000000a';
export const NODE_B = '0b0b0b0b-0000-4000-8000-00000000000b';
export const NODE_D = '0d0d0d0d-0000-4000-8000-00000000000d';
export const NODE_O = '0e0e0e0e-0000-4000-8000-00000000000e';

export const TOKENS = {
  console_a: 'token-console-a',
  console_b: 'token-console-b',
  district: 'token-district',
  other_town: 'token-other-town',
} as const;

export const TOKEN_TABLE: TokenTable = {
  // No role: a console by default.
  [TOKENS.console_a]: { townCode: TOWN, nodeId: NODE_A },
  [TOKENS.console_b]: { townCode: TOWN, nodeId: NODE_B, role: 'console' },
  [TOKENS.district]: { townCode: TOWN, nodeId: NODE_D, role: 'district' },
  [TOKENS.other_town]: { townCode: OTHER_TOWN, nodeId: NODE_O, role: 'console' },
};

export type Json = Record<string, unknown>;

export interface Harness {
  url: string;
  readonly dataDir: string;
  server: DistrictServer;
  /** Closes the server and starts a new one on the same data dir. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startFresh(options: Partial<DistrictServerOptions> = {}): Promise<Harness> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'district-test-'));
  const start = (): Promise<DistrictServer> => startDistrictServer({ port: 0, dataDir, tokens: TOKEN_TABLE, ...options });
  const harness: Harness = {
    url: '',
    dataDir,
    server: await start(),
    async restart() {
      await harness.server.close();
      harness.server = await start();
      harness.url = harness.server.url;
    },
    async close() {
      await harness.server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  harness.url = harness.server.url;
  return harness;
}

/** One node's op factory: seq counts from 1, hlc moves forward with every op. */
export class NodeOps {
  seq = 0;
  private tick = 0;
  constructor(
    readonly nodeId: string,
    private readonly baseMs = Date.UTC(2026, 10, 23, 8, 30),
  ) {}

  /** An HLC of this node `offset` ticks from now (negative: in its past). */
  hlc(offset = 0): string {
    const ms = this.baseMs + (this.tick + offset) * 1000;
    return `${new Date(ms).toISOString()}-0000-${this.nodeId}`;
  }

  op(fields: Json & { entity: string; entityId: string; kind: 'action' | 'upsert' }): Json {
    this.seq += 1;
    this.tick += 1;
    return {
      opId: randomUUID(),
      nodeId: this.nodeId,
      seq: this.seq,
      hlc: this.hlc(),
      payload: {},
      at: new Date(this.baseMs + this.tick * 1000).toISOString(),
      ...fields,
    };
  }

  action(entityId: string, action: string, payload: Json = {}, extra: Json = {}): Json {
    return this.op({ entity: 'event', entityId, kind: 'action', action, payload, ...extra });
  }

  upsert(entity: string, entityId: string, payload: Json, extra: Json = {}): Json {
    return this.op({ entity, entityId, kind: 'upsert', payload, ...extra });
  }
}

export function reportPayload(extra: Json = {}): Json {
  return {
    title: '路灯损坏',
    categoryCode: 'C0101',
    level: 'major',
    source: 'grid',
    reportedAt: '2026-11-23T08:29:00.000Z',
    gridCode: 'G01',
    ...extra,
  };
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

export function opsUrl(h: Harness, town = TOWN): string {
  return `${h.url}/v1/towns/${town}/ops`;
}

export function pushRaw(h: Harness, token: string | null, body: string, town = TOWN): Promise<Response> {
  return fetch(opsUrl(h, town), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? bearer(token) : {}) },
    body,
  });
}

export function push(h: Harness, token: string, nodeId: string, ops: unknown[], town = TOWN): Promise<Response> {
  return pushRaw(h, token, JSON.stringify({ nodeId, ops }), town);
}

export interface OpResultJson {
  opId: string;
  status: 'applied' | 'duplicate' | 'rejected';
  firstStatus?: 'applied' | 'rejected';
  reason?: string;
  message?: string;
  version?: number;
  serverSeq?: number;
}

/** Pushes and expects 200; returns the results. */
export async function pushOk(h: Harness, token: string, nodeId: string, ops: unknown[]): Promise<OpResultJson[]> {
  const response = await push(h, token, nodeId, ops);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`push answered ${response.status}: ${text}`);
  return (JSON.parse(text) as { results: OpResultJson[] }).results;
}

export interface PullJson {
  ops: (Json & { serverSeq: number; opId: string })[];
  cursor: string;
  more: boolean;
}

export async function pull(h: Harness, token: string, query = ''): Promise<PullJson> {
  const response = await fetch(`${opsUrl(h)}${query}`, { headers: bearer(token) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`pull answered ${response.status}: ${text}`);
  return JSON.parse(text) as PullJson;
}

export interface SnapshotJson {
  cursor: string;
  entities: { entity: string; entityId: string; version: number; hlc: string; state?: string; payload: Json }[];
}

export async function snapshot(h: Harness, token: string = TOKENS.console_a): Promise<SnapshotJson> {
  const response = await fetch(`${h.url}/v1/towns/${TOWN}/snapshot`, { headers: bearer(token) });
  if (response.status !== 200) throw new Error(`snapshot answered ${response.status}`);
  return (await response.json()) as SnapshotJson;
}

export interface StreamEvent {
  id?: string;
  data?: string;
  comment?: string;
  retry?: string;
}

/** An open SSE stream, parsed as it arrives. */
export interface StreamReader {
  readonly response: Response;
  readonly events: StreamEvent[];
  /** Resolves when `predicate` holds for the events so far; rejects after `timeoutMs`. */
  waitFor(predicate: (events: StreamEvent[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function openStream(h: Harness, token: string, options: { after?: string; lastEventId?: string } = {}): Promise<StreamReader> {
  const controller = new AbortController();
  const query = options.after !== undefined ? `?after=${encodeURIComponent(options.after)}` : '';
  const response = await fetch(`${h.url}/v1/towns/${TOWN}/stream${query}`, {
    headers: { ...bearer(token), ...(options.lastEventId !== undefined ? { 'Last-Event-ID': options.lastEventId } : {}) },
    signal: controller.signal,
  });
  const events: StreamEvent[] = [];
  const waiters = new Set<() => void>();
  if (response.body && response.status === 200) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event: StreamEvent = {};
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) event.comment = line.slice(1).trim();
              else if (line.startsWith('id: ')) event.id = line.slice(4);
              else if (line.startsWith('data: ')) event.data = line.slice(6);
              else if (line.startsWith('retry: ')) event.retry = line.slice(7);
            }
            events.push(event);
          }
          for (const wake of waiters) wake();
        }
      } catch {
        // Aborted by close().
      }
    })();
  }
  return {
    response,
    events,
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (predicate(events)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`stream: condition not met in ${timeoutMs} ms; got ${JSON.stringify(events)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      controller.abort();
    },
  };
}

/** The ops (id + parsed data) of a stream, pings and retry left out. */
export function streamOps(events: StreamEvent[]): { id: string; op: Json & { serverSeq: number } }[] {
  return events.filter((e) => e.data !== undefined).map((e) => ({ id: e.id ?? '', op: JSON.parse(e.data ?? '{}') as Json & { serverSeq: number } }));
}
