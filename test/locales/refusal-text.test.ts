/**
 * Refusals in the console's own words (#19): from the core's error code and params, never a raw field
 * key (it read 「month（2027-01）」) nor the server's English sentence appended (`feedUrl: the feed must
 * be…`). Each refusal here is the real one the API gives, worded as the page words it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from '../../main/ipc/handlers';
import type { Result } from '../../preload/contract/api';
import { errorText } from '../../renderer/src/locales';
import { zhCN } from '../../renderer/src/locales/zh-CN';
import { settingsZhCN, updateRefusalText } from '../../renderer/src/pages/settings/settings-locales';
import type { Actor } from '../../main/core/kernel/actor';
import { makeCore, type TestCore } from '../support/core';

/** A Chinese sentence with no English word in it (version numbers and https:// are fine). */
function expectChineseOnly(text: string): void {
  expect(text, text).toMatch(/[\u4e00-\u9fff]/);
  expect(text, text).not.toMatch(/\b(the|is|not|must|but|ends|starts|feed|month|field|invalid|expected|received)\b/i);
  expect(text, text).not.toMatch(/[A-Za-z]+Url|pinnedVersion|checkEveryHours|publisherNames/);
}

describe('refusals in Chinese, from the core’s code and params', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await makeCore();
  });
  afterAll(async () => {
    await t.close();
  });

  const refusal = async (actor: Actor, channel: string, request: Record<string, unknown>) => {
    const r = (await callApi(t.core, { actor }, channel, request)) as Result<unknown>;
    expect(r.ok, `${channel} ${JSON.stringify(request)}`).toBe(false);
    if (r.ok) throw new Error('not refused');
    return r.error;
  };

  it('a roster month whose year has no holiday calendar names the year and what to do, not 「month（2027-01）」', async () => {
    const error = await refusal(t.admin, 'roster:generate', { month: '2027-01' });
    expect(error.code).toBe('calendar_unknown_year');
    const text = errorText(zhCN, error);
    expect(text).toContain('2027 年的法定节假日和调休安排还没有录入');
    expect(text).toContain('请先在“节假日”页录入 2027 年的安排');
    expect(text).not.toContain('month');
    expectChineseOnly(text);
  });

  for (const [what, change, words] of [
    ['an ftp feed', { feedUrl: 'ftp://updates.example/feed' }, '更新服务器地址无效'],
    ['a feed with a password', { feedUrl: 'https://user:pw@updates.example/feed' }, '更新服务器地址无效'],
    ['a pinned version that is not semantic', { pinnedVersion: 'latest' }, '固定版本无效'],
    ['999 hours between checks', { checkEveryHours: 999 }, '1 到 168'],
    ['0 hours between checks', { checkEveryHours: 0 }, '1 到 168'],
    ['six publishers', { publisherNames: ['a', 'b', 'c', 'd', 'e', 'f'] }, '签名发布者无效'],
  ] as const) {
    it(`update settings: ${what} is refused in Chinese alone, nothing saved`, async () => {
      const before = (await callApi(t.core, { actor: t.admin }, 'update:status', {})) as Result<{ settings: unknown }>;
      const base: Record<string, unknown> = { feedUrl: null, pinnedVersion: null, checkEveryHours: 4, publisherNames: [], commandId: crypto.randomUUID() };
      const request = { ...base, ...change };
      const error = await refusal(t.admin, 'update:setSettings', request);
      const text = updateRefusalText(error, settingsZhCN, (e) => errorText(zhCN, e));
      expect(text).toContain(words);
      expect(text).toContain('设置未更改');
      expect(text).not.toContain(error.message);
      expectChineseOnly(text);
      const after = (await callApi(t.core, { actor: t.admin }, 'update:status', {})) as Result<{ settings: unknown }>;
      expect(after.ok && after.data.settings).toEqual(before.ok && before.data.settings);
    });
  }

  it('an error code the console has no sentence for is told in Chinese, without the server’s English', () => {
    const text = errorText(zhCN, { code: 'some_new_code' as never, message: 'day ends at 20:30 but the next shift starts at 20:00' });
    expect(text).toContain('请重试');
    expect(text).not.toMatch(/[A-Za-z]/);
  });
});
