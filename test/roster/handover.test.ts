/**
 * The signed handover on a real core: generated over a shift with open, overdue, escalated and
 * returned events (each listed), the duty log and the fixed checks; confirmed and annotated; signed
 * by two officers re-entering their passwords; final once signed (the service refuses, the
 * database's triggers too); synced as a signed upsert; an online backup that opens and passes
 * `PRAGMA integrity_check`; and a PDF whose first page is rendered to PNG.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../main/core/town/town.service';
import type { Handover, RosterView, ShiftView } from '../../preload/contract/roster-schemas';
import type { TestCore } from '../support/core';
import { refusedWith } from '../support/refused';
import { actorOf, bj, outboxOf, rosterCore, usernameOf, watchState } from './helpers';

let t: TestCore;
let january: RosterView;
let day: ShiftView;
let night: ShiftView;
const ids: Record<string, string> = {};

const shiftOn = (view: RosterView, date: string, template: string): ShiftView => view.days.find((d) => d.date === date)!.shifts.find((s) => s.templateCode === template)!;
const person = (s: ShiftView, key: string, slot = 0) => s.roles.find((r) => r.key === key)!.slots[slot]!.personId!;

beforeEach(async () => {
  t = await rosterCore();
  january = await t.core.roster.generate(t.admin, '2026-01');
  day = shiftOn(january, '2026-01-05', 'day');
  night = shiftOn(january, '2026-01-05', 'night');
  // A day shift's live state: events in every condition, and its duty log.
  t.clock.set(bj('2026-01-05', '09:00'));
  const officer = actorOf(t, person(day, 'officer', 0));
  const leader = actorOf(t, person(day, 'leader'));
  const report = (title: string, level: 'general' | 'serious' = 'general', categoryCode = 'CITY-002') =>
    t.core.events.report(officer, { title, categoryCode, level, source: 'phone' });
  ids.late = await report('人民路口占道经营');
  const item = t.core.town.catalogue.get('CITY-002')!;
  await t.core.events.acceptAndDispatch(officer, { eventId: ids.late, leadPostId: item.leadPostId, cooperatingPostIds: [...item.cooperatingPostIds] });
  ids.escalated = await report('跨镇街河道污染，需区级协调');
  await t.core.events.escalate(officer, ids.escalated, '涉及相邻镇街，请区里统筹');
  ids.returned = await report('不属于本镇管辖的工单');
  await t.core.events.requestReturn(leader, ids.returned, '属于相邻街道'); // the leader's own return: returned at once
  ids.pendingReturn = await report('重复派发的工单');
  await t.core.events.requestReturn(officer, ids.pendingReturn, '与已办结工单重复'); // waits for the leader
  ids.closed = await report('咨询办事流程');
  await t.core.events.accept(officer, ids.closed);
  await t.core.events.close(officer, ids.closed, '已电话答复');
  ids.log1 = (await t.core.dutyLog.add(officer, { kind: 'call', text: '接区应急办电话：今夜有大风，注意巡查' })).id;
  ids.log2 = (await t.core.dutyLog.add(leader, { kind: 'instruction', text: '带班领导要求各村加强夜间值守' })).id;
  t.clock.set(bj('2026-01-05', '16:50'));
  ids.overdue = await report('燃气泄漏报警', 'serious', 'SAFE-002');
  t.clock.set(bj('2026-01-05', '17:04'));
  ids.open = await report('锦绣小区门口车辆乱停');
  t.clock.set(bj('2026-01-05', '17:05')); // the gas leak's accept clock and the morning dispatch's acknowledge clock have run out
});
afterEach(async () => {
  await t.close();
});

const out = (h: Handover) => h.items.map((i) => [i.kind, i.refId]);

async function readyToSign(officerId: string): Promise<Handover> {
  const h = await t.core.handovers.generate(actorOf(t, officerId));
  const [first, ...rest] = h.items;
  await t.core.handovers.annotate(actorOf(t, officerId), h.id, first!.id, '已电话联系处置人员，夜班继续跟进');
  return t.core.handovers.confirm(
    actorOf(t, officerId),
    h.id,
    rest.map((i) => i.id),
    true,
  );
}

describe('generating the handover', () => {
  it('lists each open, overdue, escalated and returned event (and a return awaiting approval), the alarms, the shift’s duty log and the fixed checks', async () => {
    const officer = person(day, 'officer', 0);
    const h = await t.core.handovers.generate(actorOf(t, officer));
    expect(h).toMatchObject({ status: 'draft', shift: { id: day.id }, nextShift: { id: night.id }, generatedBy: officer, signedAt: null });
    expect(out(h)).toEqual(
      expect.arrayContaining([
        ['overdue_event', ids.overdue],
        ['overdue_event', ids.late],
        ['waiting_district', ids.escalated],
        ['waiting_district', ids.returned],
        ['open_event', ids.open],
        ['duty_log', ids.log1],
        ['duty_log', ids.log2],
        ['check', 'phone'],
        ['check', 'radio'],
        ['check', 'video_link'],
        ['check', 'wall'],
      ]),
    );
    // Returned to the district: waiting on it. A return still waiting on the leader: still the desk's, marked so.
    expect(h.items.find((i) => i.refId === ids.returned)).toMatchObject({ kind: 'waiting_district', detail: { state: 'returned' } });
    // Its clock stands while the return waits for the leader (GB/T 30428, #15): open, waiting, not overdue.
    expect(h.items.find((i) => i.refId === ids.pendingReturn)).toMatchObject({ kind: 'open_event', detail: { pendingReturn: 'true' } });
    expect(h.items.some((i) => i.refId === ids.closed)).toBe(false);
    expect(h.items.find((i) => i.refId === ids.overdue)!.detail).toMatchObject({ level: 'serious', state: 'reported', dueKind: 'accept' });
    expect(h.items.filter((i) => i.kind === 'alarm').length).toBeGreaterThanOrEqual(1); // the new serious event
    expect(h.stats).toEqual({ reported: 7, closed: 1, open: 6, overdue: 2, held: 0, waitingDistrict: 2, dutyLog: 2 });
    // Sorted: overdue first, checks near the end.
    expect(h.items[0]!.kind).toBe('overdue_event');
    expect(h.pendingItems).toBe(h.items.length);
  });

  it('refreshes from the live state, keeping what was confirmed and dropping what closed', async () => {
    const officer = actorOf(t, person(day, 'officer', 0));
    const h = await t.core.handovers.generate(officer);
    const open = h.items.find((i) => i.refId === ids.open)!;
    const phone = h.items.find((i) => i.refId === 'phone')!;
    await t.core.handovers.confirm(officer, h.id, [phone.id], true);
    await t.core.handovers.addItem(officer, h.id, '王先生约定明早9点回电');
    await t.core.events.escalate(officer, ids.open, '需区里协调执法力量');
    const again = await t.core.handovers.generate(officer);
    expect(again.id).toBe(h.id);
    expect(again.items.find((i) => i.id === phone.id)).toMatchObject({ confirmed: true, confirmedBy: officer.id });
    expect(again.items.some((i) => i.id === open.id)).toBe(false);
    expect(again.items.find((i) => i.refId === ids.open)!.kind).toBe('waiting_district');
    expect(again.items.find((i) => i.kind === 'note')).toMatchObject({ title: '王先生约定明早9点回电', note: '王先生约定明早9点回电' });
  });

  it('is for officers and leaders; a shift not started yet cannot be handed over', async () => {
    await refusedWith(t.core.handovers.generate(t.wall), 'forbidden');
    await refusedWith(t.core.handovers.generate(t.officer, shiftOn(january, '2026-01-09', 'day').id), 'invalid');
  });
});

describe('signing', () => {
  it('needs every item confirmed or annotated, the right people, and their passwords; then it is final', async () => {
    const outgoing = person(day, 'officer', 0);
    const incoming = person(night, 'officer', 0);
    const desk = actorOf(t, outgoing);
    const draft = await t.core.handovers.generate(desk);
    await refusedWith(t.core.handovers.sign(desk, { handoverId: draft.id, side: 'outgoing', username: usernameOf(t, outgoing), password: DEMO_PASSWORD }), 'handover_incomplete');
    const ready = await readyToSign(outgoing);
    expect(ready.pendingItems).toBe(0);
    const before = await watchState(t);
    await refusedWith(t.core.handovers.sign(desk, { handoverId: ready.id, side: 'outgoing', username: usernameOf(t, outgoing), password: 'wrong' }), 'bad_credentials');
    const stranger = [...t.core.town.people.values()].find((p) => p.roles.includes('officer') && !day.roles.some((r) => r.slots.some((s) => s.personId === p.id)))!;
    await refusedWith(t.core.handovers.sign(desk, { handoverId: ready.id, side: 'outgoing', username: stranger.username, password: DEMO_PASSWORD }), 'not_on_shift');
    // Only the refused attempt was logged.
    expect((await watchState(t)).length).toBeGreaterThan(before.length);
    const failed = await t.core.db.read((sql) => sql.all<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'handover' AND action = 'handover.sign_failed'`));
    expect(failed).toHaveLength(1);

    const first = await t.core.handovers.sign(desk, { handoverId: ready.id, side: 'outgoing', username: usernameOf(t, outgoing), password: DEMO_PASSWORD });
    expect(first.handover).toMatchObject({ status: 'signing', outgoing: { personId: outgoing }, incoming: null, signedAt: null });
    expect(first.backup).toBeNull();
    // From the first signature the content is frozen.
    await refusedWith(t.core.handovers.confirm(desk, ready.id, [ready.items[0]!.id], false), 'handover_signed');
    await refusedWith(t.core.handovers.sign(desk, { handoverId: ready.id, side: 'incoming', username: usernameOf(t, outgoing), password: DEMO_PASSWORD }), 'same_signer');
    await refusedWith(
      t.core.handovers.sign(desk, { handoverId: ready.id, side: 'incoming', username: usernameOf(t, person(day, 'officer', 1)), password: DEMO_PASSWORD }),
      'not_on_shift',
    );

    t.clock.set(bj('2026-01-05', '17:31'));
    const signed = await t.core.handovers.sign(desk, { handoverId: ready.id, side: 'incoming', username: usernameOf(t, incoming), password: DEMO_PASSWORD });
    expect(signed.handover).toMatchObject({
      status: 'signed',
      outgoing: { personId: outgoing },
      incoming: { personId: incoming, signedAt: bj('2026-01-05', '17:31') },
      signedAt: bj('2026-01-05', '17:31'),
    });
    expect(signed.handover.contentHash).toMatch(/^[0-9a-f]{64}$/);

    // Synced: every upsert before the last has no signedAt; the last has it.
    const ops = await outboxOf(t, 'handover');
    expect(ops.slice(0, -1).every((o) => !('signedAt' in o.payload))).toBe(true);
    expect(ops.at(-1)!.payload).toMatchObject({ signedAt: bj('2026-01-05', '17:31'), shiftId: day.id, outgoing: { personId: outgoing }, incoming: { personId: incoming } });

    // The backup taken at the signature opens and passes integrity_check, and holds the signed handover.
    expect(signed.backupError).toBeNull();
    expect(signed.backup?.name).toMatch(/handover\.sqlite$/);
    const file = path.join(t.dir, 'backups', signed.backup!.name);
    expect(existsSync(file)).toBe(true);
    const copy = new Database(file, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.prepare(`SELECT signed_at FROM handover WHERE id = ?`).get(ready.id)).toEqual({ signed_at: bj('2026-01-05', '17:31') });
      expect((copy.prepare(`SELECT COUNT(*) AS n FROM duty_log_fts WHERE duty_log_fts MATCH '"大风"'`).get() as { n: number }).n).toBe(0); // two characters: below the trigram
      expect((copy.prepare(`SELECT COUNT(*) AS n FROM duty_log_fts WHERE duty_log_fts MATCH '"有大风"'`).get() as { n: number }).n).toBe(1);
    } finally {
      copy.close();
    }
  });

  it('a signed handover refuses every change, in the service and in the database', async () => {
    const outgoing = person(day, 'officer', 0);
    const desk = actorOf(t, outgoing);
    const ready = await readyToSign(outgoing);
    await t.core.handovers.sign(desk, { handoverId: ready.id, side: 'outgoing', username: usernameOf(t, outgoing), password: DEMO_PASSWORD });
    await t.core.handovers.sign(desk, { handoverId: ready.id, side: 'incoming', username: usernameOf(t, person(night, 'leader')), password: DEMO_PASSWORD });
    // The signature's own consequence (值班日报 over the shift, made by the system after the commit) is in
    // before the refusals are tried: what follows must change nothing.
    await t.core.reports.idle();
    const before = await watchState(t);
    await refusedWith(t.core.handovers.generate(desk, day.id), 'handover_signed');
    await refusedWith(t.core.handovers.confirm(desk, ready.id, [ready.items[1]!.id], false), 'handover_signed');
    await refusedWith(t.core.handovers.annotate(desk, ready.id, ready.items[1]!.id, '改一下'), 'handover_signed');
    await refusedWith(t.core.handovers.addItem(desk, ready.id, '补充'), 'handover_signed');
    await refusedWith(
      t.core.handovers.sign(desk, { handoverId: ready.id, side: 'incoming', username: usernameOf(t, person(night, 'officer')), password: DEMO_PASSWORD }),
      'handover_signed',
    );
    // The shift's duty log is part of the final record now.
    await refusedWith(t.core.dutyLog.edit(desk, { entryId: ids.log1, text: '改写' }), 'handover_signed');
    await refusedWith(t.core.dutyLog.remove(actorOf(t, person(day, 'leader')), ids.log2), 'handover_signed');
    expect((await t.core.dutyLog.get(ids.log1)).editable).toBe(false);
    // Even SQL that bypasses the service cannot change it.
    await expect(t.core.db.write((sql) => sql.run(`UPDATE handover SET stats = '{}' WHERE id = ?`, [ready.id]))).rejects.toThrow(/signed handover never changes/);
    await expect(t.core.db.write((sql) => sql.run(`UPDATE handover_item SET note = 'x' WHERE handover_id = ?`, [ready.id]))).rejects.toThrow(/signed handover never changes/);
    await expect(t.core.db.write((sql) => sql.run(`DELETE FROM handover_item WHERE handover_id = ?`, [ready.id]))).rejects.toThrow(/signed handover never changes/);
    await expect(t.core.db.write((sql) => sql.run(`DELETE FROM handover WHERE id = ?`, [ready.id]))).rejects.toThrow(/signed handover never changes/);
    expect(await watchState(t)).toBe(before);
  });
});

describe('the PDF', () => {
  it('has the centre’s name, both signatures and times, in a font the app ships; its first page renders', async () => {
    const outgoing = person(day, 'officer', 0);
    const incoming = person(night, 'officer', 0);
    const desk = actorOf(t, outgoing);
    const ready = await readyToSign(outgoing);
    await t.core.handovers.addItem(desk, ready.id, '王先生约定明早9点回电，请夜班留意');
    await t.core.handovers.sign(desk, { handoverId: ready.id, side: 'outgoing', username: usernameOf(t, outgoing), password: DEMO_PASSWORD });
    t.clock.set(bj('2026-01-05', '17:32'));
    const signed = await t.core.handovers.sign(desk, { handoverId: ready.id, side: 'incoming', username: usernameOf(t, incoming), password: DEMO_PASSWORD });
    const file = await t.core.handovers.pdf(desk, ready.id);
    expect(file).toMatchObject({ mimeType: 'application/pdf', fileName: '交接班记录-20260105-白班.pdf' });
    const bytes = Buffer.from(file.dataBase64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // The font is embedded (a subset), and nothing refers to a system font file.
    expect(bytes.toString('latin1')).toMatch(/FontFile3|FontFile2/);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'handover-pdf-'));
    const pdf = path.join(dir, 'handover.pdf');
    writeFileSync(pdf, bytes);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    const name = (id: string) => t.core.town.people.get(id)!.name;
    for (const words of [
      '青溪镇基层治理指挥中心',
      '交接班记录',
      '已签署',
      name(outgoing),
      name(incoming),
      '2026-01-05 17:32',
      '燃气泄漏报警',
      '王先生约定明早9点回电',
      signed.handover.contentHash!,
    ]) {
      expect(text.replace(/\s+/g, '')).toContain(words.replace(/\s+/g, ''));
    }
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', pdf, path.join(dir, 'page')]);
    const png = path.join(dir, 'page-1.png');
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    // HANDOVER_PDF_OUT=<folder> keeps the PDF and its first page for a person to look at.
    if (process.env.HANDOVER_PDF_OUT) {
      mkdirSync(process.env.HANDOVER_PDF_OUT, { recursive: true });
      copyFileSync(pdf, path.join(process.env.HANDOVER_PDF_OUT, 'handover.pdf'));
      copyFileSync(png, path.join(process.env.HANDOVER_PDF_OUT, 'handover-page-1.png'));
    }
  });
});
