/**
 * The roster spreadsheet: export → import round-trips identically (into the same core, and into a
 * fresh one with no roster yet); an edited cell imports as that one change; and a broken or foreign
 * spreadsheet gets a clear error at its cell and imports nothing — wrong headings, unknown names,
 * dates outside the month, merged cells, formulas, a 20 MB file, and more.
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi, type Session } from '../../main/ipc/handlers';
import { DEMO_PASSWORD } from '../../main/core/town/town.service';
import type { ImportResponse, RosterView } from '../../preload/contract/roster-schemas';
import { makeCore, type TestCore } from '../support/core';
import { BEFORE_JANUARY, outboxOf, rosterCore, watchState } from './helpers';

let t: TestCore;
let january: RosterView;
let exported: Buffer;
beforeEach(async () => {
  t = await rosterCore();
  january = await t.core.roster.generate(t.admin, '2026-01');
  exported = Buffer.from((await t.core.roster.exportXlsx(t.admin, '2026-01')).dataBase64, 'base64');
});
afterEach(async () => {
  await t.close();
});

/** Who is where, by date, shift and role (ids are per database; people are the demo town's). */
const cells = (v: RosterView) =>
  v.days.flatMap((d) => d.shifts.flatMap((s) => s.roles.map((r) => `${d.date} ${s.templateCode} ${r.key}: ${r.slots.map((x) => x.name ?? '-').join('、')}`)));

