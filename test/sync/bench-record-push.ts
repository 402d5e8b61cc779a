/**
 * sync_record_push_p99_ms: from the commit of a non-event command (a duty-log entry, an absence) to
 * the district's answer for its op, on loopback, with the console's sync loop running as in the
 * product (woken by the outbox after each commit; its poll interval set to a minute so only that wake
 * can make it fast). 200 commands, one after the other; the reference district server in-process.
 * Runnable alone: `npx tsx test/sync/bench-record-push.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../../main/core/kernel/clock';
import { round, summarize } from '../bench/stats';
import { startDistrictServer } from '../district/server';
import { sampleTown } from '../support/sample-town-core';
import { NODE_A, syncingCore, TOKENS } from './harness';

export async function recordPushBench(commands = 200): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-bench-record-push-'));
  const server = await startDistrictServer({ port: 0, dataDir: path.join(dir, 'district'), tokens: TOKENS, pingIntervalMs: 5000 });
  // The district's answers, as they arrive: op id → when.
  const answered = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  const observe: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (init?.method === 'POST' && response.ok) {
      const at = performance.now();
      const body = (await response.clone().json()) as { results?: { opId: string }[] };
      for (const r of body.results ?? []) {
        answered.set(r.opId, at);
        waiting.get(r.opId)?.();
      }
    }
    return response;
  };
  const core = await syncingCore({
    dir,
    name: 'a',
    nodeId: NODE_A,
    token: 'tok-a',
    upstream: server.url,
    clock: systemClock,
    sync: { requestTimeoutMs: 10_000, pollIntervalMs: 60_000, live: true, fetch: observe },
    startSync: true,
  });
  try {
    const { officer, leader } = sampleTown(core);
    const people = [...core.town.people.values()].map((p) => p.id);
    // Let the first round (an empty push and the pull) pass.
    await new Promise((r) => setTimeout(r, 300));
    const latencies: number[] = [];
    for (let i = 0; i < commands; i++) {
      if (i % 2 === 0) {
        await core.dutyLog.add(officer, { kind: 'other', text: `值班记录 ${i}` });
      } else {
        const day = new Date(Date.UTC(2027, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
        await core.roster.addAbsence(leader, { personId: people[i % people.length]!, kind: 'leave', from: day, to: day });
      }
      const committed = performance.now();
      const opId = (await core.db.read((sql) => sql.get<{ op_id: string }>(`SELECT op_id FROM outbox ORDER BY seq DESC LIMIT 1`)))!.op_id;
      if (!answered.has(opId)) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no answer for ${opId} within 10 s`)), 10_000);
          waiting.set(opId, () => {
            clearTimeout(timer);
            resolve();
          });
        });
        waiting.delete(opId);
      }
      latencies.push(Math.max(0, answered.get(opId)! - committed));
    }
    const s = summarize(latencies);
    return { sync_record_push_p50_ms: round(s.p50, 1), sync_record_push_p99_ms: round(s.p99, 1) };
  } finally {
    await core.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  recordPushBench().then(
    (figures) => console.log(JSON.stringify(figures)),
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
