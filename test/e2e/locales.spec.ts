/**
 * The locale tables (no browser): every API error code main can send has a sentence in both
 * languages with its params filled, en-US has exactly zh-CN's structure, and every state, level,
 * source, clock kind and role has a Chinese name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EVENT_ACTIONS } from '../../main/core/events/event-lifecycle';
import { CLOCK_KINDS, LEVELS, ROLES, SOURCES, STATES } from '../../preload/contract/schemas';
import { errorText, MESSAGES } from '../../renderer/src/locales';
import { enUS } from '../../renderer/src/locales/en-US';
import { zhCN } from '../../renderer/src/locales/zh-CN';
import { expect, test } from '@playwright/test';

/** The codes of main/core/errors.ts, read from its source so a new code cannot be forgotten here. */
function errorCodes(): string[] {
  const source = readFileSync(path.resolve(__dirname, '../../main/core/errors.ts'), 'utf8');
  const union = /export type ErrorCode =([\s\S]*?);/.exec(source)?.[1] ?? '';
  return [...union.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]!).concat('disconnected');
}

function shape(value: unknown): unknown {
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .map(([k, v]) => [k, shape(v)])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  return typeof value;
}

test('every error code reads as a sentence with its params filled', () => {
  const codes = errorCodes();
  expect(codes.length).toBeGreaterThanOrEqual(18);
  const params: Record<string, Record<string, string>> = {
    conflict: { action: 'dispatch', state: 'closed' },
    invalid: { field: 'until' },
    not_post_holder: { postId: 'p1' },
    unknown_post: { id: 'p1' },
    unknown_category: { code: 'X-1' },
    unknown_grid: { code: 'G99' },
    not_found: { id: 'e1' },
    forbidden: { permission: 'dispatch' },
    roster_clash: { kind: 'on_leave', personId: 'p1', personName: '王五', shiftId: 's1', date: '2026-01-05', shiftName: '白班' },
    handover_incomplete: { pending: '3' },
    invalid_plan: { count: '3', first: 'no_post' },
    // the town kept by hand (main/core/town/admin)
    post_needs_a: { name: '陈立新', posts: '民生服务岗', count: '1' },
    holder_inactive: { name: '陈立新', which: 'A' },
    post_inactive: { id: 'p1', name: '民生服务岗' },
    post_has_open_events: { name: '民生服务岗', count: '2' },
    grid_has_open_events: { name: '白鹭社区第一网格', count: '2' },
    grid_inactive: { code: 'BL-G01', name: '白鹭社区第一网格' },
    item_inactive: { code: 'BL-MS-005', name: '就业帮扶' },
    duplicate_code: { code: 'MS-01' },
    username_taken: { username: 'chenlixin' },
    last_admin: { name: '周敏' },
    unknown_board: { code: 'x' },
    invalid_geometry: { reason: 'not_closed', ring: '1' },
    town_code_mismatch: { expected: '420106008000' },
    calendar_unknown_year: { year: '2031', month: '2031-03' },
    // 挂账 (main/core/events/event-life.ts)
    review_date_invalid: { reviewBy: '2026-11-22' },
  };
  for (const [name, m] of Object.entries(MESSAGES)) {
    for (const code of codes) {
      const text = errorText(m, { code, message: 'english text', params: params[code] }, { postName: () => '应急管理岗' });
      expect(text, `${name} ${code}`).not.toMatch(/\{\w+\}/);
      expect(text, `${name} ${code}`).not.toContain('english text');
    }
  }
  expect(errorText(zhCN, { code: 'conflict', message: '', params: { action: 'dispatch', state: 'closed' } })).toBe('事件当前为“已办结”状态，不能派单。请刷新后再试。');
  expect(errorText(zhCN, { code: 'not_post_holder', message: '', params: { postId: 'p1' } }, { postName: () => '应急管理岗' })).toContain('应急管理岗');
  expect(errorText(zhCN, { code: 'bad_credentials', message: '' })).toBe('用户名或密码不正确。');
  // A field the console has no name for is never shown by its key (it once read 「month（2027-01）」).
  expect(errorText(zhCN, { code: 'invalid', message: '', params: { field: 'someNewField', value: '2027-01' } })).toBe('填写的内容不符合要求，请检查后再提交。');
  expect(errorText(zhCN, { code: 'invalid', message: '', params: { field: 'until' } })).toBe('填写的内容不符合要求：延期截止时间。');
});

test('en-US has the same structure as zh-CN', () => {
  expect(shape(enUS)).toEqual(shape(zhCN));
});

test('every domain word has a Chinese name', () => {
  for (const s of STATES) expect(zhCN.states[s]).toMatch(/\p{Script=Han}/u);
  for (const l of LEVELS) expect(zhCN.levels[l]).toMatch(/\p{Script=Han}/u);
  for (const s of SOURCES) expect(zhCN.sources[s]).toMatch(/\p{Script=Han}|\d/u);
  for (const k of CLOCK_KINDS) expect(zhCN.clockKinds[k]).toMatch(/\p{Script=Han}/u);
  for (const r of ROLES) expect(zhCN.roles[r]).toMatch(/\p{Script=Han}/u);
  for (const a of [...EVENT_ACTIONS, 'carry_over', 'merged_from', 'return_requested', 'extend_requested', 'return_refused', 'extend_refused']) {
    expect(zhCN.actions[a], a).toMatch(/\p{Script=Han}/u);
  }
  for (const b of ['party', 'economy', 'livelihood', 'safety']) expect(zhCN.boards[b]).toMatch(/\p{Script=Han}/u);
});
