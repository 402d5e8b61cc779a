/**
 * 告警台 and 系统设置 → 升级提醒 (#17) in Chromium at 1366×768, on a console of 白鹭镇 with a manual clock:
 * the open alarms are listed by urgency with their counts; acknowledging a line (keyboard: Enter on its
 * button) removes it, and 告警记录 says who acknowledged and how long it took; 立即升级 says whom the
 * step told; the administrator edits a chain and finds it kept after a reload; a chain whose steps do
 * not come later is refused in Chinese and nothing changes.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { Core } from '../../main/core/app-core';
import { SYSTEM } from '../../main/core/kernel/actor';
import { expect, signIn, stillPicture, test } from './fixtures';

const OUT = path.resolve(__dirname, '../../docs/screenshots');

async function raiseOverdue(core: Core, key: string, postId: string): Promise<void> {
  // As the SLA sweep raises it: a system command through the kernel's one write path.
  await core.kernel.run({ name: 'test.raise', actor: SYSTEM, audit: false }, async (tx) => {
    await tx.raiseAlarm({ key, kind: 'overdue', eventId: null, detail: { dueKind: 'resolve', dueAt: tx.at, postId }, at: tx.at });
    tx.emit({ topic: 'alarms' });
  });
}

async function openDesk(page: Page): Promise<void> {
  await page.getByTestId('tab-alarm-desk').click();
  await expect(page.getByTestId('alarm-desk-page')).toBeVisible();
}

test('open alarms are listed with their counts; acknowledging a line removes it and 告警记录 shows who and how fast', async ({ page, townDesk, guard }) => {
  guard.watch(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  const { core, clock, town } = townDesk;
  await signIn(page, townDesk);
  const post = town.heldPost.post;
  for (const n of [1, 2, 3]) await raiseOverdue(core, `desk-overdue-${n}`, post.id);
  await townDesk.report({ title: '白鹭山林场冒烟', categoryCode: town.itemCode, level: 'serious', gridCode: town.gridCode });
  await openDesk(page);

  const lines = page.getByTestId('alarm-desk-line');
  await expect(lines).toHaveCount(2);
  // Most urgent first: the serious event, then the post's three overdue alarms as one line.
  await expect(lines.nth(0)).toHaveAttribute('data-kind', 'new_serious');
  await expect(lines.nth(0)).toContainText('白鹭山林场冒烟');
  const overdue = lines.filter({ hasText: `3 项超期（${post.name}）` });
  await expect(overdue).toHaveAttribute('data-count', '3');
  await expect(overdue.getByTestId('alarm-desk-n')).toHaveText('3 项');
  await expect(overdue).toContainText('发生于 11-23 09:00');
  await expect(page.getByTestId('alarm-desk-count')).toHaveText('未确认 4 项，共 2 行');
  await stillPicture(page);
  await page.screenshot({ path: path.join(OUT, 'alarm-desk-1366.png') });

  // Two minutes and five seconds later the officer acknowledges the line from the keyboard.
  clock.advance(125_000);
  await expect(page.getByTestId('header-clock')).toContainText('09:02:05');
  const ack = overdue.getByTestId('alarm-desk-ack');
  await expect(ack).toHaveText('确认本组（3 项）');
  await ack.focus();
  await page.keyboard.press('Enter');
  await expect(lines).toHaveCount(1);
  await expect(lines.nth(0)).toHaveAttribute('data-kind', 'new_serious');
  // Tab goes on from the line's buttons to the rest of the page: no trap.
  await lines.nth(0).getByTestId('alarm-desk-ack').focus();
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).not.toHaveAttribute('data-testid', 'alarm-desk-ack');

  await page.getByTestId('alarm-desk-tab-history').click();
  const officer = townDesk.person(town.officer).name;
  const records = page.getByTestId('alarm-record');
  await expect(records).toHaveCount(4);
  const acked = records.filter({ has: page.getByTestId('alarm-record-acker') });
  await expect(acked).toHaveCount(3);
  for (const r of await acked.all()) {
    await expect(r.getByTestId('alarm-record-acker')).toHaveText(officer);
    await expect(r.getByTestId('alarm-record-ack-time')).toHaveText('2分05秒');
  }
  await expect(page.getByTestId('alarm-records-summary')).toContainText('已确认 3 条，中位用时 2分05秒，最长 2分05秒');
  // Only the open ones: the serious event's alarm.
  await page.getByTestId('alarm-records-status').getByText('未确认').click();
  await expect(records).toHaveCount(1);
  await expect(records.nth(0)).toContainText('白鹭山林场冒烟');
  await expect(page.getByTestId('alarm-records-summary')).toContainText('所选范围内没有已确认的告警');
  await page.getByTestId('alarm-records-status').getByText('全部').click();
  await expect(records).toHaveCount(4);
  await stillPicture(page);
  await page.screenshot({ path: path.join(OUT, 'alarm-desk-history-1366.png') });
});

test('立即升级 tells the next of the chain at once and says whom; past the last step it is refused in Chinese', async ({ page, townDesk, guard }) => {
  guard.watch(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  const { core, town } = townDesk;
  await signIn(page, townDesk);
  const eventId = await townDesk.report({ title: '化工园区气体泄漏', categoryCode: town.itemCode, level: 'serious', gridCode: town.gridCode });
  await openDesk(page);
  const line = page.getByTestId('alarm-desk-line').filter({ hasText: '化工园区气体泄漏' });
  await expect(line.getByTestId('alarm-desk-steps')).toHaveText('升级经过：未升级');

  // 重大事件's chain: the duty leader, then the centre director (none named yet).
  const escalate = line.getByTestId('alarm-desk-escalate');
  await escalate.focus();
  await page.keyboard.press('Enter');
  const alarmId = (await core.alarms.list()).find((a) => a.eventId === eventId && a.kind === 'new_serious')!.id;
  const stepsOf = async () => (await core.alarmHistory.history(town.officer, {})).rows.find((r) => r.id === alarmId)!.steps;
  await expect.poll(async () => (await stepsOf()).length).toBe(1);
  const [first] = await stepsOf();
  expect(first).toMatchObject({ step: 1, to: 'leader', byId: town.officer.id });
  const told = first!.personName ? `已告知 带班领导 ${first!.personName}` : '已升级到 带班领导，但当前无人可告知';
  await expect(line.getByTestId('alarm-desk-outcome')).toContainText(told);
  await expect(line.getByTestId('alarm-desk-steps')).toContainText('带班领导');
  await expect(line.getByTestId('alarm-desk-steps')).toContainText(`${townDesk.person(town.officer).name} 手动升级`);

  await escalate.click();
  await expect(line.getByTestId('alarm-desk-outcome')).toHaveText('已升级到 中心主任，但当前无人可告知（请在 系统设置 → 升级提醒 中指定）');
  await expect(line.getByTestId('alarm-desk-steps')).toContainText('中心主任');
  await escalate.click();
  await expect(line.getByTestId('alarm-desk-outcome')).toHaveText('该告警没有可升级的下一步：升级链已走完、已关闭，或任务已签收。');
  expect(await stepsOf()).toHaveLength(2);
  await stillPicture(page);
  await page.screenshot({ path: path.join(OUT, 'alarm-desk-escalated-1366.png') });
});

test('the administrator edits an escalation chain, kept after a reload; steps not later are refused in Chinese and nothing changes', async ({ page, townDesk, guard }) => {
  guard.watch(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  const admin = townDesk.person(townDesk.town.admin).username;
  await signIn(page, townDesk, admin);
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('settings-tab-escalation').click();
  const chain = page.getByTestId('escalation-chain-overdue');
  const second = page.getByTestId('escalation-minutes-overdue-1');
  await expect(second).toHaveValue('30');

  await second.fill('40');
  await page.getByTestId('escalation-save-overdue').click();
  await expect(page.locator('.ant-message-success', { hasText: '已保存超期的升级链' })).toBeVisible();
  const stored = async () => (await townDesk.core.escalation.settings()).chains.find((c) => c.kind === 'overdue')!.steps.map((s) => s.afterMinutes);
  await expect.poll(stored).toEqual([0, 40]);

  // A new page load (signed in again): what is shown is what the console kept.
  await signIn(page, townDesk, admin);
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('settings-tab-escalation').click();
  await expect(page.getByTestId('escalation-minutes-overdue-1')).toHaveValue('40');

  // The second step at the first one's minute: refused in words, nothing saved.
  await page.getByTestId('escalation-minutes-overdue-1').fill('0');
  await page.getByTestId('escalation-save-overdue').click();
  await expect(page.getByTestId('escalation-refusal-overdue')).toHaveText('升级链第2步（0分钟）须晚于第1步（0分钟），未保存。请把后面一步的分钟数调大。');
  expect(await stored()).toEqual([0, 40]);
  await expect(chain).toBeVisible();
  await stillPicture(page);
  await page.screenshot({ path: path.join(OUT, 'escalation-settings-1366.png') });
  // A new page load (signed in again): what is shown is what the console kept.
  await signIn(page, townDesk, admin);
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('settings-tab-escalation').click();
  await expect(page.getByTestId('escalation-minutes-overdue-1')).toHaveValue('40');
});

test('the event timeline says in Chinese which steps its alarm took, automatic and by hand', async ({ page, townDesk, guard }) => {
  guard.watch(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  const { clock, town } = townDesk;
  await signIn(page, townDesk);
  await townDesk.report({ title: '镇南水库水位超汛限', categoryCode: town.itemCode, level: 'serious', gridCode: town.gridCode });
  // 重大事件's first step, 带班领导, falls due five minutes after it was raised.
  clock.advance(5 * 60_000 + 1_000);
  await openDesk(page);
  const line = page.getByTestId('alarm-desk-line').filter({ hasText: '镇南水库水位超汛限' });
  await expect(line.getByTestId('alarm-desk-steps')).toContainText('带班领导');
  await line.getByTestId('alarm-desk-escalate').click();
  await expect(line.getByTestId('alarm-desk-steps')).toContainText('中心主任');

  await line.getByTestId('alarm-desk-open-event').click();
  // Automatic steps: 重大事件's at five minutes, and the accept clock's 超期 (three minutes) told the leader at once.
  const auto = page.locator('[data-testid="timeline-entry"][data-action="escalation_step"]');
  for (const kind of ['重大事件', '超期']) {
    const entry = auto.filter({ hasText: `告警：${kind}` });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText('升级提醒');
    await expect(entry).toContainText('告知：带班领导');
  }
  const byHand = page.locator('[data-testid="timeline-entry"][data-action="note"]').filter({ hasText: '立即升级' });
  await expect(byHand).toHaveCount(1);
  await expect(byHand).toContainText(townDesk.person(town.officer).name);
  await expect(byHand).toContainText('告知：中心主任（当时无人可告知）');
  await expect(page.getByTestId('detail-timeline')).not.toContainText('escalation');
  await auto.first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('timeline-escalation-1366.png') });
});
