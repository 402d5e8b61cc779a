/**
 * The plans' figure: `plan_dispatch_40_ms` — from the one key (`plans:start` sent over the web
 * console's WebSocket) to every task of a 40-step plan dispatched and visible to a client (the
 * `plans` feed message received and `plans:run` read back with 40 dispatched tasks, each with its
 * holder). Target: under 200 ms. The core runs on a real SQLite file holding a working day's events.
 *
 * Baseline in the same run: the same 40 dispatches done the way the desk would without plans — 40
 * events reported and accepted-and-dispatched one by one over the same socket (the `events` feed
 * message of the last one received). Median of several runs each.
 *
 *   npx tsx test/plans/bench-plans.ts [--json]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createCore } from '../../main/core/app-core';
import { ManualClock } from '../../main/core/kernel/clock';
import { startWebConsole } from '../../main/web/server';
import type { PlanTemplateBody } from '../../preload/contract/plan-schemas';

const STEPS = 40;
const RUNS = 7;
export const PLAN_DISPATCH_TARGET_MS = 200;

type Reply = { ok: boolean; data?: unknown; error?: { code: string; message: string } };

function client(
  url: string,
): Promise<{ call: <T>(channel: string, args: unknown) => Promise<T>; waitFeed: (match: (m: Record<string, unknown>) => boolean) => Promise<void>; close: () => void }> {
  const ws = new WebSocket(url);
  let id = 0;
  const pending = new Map<number, (r: Reply) => void>();
  const watchers: { match: (m: Record<string, unknown>) => boolean; resolve: () => void }[] = [];
  ws.on('message', (raw) => {
    const message = JSON.parse(raw.toString()) as { id?: number; result?: Reply; feed?: Record<string, unknown> };
    if (message.feed) {
      for (const w of watchers.splice(0)) {
        if (w.match(message.feed)) w.resolve();
        else watchers.push(w);
      }
    } else if (typeof message.id === 'number' && message.result) pending.get(message.id)?.(message.result);
  });
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        call: <T>(channel: string, args: unknown) =>
          new Promise<T>((done, fail) => {
            const n = ++id;
            pending.set(n, (r) => (r.ok ? done(r.data as T) : fail(new Error(`${channel}: ${r.error?.code} ${r.error?.message}`))));
            ws.send(JSON.stringify({ id: n, channel, args }));
          }),
        waitFeed: (match) => new Promise<void>((done) => watchers.push({ match, resolve: done })),
        close: () => ws.close(),
      }),
    );
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number): number => Math.round(x * 10) / 10;

export async function plansBench(): Promise<{ plan_dispatch_40_ms: number; plan_dispatch_40_baseline_ms: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-bench-plans-'));
  const core = await createCore({ demo: true, dataDir: dir, clock: new ManualClock('2026-11-23T01:00:00.000Z'), kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false });
  // The socket is what is measured; the page itself is not served here (an empty one stands in).
  mkdirSync(path.join(dir, 'renderer'));
  writeFileSync(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>bench</title>');
  const web = await startWebConsole(core, { rendererDir: path.join(dir, 'renderer') });
  try {
    const leader = await client(`ws://127.0.0.1:${web.port}/ws?token=${web.token}`);
    await leader.call('session:login', { username: 'lihua', password: 'duty1234' });
    // 40 steps over the town's posts, all ready at the start (the worst case: every task at once).
    const posts = [...core.town.posts.values()];
    const plan: PlanTemplateBody = {
      name: '基准：40 步预案',
      kind: 'other',
      description: '',
      triggers: [{ kind: 'manual' }],
      contacts: [],
      steps: Array.from({ length: STEPS }, (_, i) => ({
        id: `s${i + 1}`,
        title: `第${i + 1}步`,
        postId: posts[i % posts.length]!.id,
        ackMinutes: 5,
        limitMinutes: 30,
        after: [],
        checklist: ['到岗', '回报'],
      })),
    };
    const { id: templateId } = await leader.call<{ id: string }>('plans:saveTemplate', { template: plan });
    // A working day of events in the file, so the writes land in a database of a real size.
    for (let i = 0; i < 300; i++)
      await core.events.report({ id: 'system', roles: ['officer'] }, { title: `背景事件${i}`, categoryCode: 'SAFE-001', level: 'general', source: 'grid' });

    const planRuns: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const started = performance.now();
      const fed = leader.waitFeed((m) => m.topic === 'plans' && Array.isArray(m.parts) && (m.parts as string[]).includes('runs'));
      const { runId } = await leader.call<{ runId: string }>('plans:start', { templateId, drill: false });
      await fed;
      const run = await leader.call<{ tasks: { status: string; holderId: string | null }[] }>('plans:run', { runId });
      const elapsed = performance.now() - started;
      if (run.tasks.length !== STEPS || run.tasks.some((t) => t.status !== 'dispatched')) throw new Error('not every task was dispatched');
      planRuns.push(elapsed);
      await leader.call('plans:endRun', { runId, reason: 'bench' });
    }

    const baselineRuns: number[] = [];
    const officer = await client(`ws://127.0.0.1:${web.port}/ws?token=${web.token}`);
    await officer.call('session:login', { username: 'zhangwei', password: 'duty1234' });
    const item = core.town.catalogue.get('SAFE-001')!;
    for (let r = 0; r < RUNS; r++) {
      const ids: string[] = [];
      for (let i = 0; i < STEPS; i++)
        ids.push((await officer.call<{ eventId: string }>('events:report', { title: `基准任务${i}`, categoryCode: 'SAFE-001', level: 'general', source: 'phone' })).eventId);
      const started = performance.now();
      const last = ids.at(-1)!;
      const fed = officer.waitFeed((m) => m.topic === 'events' && Array.isArray(m.ids) && (m.ids as string[]).includes(last));
      for (const eventId of ids) await officer.call('events:acceptAndDispatch', { eventId, leadPostId: item.leadPostId, cooperatingPostIds: [...item.cooperatingPostIds] });
      await fed;
      baselineRuns.push(performance.now() - started);
    }
    leader.close();
    officer.close();
    return { plan_dispatch_40_ms: round(median(planRuns)), plan_dispatch_40_baseline_ms: round(median(baselineRuns)) };
  } finally {
    await web.close();
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void plansBench().then((figures) => {
    if (process.argv.includes('--json')) console.log(JSON.stringify(figures));
    else {
      console.log(
        `plan_dispatch_40_ms ${figures.plan_dispatch_40_ms} (target < ${PLAN_DISPATCH_TARGET_MS}: ${figures.plan_dispatch_40_ms < PLAN_DISPATCH_TARGET_MS ? 'PASS' : 'FAIL'})`,
      );
      console.log(`baseline: 40 events dispatched one by one ${figures.plan_dispatch_40_baseline_ms} ms`);
    }
  });
}