async function sheetValues(bytes: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

async function edited(change: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(exported as unknown as ArrayBuffer);
  change(wb.worksheets[0]!);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function refused(bytes: Buffer): Promise<ImportResponse> {
  const before = await watchState(t);
  const result = await t.core.roster.importXlsx(t.admin, '2026-01', bytes);
  expect(result.imported).toBe(false);
  expect(result.roster).toBeNull();
  expect(result.problems.length).toBeGreaterThan(0);
  expect(await watchState(t)).toBe(before);
  return result;
}

describe('the layout a town publishes', () => {
  it('has a title row with the centre and the month, a heading per role, one row per day', async () => {
    const rows = await sheetValues(exported);
    expect(rows[0]![0]).toBe('青溪镇基层治理指挥中心2026年1月值班表');
    expect(rows[1]).toEqual([
      '日期',
      '星期',
      '白班·带班领导',
      '白班·值班员',
      '白班·党的建设值班',
      '白班·经济发展值班',
      '白班·民生服务值班',
      '白班·平安法治值班',
      '夜班·带班领导',
      '夜班·值班员',
      '夜班·党的建设值班',
      '夜班·经济发展值班',
      '夜班·民生服务值班',
      '夜班·平安法治值班',
      '备注',
    ]);
    expect(rows).toHaveLength(2 + 31);
    expect(rows[2]!.slice(0, 2)).toEqual(['2026-01-01', '周四']);
    expect(rows[2]![14]).toBe('元旦');
    const day1 = january.days[0]!.shifts[0]!;
    expect(rows[2]![3]).toBe(
      day1.roles
        .find((r) => r.key === 'officer')!
        .slots.map((s) => s.name)
        .join('、'),
    );
  });
});

describe('round trip', () => {
  it('export → import changes nothing, and exports the same sheet again', async () => {
    const shiftOps = (await outboxOf(t, 'shift')).length;
    const result = await t.core.roster.importXlsx(t.admin, '2026-01', exported);
    expect(result).toMatchObject({ imported: true, problems: [] });
    expect(cells(result.roster!)).toEqual(cells(january));
    expect((await outboxOf(t, 'shift')).length).toBe(shiftOps); // no shift changed
    const again = Buffer.from((await t.core.roster.exportXlsx(t.admin, '2026-01')).dataBase64, 'base64');
    expect(await sheetValues(again)).toEqual(await sheetValues(exported));
  });

  it('imports into a console that has no roster for the month yet, identically', async () => {
    const other = await makeCore(BEFORE_JANUARY);
    try {
      const result = await other.core.roster.importXlsx(other.admin, '2026-01', exported);
      expect(result.problems).toEqual([]);
      expect(cells(result.roster!)).toEqual(cells(january));
      expect(await outboxOf(other, 'shift')).toHaveLength(62);
      const back = Buffer.from((await other.core.roster.exportXlsx(other.admin, '2026-01')).dataBase64, 'base64');
      expect(await sheetValues(back)).toEqual(await sheetValues(exported));
    } finally {
      await other.close();
    }
  });

  it('an edited day imports as that one change, synced and audited', async () => {
    const day10 = january.days.find((d) => d.date === '2026-01-10')!.shifts[0]!;
    const officers = day10.roles.find((r) => r.key === 'officer')!.slots;
    const someoneElse = january.fairness.find((f) => f.pool === 'officer' && !day10.roles.some((r) => r.slots.some((s) => s.personId === f.personId)))!;
    const before = (await outboxOf(t, 'shift')).length;
    const bytes = await edited((ws) => {
      ws.getCell('D12').value = `${officers[0]!.name}、${someoneElse.name}`; // 10 January, day shift officers (row 2 + 10)
    });
    const result = await t.core.roster.importXlsx(t.admin, '2026-01', bytes);
    expect(result.problems).toEqual([]);
    const after = result.roster!.days.find((d) => d.date === '2026-01-10')!.shifts[0]!.roles.find((r) => r.key === 'officer')!.slots;
    expect(after.map((s) => s.personId)).toEqual([officers[0]!.personId, someoneElse.personId]);
    const ops = await outboxOf(t, 'shift');
    expect(ops.length).toBe(before + 1);
    expect(ops.at(-1)!.entity_id).toBe(day10.id);
    const audit = await t.core.db.read((sql) => sql.get<{ detail: string }>(`SELECT detail FROM audit_log WHERE action = 'roster.import'`));
    expect(JSON.parse(audit!.detail)).toMatchObject({ month: '2026-01', changedShifts: 1 });
  });
});

describe('a broken or foreign spreadsheet imports nothing and says where', () => {
  it('wrong headings', async () => {
    const result = await refused(await edited((ws) => void (ws.getCell('C2').value = '领导')));
    expect(result.problems).toEqual([{ cell: 'C2', code: 'wrong_header', value: '领导', expected: '白班·带班领导', message: 'C2: the heading should be "白班·带班领导"' }]);
    const extra = await refused(await edited((ws) => void (ws.getCell('P2').value = '手机')));
    expect(extra.problems[0]).toMatchObject({ cell: 'P2', code: 'wrong_header', value: '手机' });
  });

  it('an unknown name', async () => {
    const result = await refused(await edited((ws) => void (ws.getCell('D7').value = '王五')));
    expect(result.problems).toEqual([{ cell: 'D7', code: 'unknown_person', value: '王五', expected: null, message: 'D7: unknown person "王五"' }]);
  });

  it('a date outside the month, a date twice, a day missing, not a date', async () => {
    const out = await refused(await edited((ws) => void (ws.getCell('A5').value = '2026-02-03')));
    expect(out.problems[0]).toMatchObject({ cell: 'A5', code: 'date_out_of_period', value: '2026-02-03', message: 'A5: 2026-02-03 is not in 2026-01' });
    const twice = await refused(await edited((ws) => void (ws.getCell('A6').value = '2026-01-03')));
    expect(twice.problems[0]).toMatchObject({ cell: 'A6', code: 'duplicate_date', value: '2026-01-03' });
    const missing = await refused(await edited((ws) => ws.spliceRows(20, 1)));
    expect(missing.problems).toEqual([{ cell: 'A', code: 'missing_date', value: '2026-01-18', expected: null, message: 'A: 2026-01-18 has no row' }]);
    const bad = await refused(await edited((ws) => void (ws.getCell('A9').value = '下周一')));
    expect(bad.problems[0]).toMatchObject({ cell: 'A9', code: 'bad_date', value: '下周一' });
  });

  it('merged cells', async () => {
    const result = await refused(await edited((ws) => ws.mergeCells('C5:D5')));
    expect(result.problems[0]).toMatchObject({ cell: 'C5:D5', code: 'merged_cells', message: 'C5:D5: merged cells C5:D5; one name per cell, no merging' });
  });

  it('formulas', async () => {
    const result = await refused(await edited((ws) => void (ws.getCell('E6').value = { formula: 'C6', result: 'x' })));
    expect(result.problems[0]).toMatchObject({ cell: 'E6', code: 'formula', value: 'C6' });
  });

  it('a 20 MB file, before anything parses it; and a file that is not a spreadsheet', async () => {
    const big = Buffer.alloc(20 * 1024 * 1024, 0x41);
    big.write('PK\u0003\u0004', 0, 'latin1');
    const result = await refused(big);
    expect(result.problems).toEqual([{ cell: null, code: 'file_too_large', value: String(2 * 1024 * 1024), expected: null, message: 'the file is 20.0 MB; the limit is 2 MB' }]);
    const junk = await refused(Buffer.from('日期,白班\n2026-01-01,张伟\n'));
    expect(junk.problems[0]).toMatchObject({ cell: null, code: 'not_xlsx' });
  });

  it('a zip that would unpack to gigabytes is refused from its directory', async () => {
    // A real sheet whose central directory claims a 3 GB part.
    const bytes = Buffer.from(exported);
    const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const first = bytes.readUInt32LE(eocd + 16);
    bytes.writeUInt32LE(3_000_000_000, first + 24);
    const result = await refused(bytes);
    expect(result.problems[0]).toMatchObject({ cell: null, code: 'file_too_large' });
  });

  it('more names than places, someone on leave, someone twice at once', async () => {
    const tooMany = await refused(await edited((ws) => void (ws.getCell('C4').value = '李华、王志强')));
    expect(tooMany.problems[0]).toMatchObject({ cell: 'C4', code: 'too_many_people', value: '李华、王志强' });
    const day12 = january.days.find((d) => d.date === '2026-01-12')!.shifts[0]!;
    const leader = day12.roles.find((r) => r.key === 'leader')!.slots[0]!;
    await t.core.roster.addAbsence(t.leader, { personId: leader.personId!, kind: 'leave', from: '2026-01-12', to: '2026-01-12' });
    const leave = await refused(exported);
    expect(leave.problems).toEqual([expect.objectContaining({ cell: 'C14', code: 'on_leave', value: leader.name })]);
    await t.core.roster.cancelAbsence(t.leader, (await t.core.roster.absences(t.admin, { includeCancelled: false }))[0]!.id);
    // 2 January, day shift: its first officer also put down as the party board's on-call person.
    const day2 = january.days.find((d) => d.date === '2026-01-02')!.shifts[0]!;
    const officer = day2.roles.find((r) => r.key === 'officer')!.slots[0]!;
    const twice = await refused(await edited((ws) => void (ws.getCell('E4').value = officer.name)));
    expect(twice.problems).toEqual([expect.objectContaining({ cell: 'E4', code: 'double_booked', value: officer.name })]);
    expect(twice.problems[0]!.message).toMatch(/^E4: 2026-01-02 白班 党的建设值班: .* fills two slots of this shift$/);
  });

  it('a sheet for another centre or month', async () => {
    const result = await refused(await edited((ws) => void (ws.getCell('A1').value = '白沙镇基层治理指挥中心2026年1月值班表')));
    expect(result.problems[0]).toMatchObject({ cell: 'A1', code: 'wrong_title', expected: '青溪镇基层治理指挥中心2026年1月值班表' });
  });

  it('through the API: a 20 MB upload gets the same clear answer', async () => {
    const session: Session = { actor: null };
    await callApi(t.core, session, 'session:login', { username: 'admin', password: DEMO_PASSWORD });
    const before = await watchState(t);
    const result = await callApi(
      t.core,
      session,
      'roster:importXlsx',
      { month: '2026-01', dataBase64: Buffer.alloc(20 * 1024 * 1024).toString('base64') },
      { checkResponses: true },
    );
    expect(result).toMatchObject({ ok: true, data: { imported: false, problems: [{ code: 'file_too_large' }] } });
    expect(await watchState(t)).toBe(before);
  });
});
