/**
 * A page of district ops applied set-based (issue #20): the page's events, tasks, timeline rows,
 * alarms and sync records are written together at the end of the page, each kind in one statement.
 * On consoles of the sample town 白鹭镇 (one set-up and import, copied, so both hold the same ids):
 * - the same ops give the same tables whether they come as pages of many ops or one op a page (an
 *   event reported, dispatched, acknowledged, re-dispatched and closed within one page; an event of
 *   an earlier page changed; upserts folded by HLC, a signed handover final);
 * - a page whose writes fail together is applied again op by op: the op whose writes fail is
 *   quarantined (同步问题, 无法应用) and every other op of the page is applied, the cursor moved.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app-core';
import { ManualClock } from '../../main/core/kernel/clock';
import { newId } from '../../main/core/kernel/ids';
import { inboxProblems } from '../../main/core/sync/sync.repository';
import { SyncInbox } from '../../main/core/sync/sync-inbox';
import { sampleFiles } from '../support/sample-town';

const NODE_D = 'd0000000-0000-4000-8000-00000000000d';
const START = '2026-11-23T01:00:00.000Z';
const root = mkdtempSync(path.join(os.tmpdir(), 'dd-sync-page-'));
let seeded: string;

/** A console of 白鹭镇 on a copy of the seeded data folder. */
async function consoleOf(name: string): Promise<{ core: Core; inbox: SyncInbox; clock: ManualClock }> {
  const dir = path.join(root, name);
  cpSync(seeded, dir, { recursive: true });
  const clock = new ManualClock(START);
  const core = await createCore({ dataDir: dir, clock, kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, backupIntervalMs: 0, startSync: false });
  const inbox = new SyncInbox(
    core.kernel,
    core.events,
    core.nodeId,
    () => Promise.resolve({ cursor: '0', entities: [] }),
    () => undefined,
  );
  return { core, inbox, clock };
}

