/**
 * A plan task's buttons (签收, 完成, 跳过) and the run's 结束 are the core's `allowedActions`, for
 * each person, in Chromium on the web console:
 *  - a running forest-fire plan with every status at once (done, acknowledged, dispatched, skipped,
 *    waiting); the board staff holding 向区森林防灭火指挥部报告 sees buttons on that task only (not on
 *    other people's tasks, as the console once showed them), in the run and in 我的预案任务; an officer
 *    sees 签收/完成 on open tasks and no 跳过 or 结束; the leader sees 跳过 on waiting steps too, and 结束;
 *  - a double click on 签收 is one intent: both sends carry the same command id, the core runs it
 *    once; the row then offers what the core now allows (完成 only), and after 完成, nothing;
 *  - a `superseded` refusal names what was acted on: 此预案 / 此任务 for plans, 此事件 for events.
 */
import type { Page } from '@playwright/test';
import type { PlanTaskAction } from '../../preload/contract';
import { errorText } from '../../renderer/src/locales';
import { enUS } from '../../renderer/src/locales/en-US';
import { zhCN } from '../../renderer/src/locales/zh-CN';
import { expect, signIn, test, type Desk } from './fixtures';

const ACTIONS: readonly PlanTaskAction[] = ['ack', 'complete', 'skip'];

function taskRow(page: Page, stepId: string) {
  return page.locator(`[data-testid="plan-task"][data-step-id="${stepId}"]`);
}

async function openRun(page: Page, runId: string): Promise<void> {
  await page.getByTestId('tab-plans').click();
  await expect(page.getByTestId('plans-page')).toBeVisible();
  await expect(page.getByTestId('plan-run')).toHaveAttribute('data-run-id', runId);
}

/**
 * Every task row shows exactly the buttons the core gives this person for it now (read in one go per
 * try, until the page shows that state); 结束 likewise. Returns the core's answer by step.
 */
async function expectButtonsFollowCore(page: Page, desk: Desk, username: string, runId: string): Promise<Map<string, PlanTaskAction[]>> {
  const run = await desk.core.plans.run(desk.actor(username), runId);
  const expected = run.tasks.map((t) => `${t.stepId} ${t.status}: ${t.allowedActions.join(',')} / ${t.allowedActions.join(',')}`).sort();
  await expect
    .poll(
      () =>
        page.getByTestId('plan-task').evaluateAll(
          (rows, actions) =>
            rows
              .map((r) => {
                const el = r as HTMLElement;
                const allowed = (el.querySelector('[data-testid="plan-task-actions"]')?.getAttribute('data-allowed') ?? '').split(' ').filter(Boolean);
                const buttons = actions.filter((a) => el.querySelector(`[data-testid="plan-task-${a}"]`) !== null);
                return `${el.dataset.stepId} ${el.dataset.status}: ${allowed.join(',')} / ${buttons.join(',')}`;
              })
              .sort(),
          ACTIONS,
        ),
      { message: `${username}: each task's status, allowedActions and buttons` },
    )
    .toEqual(expected);
  await expect(page.getByTestId('plan-run-end')).toHaveCount(run.allowedActions.includes('end') ? 1 : 0);
  return new Map(run.tasks.map((t) => [t.stepId, t.allowedActions]));
}

