/**
 * One write path, as the desk sees it (issue #12):
 *  - the keys and buttons follow what the core allows (`allowedActions`), not a copy of the
 *    lifecycle in the renderer: `d` on a dispatched event re-dispatches it, as the panel's button does;
 *  - one intent, one client command id: Enter twice on a plan proposal starts ONE run (the second
 *    send carries the same id and is answered with the first run);
 *  - a command on an event someone else changed meanwhile is refused with who and when: two officers
 *    open the same event's dispatch; the first dispatches; the second is told 此事件已由 张伟 于 09:00 派单.
 * Screenshot: docs/screenshots/dispatch-superseded.png (1366×768).
 */
import path from 'node:path';
import { createReportFactory } from '../tools/sim-reports';
import { expect, row, signIn, test, timelineActions, type Desk } from './fixtures';

const SHOTS = path.resolve(__dirname, '../../docs/screenshots');

test('d on a dispatched event opens the dispatch and re-dispatches it', async ({ page, desk }) => {
  const eventId = await desk.report({ title: '锦绣小区2号楼消防通道被堵', categoryCode: 'FIRE-001', level: 'general', gridCode: 'G04' });
  await desk.dispatch(eventId);
  await signIn(page, desk);
  await expect(row(page, eventId)).toHaveAttribute('aria-selected', 'true');
  await expect(row(page, eventId).getByTestId('state-tag')).toHaveText('已派单');

  await page.keyboard.press('d');
  await expect(page.getByTestId('dispatch-lead-post')).toContainText('消防安全岗');
  await page.keyboard.press('d');
  await expect(page.getByTestId('dispatch-panel-body')).toBeHidden();

  await page.keyboard.press('Enter');
  await expect(page.getByTestId('detail-state')).toHaveText('已派单');
  await expect.poll(() => timelineActions(page)).toEqual(['report', 'accept', 'dispatch', 'dispatch']);
  const detail = await desk.core.events.detail(desk.actor('zhangwei'), eventId);
  expect(detail.timeline.map((t) => t.action)).toEqual(['report', 'accept', 'dispatch', 'dispatch']);
});

test('Enter twice on a plan proposal starts one run', async ({ page, desk }) => {
  const leader = desk.actor('lihua');
  await signIn(page, desk, 'lihua');
  const alert = createReportFactory(7).sensorAlert('smoke');
  const eventId = await desk.core.events.report(desk.actor('zhangwei'), alert as Parameters<Desk['core']['events']['report']>[1]);

  await expect(page.getByTestId('plan-proposal-banner')).toContainText('森林防灭火');
  await page.getByTestId('plan-proposal-open').click();
  const card = page.getByTestId('plan-proposal').first();
  await expect(card).toContainText(alert.title);
  await expect(card).toBeFocused();

  // Two Enters before the page can draw anything in between (a bouncing key, a fast double press):
  // both reach the card's handler, so both send a start.
  const replaysBefore = desk.core.kernel.stats.replays;
  // Every notice shown is counted as it appears: each goes on its own timer, so on a slow machine the
  // first may be gone before the second comes, and a later look would see only one.
  await page.evaluate(() => {
    const seen = { success: new Set<Element>(), error: new Set<Element>() };
    (window as unknown as { __notices: typeof seen }).__notices = seen;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('.ant-message-success')) seen.success.add(el);
      for (const el of document.querySelectorAll('.ant-message-error')) seen.error.add(el);
    }).observe(document.body, { childList: true, subtree: true });
  });
  const noticesSeen = () =>
    page.evaluate(() => {
      const seen = (window as unknown as { __notices: { success: Set<Element>; error: Set<Element> } }).__notices;
      return `${seen.success.size} success, ${seen.error.size} error`;
    });
  await card.evaluate((el) => {
    for (let i = 0; i < 2; i++) el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
  });

  await expect(page.getByTestId('plan-run')).toHaveAttribute('data-status', 'running');
  // The second send carried the first one's command id: the core answered it with the first run.
  await expect.poll(() => desk.core.kernel.stats.replays - replaysBefore).toBe(1);
  // Both answers are in: two notices, both saying the plan started; no refusal.
  await expect.poll(noticesSeen).toBe('2 success, 0 error');

  const runs = (await desk.core.plans.runs(leader, { activeOnly: false, includeDrills: true })).filter((r) => r.eventId === eventId);
  expect(runs).toHaveLength(1);
  await expect(page.getByTestId('plan-run')).toHaveAttribute('data-run-id', runs[0]!.id);
  await expect(page.getByTestId('plan-proposal')).toHaveCount(0);
});

test('two officers dispatch the same event: the second is told who dispatched it, and when', async ({ page, desk, openSecondPage }) => {
  const eventId = await desk.report({ title: '人民路口占道经营', categoryCode: 'CITY-002', level: 'general', gridCode: 'G02' });
  await signIn(page, desk, 'zhangwei');
  const second = await openSecondPage();
  await signIn(second, desk, 'huangxiaoyan');

  // Both open the one-key dispatch of the new event.
  for (const p of [page, second]) {
    await expect(row(p, eventId)).toHaveAttribute('aria-selected', 'true');
    await expect(row(p, eventId).getByTestId('state-tag')).toHaveText('待受理');
    await p.keyboard.press('d');
    await expect(p.getByTestId('dispatch-lead-post')).toBeVisible();
  }

  // 张伟 dispatches first.
  await page.keyboard.press('d');
  await expect(page.getByTestId('dispatch-panel-body')).toBeHidden();
  await expect(row(page, eventId).getByTestId('state-tag')).toHaveText('已派单');
  // 黄晓燕's queue has heard of it; her dispatch panel is still the one she opened on the new event.
  await expect(row(second, eventId).getByTestId('state-tag')).toHaveText('已派单');
  await expect(second.getByTestId('dispatch-lead-post')).toBeVisible();

  // Her dispatch is refused: who dispatched it, and when (Beijing time), in Chinese.
  await second.keyboard.press('d');
  const refusal = second.getByTestId('dispatch-error');
  await expect(refusal).toHaveText('此事件已由 张伟 于 09:00 派单，请查看最新状态后再操作');
  await expect(second.getByTestId('dispatch-panel-body')).toBeVisible();

  // One dispatch, by 张伟.
  const detail = await desk.core.events.detail(desk.actor('zhangwei'), eventId);
  expect(detail.timeline.map((t) => t.action)).toEqual(['report', 'accept', 'dispatch']);
  expect(detail.timeline.filter((t) => t.action === 'dispatch').map((t) => t.actorName)).toEqual(['张伟']);

  // What she sees, on a 1366×768 workstation.
  await second.setViewportSize({ width: 1366, height: 768 });
  await expect(refusal).toBeVisible();
  await second.screenshot({ path: path.join(SHOTS, 'dispatch-superseded.png') });
});
