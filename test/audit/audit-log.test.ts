/**
 * The audit log viewer (main/core/audit): the kernel's audit rows and the events' timelines in one
 * list, newest first; filters by person, kind and time; paging by cursor that neither skips nor
 * repeats a row over thousands; 打开 (the record a row touched: an event, or a record's fields
 * without credentials); the .xlsx export with Chinese names and every text cell escaped against
 * formula injection. A town set up in the test; one test reports an event in the demo town
 * (the only town here with a catalogue) and asserts only on what it made.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import type { Actor } from '../../main/core/kernel/actor';
import { ManualClock } from '../../main/core/kernel/clock';
import { callApi } from '../../main/ipc/handlers';
import { makeCore } from '../support/core';
import { refusedWith } from '../support/refused';
import { ownTown, square } from '../town-admin/own-town';

let dir: string;
let core: Core;
let admin: Actor;
let clock: ManualClock;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-audit-'));
  clock = new ManualClock('2026-11-23T01:00:00.000Z');
  ({ core, admin } = await ownTown(dir, clock));
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

const person = (name: string, roles: ('officer' | 'leader' | 'board_staff')[], username: string | null = null) =>
  core.townAdmin.addPerson(admin, { name, phone: '', roles, boardCode: null, username });

describe('filters', () => {
  it('by person, by kind and by time range; names in place of ids, deactivated people included', async () => {
    const t0 = clock.now().toISOString();
    const leader = await person('唐秀英', ['leader'], 'tangxiuying');
    const worker = await person('曹磊', ['board_staff']);
    clock.advance(3600_000);
    const t1 = clock.now().toISOString();
    await core.auth.login('tangxiuying', leader.oneTimePassword!);
    await core.townAdmin.editPerson(admin, { personId: worker.personId, name: '曹磊', phone: '13600000000', roles: ['board_staff'], boardCode: null });
    clock.advance(3600_000);
    await core.townAdmin.setPersonActive(admin, worker.personId, false);
    const leaderActor: Actor = { id: leader.personId, roles: ['leader'] };

    const everything = await core.audit.list(leaderActor, { limit: 100 });
    // Newest first; the set-up's own row at the end.
    expect(everything.rows.map((r) => r.kind)).toEqual(['person.deactivate', 'person.edit', 'login', 'person.add', 'person.add', 'town.setup']);
    expect(everything.total).toBe(6);
    expect(everything.nextCursor).toBeNull();
    expect(everything.rows[0]).toMatchObject({ actorId: admin.id, actorName: '周敏', entity: 'person', entityId: worker.personId, subject: '曹磊' });

    const byLeader = await core.audit.list(leaderActor, { actorId: leader.personId, limit: 100 });
    expect(byLeader.rows.map((r) => [r.kind, r.actorName])).toEqual([['login', '唐秀英']]);

    const byKind = await core.audit.list(leaderActor, { kinds: ['person.add', 'person.deactivate'], limit: 100 });
    expect(byKind.rows.map((r) => r.kind)).toEqual(['person.deactivate', 'person.add', 'person.add']);
    expect(byKind.total).toBe(3);

    const inTheHour = await core.audit.list(leaderActor, { from: t1, to: new Date(Date.parse(t1) + 3600_000).toISOString(), limit: 100 });
    expect(inTheHour.rows.map((r) => r.kind)).toEqual(['person.edit', 'login']);
    const before = await core.audit.list(leaderActor, { to: t1, limit: 100 });
    expect(before.rows.every((r) => r.at >= t0 && r.at < t1)).toBe(true);

    // The filter's lists: the kinds with their counts, and everyone (the deactivated too).
    const kinds = new Map((await core.audit.kinds(leaderActor)).map((k) => [k.kind, k.count]));
    expect(kinds.get('person.add')).toBe(2);
    expect(core.audit.actors(leaderActor).find((p) => p.id === worker.personId)).toEqual({ id: worker.personId, name: '曹磊', active: false });
  });

  it('only leaders and administrators read it (refused through the door too)', async () => {
    const officer = await person('魏东', ['officer']);
    const actor: Actor = { id: officer.personId, roles: ['officer'] };
    await refusedWith(core.audit.list(actor, { limit: 10 }), 'forbidden');
    await refusedWith(core.audit.record(actor, 'person', officer.personId), 'forbidden');
    const answer = await callApi(core, { actor }, 'audit:export', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('paging over thousands of rows', () => {
  it('pages by cursor newest first, across both sources and rows of the same instant, never skipping or repeating one', async () => {
    // Rows as a busy year leaves them: audit and timeline rows interleaved, many at the same instant.
    await core.db.write(async (sql) => {
      const base = Date.parse('2026-01-01T00:00:00.000Z');
      for (let i = 0; i < 3000; i++) {
        const at = new Date(base + Math.floor(i / 3) * 60_000).toISOString();
        await sql.run(`INSERT INTO audit_log (at, actor_id, action, entity, entity_id, detail) VALUES (?,?,?,?,?,?)`, [at, admin.id, 'dutyLog.add', 'dutyLog', `d${i}`, '{}']);
        if (i % 2 === 0) {
          await sql.run(`INSERT INTO event_timeline (event_id, action, from_state, to_state, actor_id, at, payload) VALUES (?,?,?,?,?,?,?)`, [
            `e${i}`,
            'accept',
            'reported',
            'accepted',
            admin.id,
            at,
            '{}',
          ]);
        }
      }
    });
    const filter = { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' };
    const seen: string[] = [];
    const times: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await core.audit.list(admin, { ...filter, cursor, limit: 500 });
      expect(page.total).toBe(4500);
      seen.push(...page.rows.map((r) => r.key));
      times.push(...page.rows.map((r) => r.at));
      pages += 1;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(pages).toBe(9);
    expect(seen).toHaveLength(4500);
    expect(new Set(seen).size).toBe(4500);
    expect([...times].sort().reverse()).toEqual(times);
    // Only event kinds: the timeline's rows alone.
    const events = await core.audit.list(admin, { ...filter, kinds: ['event.accept'], limit: 10 });
    expect(events.total).toBe(1500);
    expect(events.rows.every((r) => r.kind === 'event.accept' && r.entity === 'event')).toBe(true);
    await refusedWith(core.audit.list(admin, { cursor: 'nonsense', limit: 10 }), 'invalid');
  });
});

describe('打开 and export', () => {
  it("opens a person's record without credentials and a grid's without its shape", async () => {
    const p = await person('严佳', ['officer'], 'yanjia');
    await core.townAdmin.addGrid(admin, {
      code: 'YJ-1',
      name: '严家网格',
      village: '严家村',
      villageCode: '',
      households: 88,
      gridWorkerId: p.personId,
      geometry: JSON.stringify(square()),
    });
    const personRecord = await core.audit.record(admin, 'person', p.personId);
    expect(personRecord.kind).toBe('record');
    const fields = personRecord.kind === 'record' ? Object.fromEntries(personRecord.fields.map((f) => [f.key, f.value])) : {};
    expect(fields).toMatchObject({ name: '严佳', username: 'yanjia', roles: 'officer', active: '1' });
    expect(Object.keys(fields)).not.toContain('passwordHash');
    expect(JSON.stringify(personRecord)).not.toContain('scrypt');
    const gridRecord = await core.audit.record(admin, 'grid', 'YJ-1');
    expect(gridRecord.kind === 'record' && gridRecord.fields.map((f) => f.key)).not.toContain('geometry');
    expect(await core.audit.record(admin, 'person', 'nobody')).toEqual({ kind: 'missing', entity: 'person' });
    expect(await core.audit.record(admin, 'sync_op', 'x')).toEqual({ kind: 'missing', entity: 'sync_op' });
  });

  it('exports what the filter finds as .xlsx: Chinese headers and names, Beijing time, cells that could start a formula escaped', async () => {
    const hostile = await person('=HYPERLINK("http://evil","点我")', ['officer']);
    await core.townAdmin.editPerson(admin, { personId: hostile.personId, name: '+cmd|/C calc', phone: '-1', roles: ['officer'], boardCode: null });
    const answer = await callApi(core, { actor: admin }, 'audit:export', { kinds: ['person.add', 'person.edit'] }, { checkResponses: true });
    expect(answer.ok).toBe(true);
    const file = (answer as { ok: true; data: { fileName: string; dataBase64: string } }).data;
    expect(file.fileName).toMatch(/^东湖街道基层治理指挥中心审计日志-2026-11-23\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.dataBase64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('审计日志')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['时间（北京时间）', '操作人', '操作', '对象类型', '对象', '对象编号', '详情']);
    const rows = [2, 3].map((n) => (ws.getRow(n).values as unknown[]).slice(1).map(String));
    expect(rows.map((r) => r[2])).toEqual(['修改人员', '新增人员']);
    expect(rows[0]![0]).toBe('2026-11-23 09:00:00');
    expect(rows[0]![1]).toBe('周敏');
    expect(rows[0]![3]).toBe('人员');
    // The subject (the person's name now) begins with + : written as text.
    expect(rows[0]![4]).toBe("'+cmd|/C calc");
    // No cell of the sheet begins with = + - @ unescaped.
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') expect(/^[=+\-@\t\r]/.test(cell.value), cell.value).toBe(false);
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
      }),
    );
    const info = wb.getWorksheet('导出说明')!;
    const infoText = JSON.stringify(info.getSheetValues());
    expect(infoText).toContain('新增人员、修改人员');
    expect(infoText).toContain('2 条');
  });
});

describe('an event row', () => {
  it('is listed from the timeline with its title, and 打开 names the event', async () => {
    const demo = await makeCore();
    try {
      const code = [...demo.core.town.catalogue.keys()][0]!;
      const eventId = await demo.core.events.report(demo.officer, { title: '审计测试：井盖缺失', categoryCode: code, level: 'general', source: 'phone' });
      const page = await demo.core.audit.list(demo.leader, { kinds: ['event.report'], limit: 5 });
      expect(page.rows[0]).toMatchObject({ kind: 'event.report', entity: 'event', entityId: eventId, subject: '审计测试：井盖缺失', actorId: demo.officer.id });
      expect(await demo.core.audit.record(demo.leader, 'event', eventId)).toEqual({ kind: 'event', eventId });
    } finally {
      await demo.close();
    }
  });
});
