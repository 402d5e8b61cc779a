/**
 * The event's later life in the browser (issue #15): reclassify and see the new limits; 挂账 asked by
 * the officer, approved by the duty leader, and the event leaves the overdue list for the 挂账 list; a return
 * waiting for the leader’s consent stops the clock, and a refusal moves it on by the wait.
 */
import { expect, row, signIn, stillPicture, test, timelineActions } from './fixtures';

test('reclassify: the new item’s suggested posts are shown, the limits follow the new item and level', async ({ page, desk }, info) => {
  // 乱堆乱放 (general: resolve in working days), dispatched at 09:00 on Monday 23 November.
  const eventId = await desk.report({ title: '滨江路口大面积积水', categoryCode: 'CITY-001', level: 'general', gridCode: 'G02' });
  await desk.dispatch(eventId);
  await signIn(page, desk);
  await row(page, eventId).dblclick();
  await expect(page.getByTestId('detail-state')).toHaveText('已派单');
  const resolve = page.getByTestId('clock-resolve');
  await expect(resolve).not.toContainText('11-24 09:00');

  await page.getByTestId('action-reclassify').click();
  const dialog = page.getByTestId('action-dialog');
  await dialog.getByTestId('reclassify-category').click();
  await page.keyboard.type('dljsnl'); // 道路积水内涝, by its pinyin initials
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('reclassify-route')).toContainText('按新事项建议：主办');
  await dialog.getByTestId('reclassify-level').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '较大' }).click();
  await page.getByTestId('action-text').fill('现场核实为道路积水内涝，影响通行');
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('reclassify-dialog.png') });
  await page.getByTestId('action-ok').click();
  await expect(dialog).toBeHidden();

  // 道路积水内涝 at 较大: resolve within 24 hours of the dispatch (not of the reclassification).
  await expect(resolve).toContainText('11-24 09:00');
  await expect(page.getByTestId('detail-facts')).toContainText('道路积水内涝');
  expect(await timelineActions(page)).toEqual(['report', 'accept', 'dispatch', 'reclassify']);
  const entry = page.locator('[data-testid="timeline-entry"][data-action="reclassify"]');
  await expect(entry).toContainText('乱堆乱放 · 一般');
  await expect(entry).toContainText('道路积水内涝 · 较大');
  await expect(entry).toContainText('建议岗位');
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('reclassified-detail.png') });
});

test('挂账 asked by the officer and approved by the leader: the event leaves the overdue list for the 挂账 list', async ({ page, desk, clock, openSecondPage }, info) => {
  const eventId = await desk.report({ title: '溪口村老桥护栏缺损', categoryCode: 'CITY-001', level: 'general', gridCode: 'G18' });
  await desk.dispatch(eventId);
  const lead = (await desk.core.events.detail(desk.actor('zhangwei'), eventId)).assignments.find((a) => a.role === 'lead')!;
  await desk.core.events.acknowledge(desk.actor('zhangwei'), eventId, lead.postId);
  clock.advance(6 * 3600_000); // the on-scene limit (4 working hours) ran out
  await signIn(page, desk);
  await page.getByTestId('filter-overdue').click();
  await expect(row(page, eventId)).toBeVisible();
  await expect(page.getByTestId('queue-overdue')).toHaveText('超时 1');

  await row(page, eventId).dblclick();
  await page.getByTestId('action-hold').click();
  await page.getByTestId('action-text').fill('护栏更换需区交通局立项拨款，本周内无法完成');
  await expect(page.getByTestId('hold-review-by')).toHaveValue('2026-11-30');
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('hold-dialog.png') });
  await page.getByTestId('action-ok').click();
  await expect(page.getByText('挂账申请已提交，等待值班领导审批')).toBeVisible();
  await expect(page.getByTestId('detail-approval')).toContainText('挂账申请');
  // Asked is not held: still overdue.
  await expect(row(page, eventId)).toBeVisible();

  const leader = await openSecondPage();
  await signIn(leader, desk, 'lihua');
  await leader.locator('.page-tabs').getByText('审批').click();
  const card = leader.getByTestId('approval-card');
  await expect(card).toContainText('挂账申请');
  await expect(card).toContainText('复核日期：2026-11-30');
  await card.getByTestId('approval-approve').click();
  await expect(leader.getByTestId('approvals-page')).toContainText('没有待审批的申请');

  // The officer's overdue list no longer holds it; the detail says it is held and why.
  await expect(row(page, eventId)).toHaveCount(0);
  await expect(page.getByTestId('queue-overdue')).toHaveText('超时 0');
  // …and the overdue alarms: the banner's on-scene alarm is settled.
  await expect(page.getByTestId('alarm-banner')).toBeHidden();
  await expect(page.getByTestId('clock-resolve')).toContainText('暂停计时');
  await expect(page.getByTestId('detail-held')).toContainText('护栏更换需区交通局立项拨款');
  await expect(page.getByTestId('detail-held')).toContainText('2026-11-30');
  // The overdue clock told the duty leader (升级提醒) before the 挂账; no step after it.
  const actions = await timelineActions(page);
  expect(actions.filter((a) => a !== 'escalation_step')).toEqual(['report', 'accept', 'dispatch', 'acknowledge', 'hold_requested', 'hold']);
  expect(actions.indexOf('escalation_step')).toBeGreaterThan(actions.indexOf('acknowledge'));
  expect(actions.lastIndexOf('escalation_step')).toBeLessThan(actions.indexOf('hold_requested'));
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('held-detail.png') });

  // The 挂账 list: counted apart.
  await page.locator('.page-tabs').getByText('挂账').click();
  const held = page.locator(`[data-testid="hold-row"][data-event-id="${eventId}"]`);
  await expect(held).toContainText('溪口村老桥护栏缺损');
  await expect(held).toContainText('2026-11-30');
  await expect(page.getByTestId('holds-count')).toContainText('共 1 件挂账');
  await page.setViewportSize({ width: 1366, height: 768 });
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('holds-page.png') });
  // A row opens the event in the queue's detail.
  await held.getByRole('button', { name: '溪口村老桥护栏缺损' }).click();
  await expect(page.getByTestId('detail-held')).toBeVisible();
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('held-detail-1366.png') });
});