test('a plan task shows exactly the buttons the core allows: its holder, an officer, the leader; a double 签收 is one command', async ({ page, desk, openSecondPage }) => {
  test.setTimeout(120_000);
  const leader = desk.actor('lihua');
  const officer = desk.actor('zhangwei');
  await desk.core.roster.generate(leader, '2026-11');
  const template = (await desk.core.plans.templates(leader)).find((x) => x.kind === 'forest_fire' && x.source === 'local')!;
  const { runId } = await desk.core.plans.start(leader, { templateId: template.id, drill: false });
  const task = async (stepId: string) => (await desk.core.plans.run(leader, runId)).tasks.find((x) => x.stepId === stepId)!;
  await desk.core.plans.ackTask(officer, runId, (await task('muster')).id);
  await desk.core.plans.completeTask(officer, runId, (await task('verify')).id);
  await desk.core.plans.skipTask(leader, runId, (await task('traffic')).id, '交警已到场');
  const report = await task('report-district');
  const holder = desk.core.town.people.get(report.holderId!)!;
  expect(holder.roles).toContain('board_staff');
  expect(holder.roles).not.toContain('officer');
  expect(holder.roles).not.toContain('leader');

  // The board staff holding 向区森林防灭火指挥部报告: buttons on that task, none on anyone else's.
  await signIn(page, desk, holder.username);
  await openRun(page, runId);
  const mine = await expectButtonsFollowCore(page, desk, holder.username, runId);
  expect(mine.get('report-district')).toEqual(['ack', 'complete']);
  expect([...mine].filter(([, a]) => a.length > 0).map(([s]) => s)).toEqual(['report-district']);
  // Other people's dispatched tasks are on the page too, without buttons for this person.
  const others = (await desk.core.plans.run(leader, runId)).tasks.filter((x) => x.status === 'dispatched' && x.holderId !== holder.id);
  expect(others.length).toBeGreaterThan(0);
  await expect(page.getByTestId('plan-task-ack')).toHaveCount(1);
  await expect(page.getByTestId('plan-task-complete')).toHaveCount(1);

  // 我的预案任务: the same task, the same buttons.
  await page.getByTestId('plans-section-mine').click();
  const myRow = page.locator(`[data-testid="plan-my-task"][data-task-id="${report.id}"]`);
  await expect(myRow.getByTestId('plan-task-actions')).toHaveAttribute('data-allowed', 'ack complete');
  await expect(myRow.getByTestId('plan-task-ack')).toHaveCount(1);
  await expect(myRow.getByTestId('plan-task-complete')).toHaveCount(1);
  await expect(myRow.getByTestId('plan-task-skip')).toHaveCount(0);
  await page.getByTestId('plans-section-runs').click();
  await expect(page.getByTestId('plan-run')).toHaveAttribute('data-run-id', runId);

  // An officer: 签收/完成 on every open task, never 跳过 or 结束.
  const officerPage = await openSecondPage();
  await signIn(officerPage, desk, 'zhangwei');
  await openRun(officerPage, runId);
  const desk2 = await expectButtonsFollowCore(officerPage, desk, 'zhangwei', runId);
  expect(desk2.get('muster')).toEqual(['complete']);
  expect(desk2.get('publicity')).toEqual([]);
  await expect(officerPage.getByTestId('plan-task-skip')).toHaveCount(0);

  // The leader: 跳过 on waiting steps too, and 结束.
  const leaderPage = await openSecondPage();
  await signIn(leaderPage, desk, 'lihua');
  await openRun(leaderPage, runId);
  const lead = await expectButtonsFollowCore(leaderPage, desk, 'lihua', runId);
  expect(lead.get('publicity')).toEqual(['skip']);
  expect(lead.get('evacuate')).toEqual(['ack', 'complete', 'skip']);
  expect(lead.get('verify')).toEqual([]);
  await expect(leaderPage.getByTestId('plan-run-end')).toHaveCount(1);

  // A double click on 签收: both sends carry one command id, the core acknowledges once.
  const replaysBefore = desk.core.kernel.stats.replays;
  await page.evaluate(() => {
    const w = window as unknown as { sentFrames: string[] };
    w.sentFrames = [];
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data: string) {
      w.sentFrames.push(String(data));
      return send.call(this, data);
    };
  });
  // Two clicks in one task of the browser: the second comes before the first can disable the button.
  await taskRow(page, 'report-district')
    .getByTestId('plan-task-ack')
    .evaluate((el: HTMLElement) => {
      el.click();
      el.click();
    });
  await expect(taskRow(page, 'report-district')).toHaveAttribute('data-status', 'acknowledged');
  const acks = (await page.evaluate(() => (window as unknown as { sentFrames: string[] }).sentFrames))
    .map((s) => JSON.parse(s) as { channel: string; args: { commandId?: string } })
    .filter((m) => m.channel === 'plans:ackTask')
    .map((m) => m.args.commandId);
  expect(acks).toHaveLength(2);
  expect(acks[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(acks[1]).toBe(acks[0]);
  await expect.poll(() => desk.core.kernel.stats.replays).toBe(replaysBefore + 1);
  const log = (await desk.core.plans.run(leader, runId)).log.filter((l) => l.kind === 'acknowledged' && l.taskId === report.id);
  expect(log).toHaveLength(1);

  // Now the core offers 完成 only; every page follows (the others through the feed).
  await expect(taskRow(page, 'report-district').getByTestId('plan-task-actions')).toHaveAttribute('data-allowed', 'complete');
  await expectButtonsFollowCore(page, desk, holder.username, runId);
  await expect(taskRow(leaderPage, 'report-district').getByTestId('plan-task-actions')).toHaveAttribute('data-allowed', 'complete skip');
  await expectButtonsFollowCore(leaderPage, desk, 'lihua', runId);

  // 完成 (Enter confirms): the task is done and offers nothing more, to anyone.
  await taskRow(page, 'report-district').getByTestId('plan-task-complete').click();
  await page.getByTestId('plan-complete-input').fill('已电话报告区指挥部');
  await page.getByTestId('plan-complete-input').press('Enter');
  await expect(taskRow(page, 'report-district')).toHaveAttribute('data-status', 'done');
  await expect(taskRow(page, 'report-district').getByTestId('plan-task-actions')).toHaveAttribute('data-allowed', '');
  await expect(taskRow(officerPage, 'report-district')).toHaveAttribute('data-status', 'done');
  await expectButtonsFollowCore(officerPage, desk, 'zhangwei', runId);
});

test('a superseded refusal names the plan or the task it was about, not 此事件 (no browser)', () => {
  const lost = { code: 'superseded', message: 'english text', params: { by: '李华', at: '09:03', action: 'plan_start' } };
  expect(errorText(zhCN, lost)).toBe('此预案已由 李华 于 09:03 启动预案，请查看最新状态后再操作');
  expect(errorText(zhCN, lost, { subject: 'task' })).toBe('此任务已由 李华 于 09:03 启动预案，请查看最新状态后再操作');
  expect(errorText(zhCN, { code: 'superseded', message: '', params: {} }, { subject: 'task' })).toBe('此任务已被他人更改，请查看最新状态后再操作');
  // Events keep their sentence.
  expect(errorText(zhCN, { code: 'superseded', message: '', params: { by: '张伟', at: '09:00', action: 'dispatch' } })).toBe(
    '此事件已由 张伟 于 09:00 派单，请查看最新状态后再操作',
  );
  expect(errorText(zhCN, { code: 'superseded', message: '' })).toBe('此事件已被他人更改，请查看最新状态后再操作');
  expect(errorText(enUS, lost)).toBe('李华 already did “Start plan” on this plan at 09:03; check the latest state before acting.');
  expect(errorText(enUS, { code: 'superseded', message: '' }, { subject: 'task' })).toBe('Someone else changed this task meanwhile; check the latest state before acting.');
});
