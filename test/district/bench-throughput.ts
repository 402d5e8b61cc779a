/**
 * Quick throughput check of the reference server: pushes N ops (default 100,000) in batches of 500
 * over real HTTP, then pulls them all back; prints ops/s each way.
 *   npx tsx test/district/bench-throughput.ts [total] [pullLimit]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDistrictServer } from './server';

const TOWN = '110101001000';
const NODE = randomUUID();
const TOKEN = 'bench-token';

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 100_000);
  const pullLimit = Number(process.argv[3] ?? 2000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'district-bench-'));
  const server = await startDistrictServer({
    port: 0,
    dataDir,
    tokens: { [TOKEN]: { townCode: TOWN, nodeId: NODE } },
  });
  const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
  try {
    // A mix: a new event reported, then accepted; and a duty-log upsert.
    let seq = 0;
    let eventId = '';
    const makeOp = (): Record<string, unknown> => {
      seq += 1;
      const at = new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString();
      const base = { opId: randomUUID(), nodeId: NODE, seq, hlc: `${at}-0000-${NODE}`, at };
      switch (seq % 3) {
        case 1:
          eventId = randomUUID();
          return {
            ...base,
            entity: 'event',
            entityId: eventId,
            kind: 'action',
            action: 'report',
            payload: { title: `事件 ${seq}`, categoryCode: 'c01', level: 'general', source: 'grid', reportedAt: at, gridCode: 'G01' },
          };
        case 2:
          return { ...base, entity: 'event', entityId: eventId, kind: 'action', action: 'accept', payload: {} };
        default:
          return { ...base, entity: 'dutyLog', entityId: randomUUID(), kind: 'upsert', payload: { text: `值班日志 ${seq}`, at } };
      }
    };
    const batches: string[] = [];
    for (let i = 0; i < total; i += 500) {
      const ops = Array.from({ length: Math.min(500, total - i) }, makeOp);
      batches.push(JSON.stringify({ nodeId: NODE, ops }));
    }
    let started = performance.now();
    for (const body of batches) {
      const response = await fetch(`${server.url}/v1/towns/${TOWN}/ops`, { method: 'POST', headers, body });
      if (response.status !== 200) throw new Error(`push: ${response.status} ${await response.text()}`);
      const { results } = (await response.json()) as { results: { status: string }[] };
      if (results.some((r) => r.status !== 'applied')) throw new Error('an op was not applied');
    }
    const pushSeconds = (performance.now() - started) / 1000;

    started = performance.now();
    let cursor = '';
    let pulled = 0;
    for (;;) {
      const response = await fetch(`${server.url}/v1/towns/${TOWN}/ops?after=${cursor}&limit=${pullLimit}`, { headers });
      const page = (await response.json()) as { ops: unknown[]; cursor: string; more: boolean };
      pulled += page.ops.length;
      cursor = page.cursor;
      if (!page.more) break;
    }
    const pullSeconds = (performance.now() - started) / 1000;
    if (pulled !== total) throw new Error(`pulled ${pulled} of ${total}`);
    console.log(
      `push: ${total} ops in ${pushSeconds.toFixed(2)} s = ${Math.round(total / pushSeconds)} ops/s; ` + `pull (limit ${pullLimit}): ${Math.round(total / pullSeconds)} ops/s`,
    );
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