test('a return waiting for the leader’s consent stops the clock: past the accept limit no overdue or alarm; refused, the comment and the wait are in the timeline and the clock moves on by the wait', async ({
  page,
  desk,
  clock,
  openSecondPage,
}, info) => {
  const MIN = 60_000;
  const officer = desk.actor('zhangwei');
  const eventId = await desk.report({ title: '区级转来：邻镇河道采砂投诉', categoryCode: 'ENV-001', level: 'general', gridCode: 'G12', source: 'district' });
  const acceptDue = (await desk.core.events.detail(officer, eventId)).clocks.find((c) => c.kind === 'accept')!.dueAt!;
  clock.advance(MIN);
  await signIn(page, desk);
  await row(page, eventId).dblclick();
  await expect(page.getByTestId('detail-state')).toHaveText('待受理');
  await page.getByTestId('action-return').click();
  await page.getByTestId('action-text').fill('采砂点位于邻镇河段，不属本镇管辖。');
  await page.getByTestId('action-ok').click();
  await expect(page.getByText('退回申请已提交带班领导审批')).toBeVisible();
  // The clock stands while the leader decides, and the detail says so.
  await expect(page.getByTestId('detail-paused')).toContainText('等待值班领导同意');
  await expect(page.getByTestId('detail-paused')).toContainText('时限暂停');
  await expect(page.getByTestId('clock-accept')).toContainText('暂停计时');

  // Past the accept limit by 20 minutes while it waits: the sweep finds nothing overdue and raises nothing.
  const requestedAt = clock.now().getTime();
  clock.advance(Date.parse(acceptDue) - requestedAt + 20 * MIN);
  await desk.core.events.sweep();
  const waitMs = clock.now().getTime() - requestedAt;
  expect((await desk.core.alarms.list()).filter((a) => a.eventId === eventId)).toEqual([]);
  await expect(page.getByTestId('queue-overdue')).toHaveText('超时 0');
  await expect(page.getByTestId('alarm-banner')).toBeHidden();
  await expect(page.getByTestId('clock-accept')).toContainText('暂停计时');
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('return-paused-detail.png') });

  // The duty leader refuses, with a comment, on a session of their own.
  const leader = await openSecondPage();
  await signIn(leader, desk, 'lihua');
  await leader.locator('.page-tabs').getByText('审批').click();
  const card = leader.getByTestId('approval-card');
  await expect(card).toContainText('区级转来：邻镇河道采砂投诉');
  await card.getByPlaceholder('审批意见（可选）').fill('采砂点在本镇白鹭溪段，请受理并派单核查。');
  await card.getByTestId('approval-refuse').click();
  await expect(leader.getByTestId('approvals-page')).toContainText('没有待审批的申请');

  // The officer's detail: the clock runs again, the refusal with the comment and the wait in the timeline.
  await expect(page.getByTestId('detail-paused')).toHaveCount(0);
  const refusal = page.locator('[data-testid="timeline-entry"][data-action="return_refused"]');
  await expect(refusal).toContainText('退回申请被驳回');
  await expect(refusal).toContainText('采砂点在本镇白鹭溪段，请受理并派单核查。');
  const minutes = Math.round(waitMs / MIN);
  await expect(refusal).toContainText('等待同意期间时限暂停');
  await expect(refusal).toContainText(minutes < 60 ? `${minutes}分钟` : `${Math.floor(minutes / 60)}小时${minutes % 60}分`);
  expect(await timelineActions(page)).toEqual(['report', 'return_requested', 'return_refused']);
  // The accept clock moved on by the wait: due 20 minutes from now, not 20 minutes ago.
  const movedDue = Date.parse(acceptDue) + waitMs;
  expect((await desk.core.events.detail(officer, eventId)).clocks.find((c) => c.kind === 'accept')!.dueAt).toBe(new Date(movedDue).toISOString());
  const beijing = new Date(movedDue + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const shown = `${pad(beijing.getUTCMonth() + 1)}-${pad(beijing.getUTCDate())} ${pad(beijing.getUTCHours())}:${pad(beijing.getUTCMinutes())}`;
  await expect(page.getByTestId('clock-accept')).toContainText(shown);
  await expect(page.getByTestId('clock-accept')).not.toContainText('暂停计时');
  await expect(page.getByTestId('queue-overdue')).toHaveText('超时 0');
  await refusal.scrollIntoViewIfNeeded();
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('return-refused-detail.png') });
});