beforeAll(async () => {
  seeded = path.join(root, 'seed');
  const core = await createCore({
    dataDir: seeded,
    clock: new ManualClock(START),
    kdfLogN: 10,
    sweepIntervalMs: 0,
    sweepOnClockJump: false,
    backupIntervalMs: 0,
    startSync: false,
  });
  await core.setUpTown({ townCode: '330110108000', townName: '白鹭镇', admin: { name: '郑海燕', username: 'zhenghaiyan', password: 'bailu-2026-admin' } });
  const admin = [...core.town.people.values()].find((p) => p.username === 'zhenghaiyan')!;
  const preview = await core.townImport.preview({ id: admin.id, roles: admin.roles }, sampleFiles());
  expect(preview.faults).toEqual([]);
  await core.townImport.apply({ id: admin.id, roles: admin.roles }, preview.previewId!);
  await core.close();
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The district's ops, numbered from `first`, one ms apart from START. */
function opsOf(
  list: readonly { entity?: string; entityId: string; kind?: 'action' | 'upsert'; action?: string; payload: Record<string, unknown>; hlcMs?: number }[],
  first: number,
) {
  return list.map((o, i) => {
    const serverSeq = first + i;
    const at = new Date(Date.parse(START) - 60_000 + (o.hlcMs ?? serverSeq)).toISOString();
    return {
      opId: newId(),
      nodeId: NODE_D,
      seq: serverSeq,
      serverSeq,
      hlc: `${at}-0000-${NODE_D}`,
      entity: o.entity ?? 'event',
      entityId: o.entityId,
      kind: o.kind ?? 'action',
      ...(o.action ? { action: o.action } : {}),
      payload: o.payload,
      at,
      receivedAt: at,
    };
  });
}

/** Every row a page writes, without the ids made at random (alarms, proposals). */
async function tables(core: Core): Promise<unknown> {
  return core.db.read(async (sql) => ({
    event: await sql.all(`SELECT * FROM event ORDER BY id`),
    timeline: await sql.all(`SELECT event_id, action, from_state, to_state, actor_id, at, payload FROM event_timeline ORDER BY id`),
    assignment: await sql.all(`SELECT * FROM assignment ORDER BY id`),
    alarm: await sql.all(`SELECT key, kind, event_id, message, raised_at, acked_at FROM alarm ORDER BY key`),
    proposal: await sql.all(`SELECT event_id, template_id, trigger, created_at, status FROM plan_proposal ORDER BY event_id, template_id`),
    record: await sql.all(`SELECT * FROM sync_record ORDER BY entity, entity_id`),
    cursor: await sql.all(`SELECT value FROM meta WHERE key = 'sync_cursor'`),
  }));
}

describe('a page of district ops, applied set-based', () => {
  it('gives the same tables in pages of many ops as one op a page', async () => {
    const x = await consoleOf('x');
    const y = await consoleOf('y');
    try {
      const town = x.core.town;
      const item = [...town.catalogue.values()].find((c) => c.cooperatingPostIds.length > 0)!;
      const lead = item.leadPostId;
      const coop = item.cooperatingPostIds[0]!;
      const holders = [lead, coop].map((postId) => ({ postId, personId: town.posts.get(postId)!.aPersonId ?? null, as: 'A' }));
      const report = (title: string, level = 'general') => ({
        title,
        categoryCode: item.code,
        level,
        source: 'district',
        reportedAt: START,
        location: { lng: 106.551557, lat: 39.818994 },
      });
      const [e0, e1, e2, e3] = [newId(), newId(), newId(), newId()];
      const page1 = opsOf(
        [
          { entityId: e0, action: 'assign_to_town', payload: report('早先的事件') },
          { entityId: e0, action: 'accept', payload: {} },
          { entityId: e0, action: 'dispatch', payload: { leadPostId: lead, cooperatingPostIds: [coop], holders } },
          { entity: 'roster', kind: 'upsert', entityId: 'r2', payload: { n: 1 } },
        ],
        1,
      );
      const page2 = opsOf(
        [
          // An event of the earlier page: its stored tasks acknowledged and arrived at.
          { entityId: e0, action: 'acknowledge', payload: { postId: lead } },
          { entityId: e0, action: 'arrive', payload: { postId: coop } },
          { entityId: e0, action: 'note', payload: { text: '到场' } },
          // A new event through its whole life within the page, re-dispatched on the way.
          { entityId: e1, action: 'assign_to_town', payload: report('新事件') },
          { entityId: e1, action: 'accept', payload: {} },
          { entityId: e1, action: 'dispatch', payload: { leadPostId: lead, cooperatingPostIds: [coop], holders } },
          { entityId: e1, action: 'acknowledge', payload: { postId: lead } },
          { entityId: e1, action: 'arrive', payload: { postId: lead } },
          { entityId: e1, action: 'dispatch', payload: { leadPostId: coop, cooperatingPostIds: [], holders: [{ postId: coop, personId: null, as: null }] } },
          { entityId: e1, action: 'acknowledge', payload: { postId: coop } },
          { entityId: e1, action: 'report_back', payload: { result: '已处置' } },
          { entityId: e1, action: 'verify', payload: {} },
          { entityId: e2, action: 'assign_to_town', payload: report('退回的事件') },
          { entityId: e2, action: 'return', payload: { reason: '不属本镇' } },
          { entityId: e3, action: 'assign_to_town', payload: report('严重事件', 'serious') },
          // Upserts by HLC: the newer wins whatever the order; a signed handover is final.
          { entity: 'roster', kind: 'upsert', entityId: 'r1', payload: { n: 2 }, hlcMs: 900 },
          { entity: 'roster', kind: 'upsert', entityId: 'r1', payload: { n: 1 }, hlcMs: 800 },
          { entity: 'roster', kind: 'upsert', entityId: 'r2', payload: { n: 2 } },
          { entity: 'handover', kind: 'upsert', entityId: 'h1', payload: { text: '草稿' } },
          { entity: 'handover', kind: 'upsert', entityId: 'h1', payload: { text: '签了', signedAt: START } },
          { entity: 'handover', kind: 'upsert', entityId: 'h1', payload: { text: '又改' } },
        ],
        page1.length + 1,
      );
      const all = [...page1, ...page2];
      expect(await x.inbox.applyPage(page1, String(page1.length))).toBe(page1.length);
      expect(await x.inbox.applyPage(page2, String(all.length))).toBe(page2.length);
      for (const op of all) await y.inbox.applyPage([op], String(op.serverSeq));
      const tx = await tables(x.core);
      expect(tx).toEqual(await tables(y.core));

      // And they are what the ops say.
      const t = tx as {
        event: { id: string; state: string; version: number; lead_post_id: string; lng: number; lat: number }[];
        assignment: { event_id: string; post_id: string; active: number; acknowledged_at: string | null; arrived_at: string | null }[];
        alarm: { kind: string; event_id: string; acked_at: string | null }[];
        record: { entity_id: string; version: number; payload: string }[];
        cursor: { value: string }[];
      };
      const byId = new Map(t.event.map((e) => [e.id, e]));
      expect([e0, e1, e2, e3].map((id) => [byId.get(id)!.state, byId.get(id)!.version])).toEqual([
        ['in_progress', 6],
        ['closed', 9],
        ['returned', 2],
        ['reported', 1],
      ]);
      expect(byId.get(e1)!.lead_post_id).toBe(coop);
      expect([byId.get(e1)!.lng, byId.get(e1)!.lat]).toEqual([106.551557, 39.818994]);
      expect(t.assignment.filter((a) => a.event_id === e0).map((a) => [a.post_id, a.active, !!a.acknowledged_at, !!a.arrived_at])).toEqual([
        [lead, 1, true, false],
        [coop, 1, false, true],
      ]);
      expect(t.assignment.filter((a) => a.event_id === e1).map((a) => [a.post_id, a.active, !!a.acknowledged_at, !!a.arrived_at])).toEqual([
        [lead, 0, true, true],
        [coop, 0, false, false],
        [coop, 1, true, false],
      ]);
      expect(t.alarm.map((a) => a.kind).sort()).toEqual(['district_dispatch', 'district_dispatch', 'district_dispatch', 'district_dispatch', 'new_serious', 'no_holder']);
      // Each district dispatch once; the accepted ones settled, even one raised and accepted within a page.
      const dispatches = new Map(t.alarm.filter((a) => a.kind === 'district_dispatch').map((a) => [a.event_id, a.acked_at !== null]));
      expect(dispatches).toEqual(
        new Map([
          [e0, true],
          [e1, true],
          [e2, false],
          [e3, false],
        ]),
      );
      expect(t.record.map((r) => [r.entity_id, r.version, JSON.parse(r.payload)])).toEqual([
        ['h1', 2, { text: '签了', signedAt: START }],
        ['r1', 1, { n: 2 }],
        ['r2', 2, { n: 2 }],
      ]);
      expect(t.cursor).toEqual([{ value: String(all.length) }]);
    } finally {
      await x.core.close();
      await y.core.close();
    }
  });

  it('a page whose writes fail together is applied again op by op: only the op whose writes fail is set aside', async () => {
    const x = await consoleOf('refusing');
    try {
      // Something this console's SQLite refuses when the page's rows are written (not when the op is checked).
      await x.core.db.write((sql) => sql.run(`CREATE TRIGGER refuse_boom BEFORE INSERT ON event WHEN NEW.title = 'boom' BEGIN SELECT RAISE(ABORT, 'no boom here'); END`));
      const item = [...x.core.town.catalogue.values()][0]!;
      const report = (title: string) => ({ title, categoryCode: item.code, level: 'general', source: 'district', reportedAt: START });
      const [a, b, c] = [newId(), newId(), newId()];
      const page = opsOf(
        [
          { entityId: a, action: 'assign_to_town', payload: report('一') },
          { entityId: a, action: 'accept', payload: {} },
          { entityId: b, action: 'assign_to_town', payload: report('boom') },
          { entityId: c, action: 'assign_to_town', payload: report('三') },
          { entity: 'roster', kind: 'upsert', entityId: 'r1', payload: { n: 1 } },
        ],
        1,
      );
      expect(await x.inbox.applyPage(page, '5')).toBe(4);
      const rows = await x.core.db.read((sql) => sql.all<{ id: string; state: string }>(`SELECT id, state FROM event WHERE id IN (?, ?, ?) ORDER BY title`, [a, b, c]));
      expect(rows).toEqual([
        { id: a, state: 'accepted' },
        { id: c, state: 'reported' },
      ]);
      const problems = await x.core.db.read((sql) => inboxProblems(sql, 10));
      expect(problems.map((p) => [p.entity_id, p.reason, p.message])).toEqual([[b, 'failed', expect.stringMatching(/no boom here/)]]);
      expect(await x.core.db.read((sql) => sql.all(`SELECT entity_id, version FROM sync_record`))).toEqual([{ entity_id: 'r1', version: 1 }]);
      expect(await x.core.db.read((sql) => sql.all(`SELECT value FROM meta WHERE key = 'sync_cursor'`))).toEqual([{ value: '5' }]);
    } finally {
      await x.core.close();
    }
  });
});
