/**
 * 历史事件 (issue #15) on the sample town 白鹭镇, a real SQLite file: events found by a word of their
 * description (three characters or more through the trigram index, one or two by comparison), by the
 * pinyin initials of their title, and by every filter; pages newest first that neither skip nor
 * repeat; the .xlsx export with its cells escaped; every bad request refused in Chinese with nothing
 * changed; the search key and initials of events written before the migration.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { QueryRunner } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { History1700000000012 } from '../../main/core/db/migrations/0012-history';
import type { Actor } from '../../main/core/kernel/actor';
import { ManualClock } from '../../main/core/kernel/clock';
import { newId } from '../../main/core/kernel/ids';
import { SyncInbox } from '../../main/core/sync/sync-inbox';
import { errorText } from '../../renderer/src/locales';
import { zhCN } from '../../renderer/src/locales/zh-CN';
import { sampleTown, sampleTownCore, type SampleTown } from '../support/sample-town-core';
import { asDoor } from '../town-admin/own-town';

const DAY = 24 * 3600_000;
let dir: string;
let core: Core;
let clock: ManualClock;
let town: SampleTown;
let officer: Actor;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-history-'));
  // A month before the sample's Monday: a test can make last month's events, then come to now.
  clock = new ManualClock('2026-10-24T01:00:00.000Z');
  core = await sampleTownCore({ dataDir: dir, clock, kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, startSync: false });
  town = sampleTown(core);
  officer = town.officer;
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

const report = (title: string, more: { description?: string; itemCode?: string; gridCode?: string; level?: 'general' | 'major'; source?: 'hotline' | 'grid' } = {}) =>
  core.events.report(officer, {
    title,
    description: more.description,
    categoryCode: more.itemCode ?? town.itemCode,
    level: more.level ?? 'general',
    source: more.source ?? 'hotline',
    gridCode: more.gridCode ?? town.gridCode,
  });

const search = (filter: Record<string, unknown>) => core.history.search(officer, { limit: 50, ...filter });
const titles = async (filter: Record<string, unknown>) => (await search(filter)).rows.map((r) => r.title);

describe('finding an event', () => {
  it('a closed event of last month by a word of its description, by pinyin initials, by a two-character word', async () => {
    const sewer = await report('石榴巷下水道堵塞', { description: '石榴巷东口下水道堵塞，污水外溢到路面' });
    await core.events.accept(officer, sewer);
    await core.events.close(officer, sewer, '已疏通');
    clock.set('2026-11-23T01:00:00.000Z');
    await report('长江路路灯不亮', { description: '三盏路灯夜间不亮' });

    expect(await titles({ text: '下水道' })).toEqual(['石榴巷下水道堵塞']);
    expect(await titles({ text: '外溢到路面' })).toEqual(['石榴巷下水道堵塞']);
    // The initials of the title (石榴巷下水道堵塞 → slxxsdds), whole or a part of three letters or more.
    expect(await titles({ text: 'slxxsd' })).toEqual(['石榴巷下水道堵塞']);
    expect(await titles({ text: 'SLX' })).toEqual(['石榴巷下水道堵塞']);
    // Below the trigram: one or two characters, compared on the rows the other filters bring.
    expect(await titles({ text: '污水' })).toEqual(['石榴巷下水道堵塞']);
    expect(await titles({ text: '灯' })).toEqual(['长江路路灯不亮']);
    expect(await titles({ text: '路' })).toEqual(['长江路路灯不亮', '石榴巷下水道堵塞']);
    // Two words: both must be found.
    expect(await titles({ text: '路灯 夜间' })).toEqual(['长江路路灯不亮']);
    expect(await titles({ text: '路灯 下水道' })).toEqual([]);

    const found = (await search({ text: '下水道' })).rows[0]!;
    expect(found).toMatchObject({ state: 'closed', isOpen: false, categoryCode: town.itemCode, gridCode: town.gridCode, reportedAt: '2026-10-24T01:00:00.000Z' });
    expect(found.village).toBe(core.town.grids.get(town.gridCode)!.village);
    // Taken and closed within its limits: not overdue.
    expect(found.overdue).toBe(false);
    expect(await titles({ overdue: false, states: ['closed'] })).toEqual(['石榴巷下水道堵塞']);
    // Opening it: its whole timeline (the event's own detail).
    const detail = await core.events.detail(officer, found.id);
    expect(detail.timeline.map((t) => t.action)).toEqual(['report', 'accept', 'close']);
  });

  it('by every filter: time, category, level, state, source, grid, village, post, overdue, 挂账', async () => {
    const category = (code: string) => core.town.catalogue.get(code)!.categoryCode;
    const village = (code: string) => core.town.grids.get(code)!.village;
    const itemA = town.itemCodes[0]!;
    const itemB = town.itemCodes.find((code) => category(code) !== category(itemA)) ?? town.itemCodes[1]!;
    const gridA = town.gridCodes[0]!;
    const gridB = town.gridCodes.find((g) => village(g) !== village(gridA)) ?? town.gridCodes[1]!;
    const old = await report('旧事件甲', { itemCode: itemA, gridCode: gridA, source: 'grid' });
    clock.advance(2 * DAY);
    const fresh = await report('新事件乙', { itemCode: itemB, gridCode: gridB, level: 'major' });
    const since = new Date(Date.parse(clock.now().toISOString()) - DAY).toISOString();

    expect(await titles({ from: since })).toEqual(['新事件乙']);
    expect(await titles({ to: since })).toEqual(['旧事件甲']);
    expect(await titles({ categoryCode: category(itemA) })).toContain('旧事件甲');
    expect(await titles({ levels: ['major'] })).toEqual(['新事件乙']);
    expect(await titles({ sources: ['grid'] })).toEqual(['旧事件甲']);
    expect(await titles({ gridCode: gridB })).toEqual(['新事件乙']);
    expect(await titles({ village: village(gridA) })).toContain('旧事件甲');
    // The old one's accept clock ran out two days ago: overdue (open, past its due time).
    expect(await titles({ overdue: true })).toEqual(['旧事件甲']);
    expect(await titles({ overdue: false })).toEqual(['新事件乙']);
    // A post: the lead post of a dispatched event.
    const proposal = await core.events.proposeDispatch(officer, old);
    await core.events.acceptAndDispatch(officer, { eventId: old, leadPostId: proposal.lead.id, cooperatingPostIds: proposal.cooperating.map((p) => p.id) });
    expect(await titles({ postId: proposal.lead.id })).toEqual(['旧事件甲']);
    expect(await titles({ states: ['dispatched'] })).toEqual(['旧事件甲']);
    expect(await titles({ states: ['reported'], text: '事件' })).toEqual(['新事件乙']);
    // 挂账: the leader holds the old one (their own approval).
    await core.events.requestHold(town.leader, { eventId: old, reason: '需区级资金支持', reviewBy: '2026-11-10' });
    expect(await titles({ held: true })).toEqual(['旧事件甲']);
    expect(await titles({ held: false })).toEqual(['新事件乙']);
    expect((await search({ held: true })).rows[0]!.holdReviewBy).toBe('2026-11-10');
    expect(fresh).toBeTruthy();
  });
});

describe("the district's events", () => {
  it('a page of reports applied set-based is found by its words and the initials of its titles', async () => {
    const node = 'd0000000-0000-4000-8000-00000000000d';
    const inbox = new SyncInbox(
      core.kernel,
      core.events,
      core.nodeId,
      () => Promise.resolve({ cursor: '0', entities: [] }),
      () => undefined,
    );
    const titles2 = ['区级转办：桥头村河道漂浮物', '区级转办：幸福小区噪音扰民'];
    const ops = titles2.map((title, i) => {
      const at = new Date(Date.parse(clock.now().toISOString()) - 60_000 + i).toISOString();
      const payload = { title, categoryCode: town.itemCode, level: 'general', source: 'district', reportedAt: at, gridCode: town.gridCode };
      return {
        opId: newId(),
        nodeId: node,
        seq: i + 1,
        serverSeq: i + 1,
        hlc: `${at}-0000-${node}`,
        entity: 'event',
        entityId: newId(),
        kind: 'action',
        action: 'report',
        payload,
        at,
        receivedAt: at,
      };
    });
    await inbox.applyPage(ops, '2');
    expect(await titles({ text: '漂浮物' })).toEqual(['区级转办：桥头村河道漂浮物']);
    // 区级转办：幸福小区噪音扰民 → qjzb xfxqzyrm
    expect(await titles({ text: 'xfxq' })).toEqual(['区级转办：幸福小区噪音扰民']);
    expect(await titles({ text: 'qjzb' })).toEqual(['区级转办：幸福小区噪音扰民', '区级转办：桥头村河道漂浮物']);
  });
});

describe('pages', () => {
  it('newest first, a page at a time by cursor, none skipped or repeated; the total counted', async () => {
    for (let i = 1; i <= 7; i++) {
      await report(`积水点位${i}号`);
      // Two in the same instant too: the key keeps them apart.
      if (i !== 3) clock.advance(60_000);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await search({ text: '积水点', limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.rows.map((r) => r.title));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(await core.history.count(officer, { text: '积水点' })).toEqual({ total: 7, capped: false });
    expect(await core.history.count(officer, { text: '积水点', levels: ['major'] })).toEqual({ total: 0, capped: false });
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1].map((i) => `积水点位${i}号`));
  });
});

describe('export', () => {
  it('an .xlsx of what the search finds, in Chinese, every text cell escaped against formulas', async () => {
    await report('=HYPERLINK("http://x","井盖")', { description: '+1 井盖缺失' });
    await report('@井盖松动');
    const file = await asDoor(core, officer)('history:export', { text: '井盖' });
    expect(file.ok).toBe(true);
    expect(file.data.fileName).toMatch(/^历史事件-\d{12}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.data.dataBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('历史事件')!;
    expect(sheet.getRow(1).getCell(2).value).toBe('标题');
    expect([sheet.getRow(2).getCell(2).value, sheet.getRow(3).getCell(2).value]).toEqual(["'@井盖松动", `'=HYPERLINK("http://x","井盖")`]);
    expect(sheet.getRow(3).getCell(3).value).toBe("'+1 井盖缺失");
    expect(sheet.getRow(2).getCell(6).value).toBe('待受理');
    const info = wb.getWorksheet('导出说明')!;
    expect(info.getRow(3).values).toEqual([undefined, '搜索词', '井盖']);
  });
});

describe('bad requests', () => {
  it('refused in Chinese, nothing changed; any reader role may search, the wall may not', async () => {
    await report('测试事件丙');
    const door = asDoor(core, officer);
    const count = async () => (await core.db.read((sql) => sql.get<{ n: number }>(`SELECT (SELECT count(*) FROM event) + (SELECT count(*) FROM event_doc) AS n`)))!.n;
    const before = await count();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ cursor: 'abc' }, 'invalid', '填写的内容不符合要求：翻页位置。'],
      [{ gridCode: 'NO-SUCH' }, 'invalid', '填写的内容不符合要求：网格（NO-SUCH）。'],
      [{ village: '不存在村' }, 'invalid', '填写的内容不符合要求：村（社区）（不存在村）。'],
      [{ categoryCode: 'NOPE' }, 'invalid', '填写的内容不符合要求：事项大类（NOPE）。'],
      [{ postId: 'no-such-post' }, 'invalid', '填写的内容不符合要求：岗位。'],
      [{ from: '2026-11-23T00:00:00.000Z', to: '2026-11-22T00:00:00.000Z' }, 'invalid', '填写的内容不符合要求：时间范围（结束须晚于开始）。'],
      [{ levels: ['huge'] }, 'bad_request', '请求格式不正确，操作未执行。'],
      [{ text: '字'.repeat(101) }, 'bad_request', '请求格式不正确，操作未执行。'],
      [{ limit: 1000 }, 'bad_request', '请求格式不正确，操作未执行。'],
      [{ from: 'yesterday' }, 'bad_request', '请求格式不正确，操作未执行。'],
      [{ sql: 'DROP TABLE event' }, 'bad_request', '请求格式不正确，操作未执行。'],
    ];
    for (const [request, code, text] of cases) {
      const r = await door('history:search', request);
      expect(r, JSON.stringify(request)).toMatchObject({ ok: false, error: { code } });
      expect(errorText(zhCN, r.error)).toBe(text);
    }
    expect((await door('history:export', { gridCode: 'NO-SUCH' })).ok).toBe(false);
    // FTS5 syntax in the words is searched as text, never run.
    expect((await door('history:search', { text: '" OR * NEAR(' })).data.rows).toEqual([]);
    expect(await count()).toBe(before);

    for (const actor of [town.leader, town.admin, town.heldPost.a]) expect((await asDoor(core, actor)('history:search', {})).ok).toBe(true);
    const wall = await asDoor(core, { id: 'wall', roles: ['wall_viewer'] })('history:search', {});
    expect(wall).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await door('history:categories', {})).data.length).toBeGreaterThan(0);
  });
});

describe('migration 0012', () => {
  it('gives the events written before it their keys in report order and their initials', async () => {
    // Written in one order, reported in the other: the keys follow the report times.
    await report('长江路路灯不亮');
    await core.events.report(officer, { title: '幸福小区噪音扰民', categoryCode: town.itemCode, level: 'general', source: 'phone', reportedAt: '2026-10-23T01:00:00.000Z' });
    const runner = { query: (text: string, params?: unknown[]) => core.db.write((sql) => sql.all(text, params ?? [])) } as unknown as QueryRunner;
    const migration = new History1700000000012();
    await migration.down(runner);
    await migration.up(runner);
    const docs = await core.db.read((sql) =>
      sql.all<{ title: string; initials: string }>(`SELECT e.title, d.initials FROM event_doc d JOIN event e ON e.id = d.event_id ORDER BY d.doc`),
    );
    expect(docs).toEqual([
      { title: '幸福小区噪音扰民', initials: 'xfxqzyrm' },
      { title: '长江路路灯不亮', initials: 'cjlldbl' },
    ]);
    expect(await titles({ text: 'zyrm' })).toEqual(['幸福小区噪音扰民']);
    expect(await titles({ text: '路灯' })).toEqual(['长江路路灯不亮']);
    // The triggers are back: a new event is found at once.
    await report('河道漂浮垃圾');
    expect(await titles({ text: 'hdpf' })).toEqual(['河道漂浮垃圾']);
  });
});
