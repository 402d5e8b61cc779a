/**
 * The watch's upserts against the reference district server (real HTTP on loopback): a generated
 * roster, an absence, the duty log and a signed handover all reach the server once, applied, and a
 * second console of the town receives them (folded into its sync records, the signed handover final);
 * an absence entered on one console moves the acting holders on the other.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { ManualClock } from '../../main/core/kernel/clock';
import type { Actor } from '../../main/core/kernel/actor';
import { startDistrictServer, type DistrictServer } from '../district/server';
import { SAMPLE_PASSWORD, sampleTown } from '../support/sample-town-core';
import { NODE_A, NODE_B, syncingCore, TOKENS } from '../sync/harness';
import { BEFORE_JANUARY, bj } from './helpers';

let dir: string;
let server: DistrictServer;
const cores: Core[] = [];
const clock = new ManualClock(BEFORE_JANUARY);

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-roster-sync-'));
  server = await startDistrictServer({ port: 0, dataDir: path.join(dir, 'district'), tokens: TOKENS, pingIntervalMs: 200 });
});
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function consoleCore(name: string, nodeId: string, token: string): Promise<Core> {
  const core = await syncingCore({ dir, name, nodeId, token, upstream: server.url, clock });
  cores.push(core);
  return core;
}

const admin = (core: Core): Actor => sampleTown(core).admin;
const officer = (core: Core): Actor => sampleTown(core).officer;
const leader = (core: Core): Actor => sampleTown(core).leader;

describe('the watch syncs as upserts', () => {
  it('reaches the server once, applied, and the other console of the town folds it in', async () => {
    const a = await consoleCore('a', NODE_A, 'tok-a');
    const january = await a.roster.generate(admin(a), '2026-01');
    await a.roster.addAbsence(leader(a), { personId: officer(a).id, kind: 'training', from: '2026-01-20', to: '2026-01-20' });
    clock.set(bj('2026-01-05', '17:00'));
    const day = january.days[4]!.shifts[0]!;
    const night = january.days[4]!.shifts[1]!;
    const outgoing = day.roles.find((r) => r.key === 'officer')!.slots[0]!.personId!;
    const incoming = night.roles.find((r) => r.key === 'officer')!.slots[0]!.personId!;
    const desk: Actor = { id: outgoing, roles: a.town.people.get(outgoing)!.roles };
    await a.dutyLog.add(desk, { kind: 'call', text: '接区应急办电话' });
    const h = await a.handovers.generate(desk);
    await a.handovers.confirm(
      desk,
      h.id,
      h.items.map((i) => i.id),
      true,
    );
    await a.handovers.sign(desk, { handoverId: h.id, side: 'outgoing', username: a.town.people.get(outgoing)!.username, password: SAMPLE_PASSWORD });
    await a.handovers.sign(desk, { handoverId: h.id, side: 'incoming', username: a.town.people.get(incoming)!.username, password: SAMPLE_PASSWORD });

    const pushed = await a.sync!.syncOnce();
    expect(pushed.pushed).toBeGreaterThan(63);
    const problems = await a.sync!.problems();
    expect(problems).toEqual([]);
    const pending = await a.db.read((sql) => sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM outbox WHERE status != 'sent'`));
    expect(pending?.n).toBe(0);

    const b = await consoleCore('b', NODE_B, 'tok-b');
    await b.sync!.syncOnce();
    const records = await b.db.read((sql) => sql.all<{ entity: string; n: number }>(`SELECT entity, COUNT(*) AS n FROM sync_record GROUP BY entity ORDER BY entity`));
    expect(records).toEqual([
      { entity: 'absence', n: 1 },
      { entity: 'dutyLog', n: 1 },
      { entity: 'handover', n: 1 },
      { entity: 'roster', n: 1 },
      { entity: 'shift', n: 62 },
    ]);
    const signed = await b.db.read((sql) => sql.get<{ payload: string }>(`SELECT payload FROM sync_record WHERE entity = 'handover'`));
    expect(JSON.parse(signed!.payload)).toMatchObject({ signedAt: bj('2026-01-05', '17:00'), shiftId: day.id });
  });

  it('an absence entered on one console moves the acting holder on the other; cancelling it moves it back', async () => {
    const a = await consoleCore('a', NODE_A, 'tok-a');
    const b = await consoleCore('b', NODE_B, 'tok-b');
    clock.set(bj('2026-01-07', '10:00'));
    const { post } = sampleTown(b).heldPost;
    expect(b.town.holderAt(post).personId).toBe(post.aPersonId);
    const { absence } = await a.roster.addAbsence(leader(a), { personId: post.aPersonId!, kind: 'business_trip', from: '2026-01-07', to: '2026-01-08' });
    await a.sync!.syncOnce();
    await b.sync!.syncOnce();
    expect(b.town.holderAt(post)).toMatchObject({ personId: post.bPersonId, as: 'B' });
    expect((await b.roster.absences(leader(b), { includeCancelled: false })).map((x) => x.id)).toEqual([absence.id]);

    await a.roster.cancelAbsence(leader(a), absence.id);
    await a.sync!.syncOnce();
    await b.sync!.syncOnce();
    expect(b.town.holderAt(post).personId).toBe(post.aPersonId);
    expect(await b.roster.absences(leader(b), { includeCancelled: false })).toEqual([]);
  });

  it("an absence from another console is audited by the sync page's command (the system), and sent nowhere", async () => {
    const a = await consoleCore('a', NODE_A, 'tok-a');
    const b = await consoleCore('b', NODE_B, 'tok-b');
    clock.set(bj('2026-01-07', '10:00'));
    const personId = officer(a).id;
    const { absence } = await a.roster.addAbsence(leader(a), { personId, kind: 'training', from: '2026-01-09', to: '2026-01-09' });
    await a.sync!.syncOnce();
    clock.set(bj('2026-01-07', '10:05'));
    await b.sync!.syncOnce();
    await a.roster.cancelAbsence(leader(a), absence.id);
    await a.sync!.syncOnce();
    clock.set(bj('2026-01-07', '10:10'));
    await b.sync!.syncOnce();

    const audit = await b.db.read((sql) =>
      sql.all<{ at: string; actor_id: string | null; action: string; entity: string; entity_id: string; detail: string }>(
        `SELECT at, actor_id, action, entity, entity_id, detail FROM audit_log WHERE entity = 'absence' ORDER BY id`,
      ),
    );
    expect(audit.map((r) => ({ ...r, detail: JSON.parse(r.detail) as unknown }))).toEqual([
      {
        at: bj('2026-01-07', '10:05'),
        actor_id: 'system',
        action: 'absence.synced',
        entity: 'absence',
        entity_id: absence.id,
        detail: { personId, kind: 'training', cancelled: false, opAt: bj('2026-01-07', '10:00') },
      },
      {
        at: bj('2026-01-07', '10:10'),
        actor_id: 'system',
        action: 'absence.synced',
        entity: 'absence',
        entity_id: absence.id,
        detail: { personId, kind: 'training', cancelled: true, opAt: bj('2026-01-07', '10:05') },
      },
    ]);
    // Folded in, not made here: nothing of it goes back to the district.
    const outgoing = await b.db.read((sql) => sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM outbox WHERE entity = 'absence'`));
    expect(outgoing?.n).toBe(0);
  });
});
