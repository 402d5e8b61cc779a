/**
 * 首报 / 续报 / 终报 in the browser (issue #15), on the sample town 白鹭镇: a serious event accepted and
 * escalated to the district owes its first report within 60 minutes; the detail's 情况报告 shows the due
 * time in Beijing time; past it, 首报超时 raises an alarm (the banner, in Chinese); the officer files the
 * first report from the detail by keyboard (Ctrl+Enter), the alarm stops, and the timeline shows 首报 with
 * its text, filed late. Then 续报一 and 终报, the stages chosen by keyboard. Checked at 1366×768. The wall’s
 * 超期事件 list marks 首报超时, also on an escalated event late only on its first report. 续报’s clock: 下次续报 HH:mm
 * in the section, 续报超时 raised when it runs out and stopped by filing 续报.
 */
import type { BrowserContext } from '@playwright/test';
import { templateLayout } from '../../renderer/src/wall/wall-templates';
import { expect, row, signIn, stillPicture, test, timelineActions, type TownDesk } from './fixtures';
import { holdFirstPage, openWall } from './wall-support';

const MIN = 60_000;

/** A serious event of the sample town, accepted and escalated to the district (no clock of the desk left but its first report's). */
async function escalatedSerious(townDesk: TownDesk, title: string): Promise<string> {
  const { town, core } = townDesk;
  const officer = townDesk.actor(townDesk.officer);
  const eventId = await townDesk.report({ title, categoryCode: town.itemCode, level: 'serious', gridCode: town.gridCode });
  await core.events.accept(officer, eventId);
  await core.events.escalate(officer, eventId, '需区级协调力量');
  // The new serious event's own alarm was seen and acknowledged at the desk.
  for (const a of await core.alarms.list()) if (!a.ackedAt) await core.alarms.ack(officer, a.id, undefined);
  return eventId;
}

test('a serious event’s first report overdue raises an alarm; filing it from the detail stops the alarm', async ({ page, townDesk }, info) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const eventId = await escalatedSerious(townDesk, '白鹭山林场起火');
  await signIn(page, townDesk);
  await row(page, eventId).dblclick();
  const section = page.getByTestId('situation-reports');
  await expect(section).toContainText('情况报告');
  // Accepted at 09:00 Beijing time: the first report is due by 10:00.
  await expect(section.getByTestId('situation-due')).toContainText('首报时限：应于');
  await expect(section.getByTestId('situation-due')).toContainText('10:00');
  await expect(section.getByTestId('situation-due')).toHaveAttribute('data-late', 'false');
  await expect(page.getByTestId('alarm-banner')).toBeHidden();

  townDesk.clock.advance(61 * MIN);
  const banner = page.getByTestId('alarm-banner');
  await expect(banner).toHaveAttribute('data-alarm-kind', 'first_report_overdue');
  await expect(banner).toContainText('白鹭山林场起火');
  await expect(banner).toContainText('首报超时');
  await expect(section.getByTestId('situation-due')).toHaveAttribute('data-late', 'true');
  await expect(section.getByTestId('situation-due')).toContainText('首报已超时');
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('situation-report-overdue.png') });

  // By keyboard: the text box (首报 is the stage already), then Ctrl+Enter.
  await expect(section.getByRole('radio', { name: '首报' })).toBeChecked();
  await section.getByTestId('situation-text').focus();
  await page.keyboard.type('12时许白鹭山林场发现明火，已组织扑救，暂无人员伤亡。');
  await page.keyboard.press('Control+Enter');
  await expect(section.getByTestId('situation-item')).toHaveCount(1);
  await expect(section.getByTestId('situation-item')).toContainText('首报');
  await expect(section.getByTestId('situation-item')).toContainText('12时许白鹭山林场发现明火');
  await expect(section.getByTestId('situation-due')).toContainText('首报已于');
  await expect(section.getByTestId('situation-due')).toContainText('超时');
  await expect(banner).toBeHidden();
  // 升级提醒 told the duty leader when the first report ran late (the chain's first step, at once).
  await expect.poll(() => timelineActions(page)).toEqual(['report', 'accept', 'escalate', 'escalation_step', 'situation_report']);
  await expect(page.locator('[data-testid="timeline-entry"][data-action="escalation_step"]')).toContainText('首报超时');
  const entry = page.locator('[data-testid="timeline-entry"][data-action="situation_report"]');
  await expect(entry).toContainText('首报');
  await expect(entry).toContainText('超时报送');
  const alarm = (await townDesk.core.alarms.list()).find((a) => a.kind === 'first_report_overdue');
  expect(alarm).toMatchObject({ eventId, ackedBy: townDesk.actor(townDesk.officer).id });
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('situation-report-filed.png') });
});

test('续报 and 终报 from the detail, the stage chosen by keyboard; an empty report is refused in Chinese', async ({ page, townDesk }, info) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const eventId = await escalatedSerious(townDesk, '水库水位超汛限');
  await townDesk.core.events.situationReport(townDesk.actor(townDesk.officer), { eventId, stage: 'first', text: '水库水位超汛限0.3米，已启动巡查。' });
  await signIn(page, townDesk);
  await row(page, eventId).dblclick();
  const section = page.getByTestId('situation-reports');
  await expect(section.getByTestId('situation-due')).toContainText('按时');
  // 首报 is filed: the form offers 续报, 首报 is not offered again.
  await expect(section.getByRole('radio', { name: '续报' })).toBeChecked();
  await expect(section.getByRole('radio', { name: '首报' })).toBeDisabled();

  await section.getByTestId('situation-submit').click();
  await expect(section.getByTestId('situation-error')).toHaveText('请填写报告内容');
  await section.getByTestId('situation-text').fill('水位回落至汛限以下。');
  await page.keyboard.press('Control+Enter');
  await expect(section.getByTestId('situation-item')).toHaveCount(2);
  await expect(section.getByTestId('situation-item').nth(1)).toContainText('续报一');

  // The arrows move to 终报.
  await section.getByRole('radio', { name: '续报' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(section.getByRole('radio', { name: '终报' })).toBeChecked();
  await section.getByTestId('situation-text').fill('险情已解除，巡查转入常态。');
  await page.keyboard.press('Control+Enter');
  await expect(section.getByTestId('situation-item')).toHaveCount(3);
  await expect(section.getByTestId('situation-item').nth(2)).toContainText('终报');
  await expect(section.getByRole('radio', { name: '终报' })).toBeDisabled();
  await expect(section.getByRole('radio', { name: '续报' })).toBeChecked();
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('situation-report-list.png') });
});

test('续报超时 raises an alarm when the next update is late; filing 续报 from the detail stops it', async ({ page, townDesk }, info) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const eventId = await escalatedSerious(townDesk, '白鹭溪堤防出现管涌');
  // The 首报 at 09:00 Beijing time, on time: the next 续报 is due 720 minutes after it, by 21:00.
  await townDesk.core.events.situationReport(townDesk.actor(townDesk.officer), { eventId, stage: 'first', text: '白鹭溪堤防出现管涌，已组织抢险。' });
  await signIn(page, townDesk);
  await row(page, eventId).dblclick();
  const section = page.getByTestId('situation-reports');
  const next = section.getByTestId('situation-next-update');
  await expect(next).toHaveText('下次续报 21:00（北京时间）前报送');
  await expect(next).toHaveAttribute('data-late', 'false');
  await section.scrollIntoViewIfNeeded();
  await stillPicture(page);
  await section.screenshot({ path: info.outputPath('situation-report-next-update.png') });

  townDesk.clock.advance(721 * MIN);
  const banner = page.getByTestId('alarm-banner');
  await expect(banner).toHaveAttribute('data-alarm-kind', 'update_report_overdue');
  await expect(banner).toContainText('白鹭溪堤防出现管涌');
  await expect(banner).toContainText('续报超时');
  await expect(next).toHaveAttribute('data-late', 'true');
  await expect(next).toContainText('续报已超时：应于 21:00（北京时间）前报送');
  await stillPicture(page);
  await section.screenshot({ path: info.outputPath('situation-report-update-late.png') });

  // 续报 is the stage already: the text, then Ctrl+Enter.
  await expect(section.getByRole('radio', { name: '续报' })).toBeChecked();
  await section.getByTestId('situation-text').focus();
  await page.keyboard.type('管涌已封堵，水位平稳。');
  await page.keyboard.press('Control+Enter');
  await expect(section.getByTestId('situation-item')).toHaveCount(2);
  await expect(section.getByTestId('situation-item').nth(1)).toContainText('续报一');
  await expect(banner).toBeHidden();
  // Filed at 21:01: the next one by 09:01 the day after.
  await expect(next).toHaveText('下次续报 11-24 09:01（北京时间）前报送');
  await expect(next).toHaveAttribute('data-late', 'false');
  const entry = page.locator('[data-testid="timeline-entry"][data-action="situation_report"]').nth(1);
  await expect(entry).toContainText('续报一');
  await expect(entry).toContainText('超时报送');
  const alarm = (await townDesk.core.alarms.list()).find((a) => a.kind === 'update_report_overdue');
  expect(alarm).toMatchObject({ eventId, ackedBy: townDesk.actor(townDesk.officer).id });
  await stillPicture(page);
  await section.screenshot({ path: info.outputPath('situation-report-update-filed.png') });
});

test('the administrator sets the first report’s limit and the update interval in 系统设置 → 情况报告; a value out of range is refused in Chinese', async ({
  page,
  townDesk,
}, info) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const admin = townDesk.person(townDesk.town.admin).username;
  await signIn(page, townDesk, admin);
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('settings-tab-situation').click();
  const form = page.getByTestId('report-limits-settings');
  await expect(form).toContainText('首报时限');
  await expect(form.getByTestId('report-limit-serious')).toHaveValue('60');
  await form.getByTestId('report-limit-serious').fill('2');
  await form.getByTestId('report-limits-save').click();
  await expect(form.getByTestId('report-limits-refusal')).toHaveText('首报时限须为 5 到 1440 之间的整数分钟，未保存。请修改后再保存。');
  const defaults = { serious: 720, especially_serious: 720 };
  expect(await townDesk.core.events.reportLimits(townDesk.town.admin)).toEqual({ serious: 60, especially_serious: 60, update: defaults });
  await form.getByTestId('report-limit-serious').fill('35');
  await form.getByTestId('report-limits-save').click();
  await expect(page.getByText('首报时限和续报间隔已保存')).toBeVisible();
  await expect.poll(() => townDesk.core.events.reportLimits(townDesk.town.admin)).toEqual({ serious: 35, especially_serious: 60, update: defaults });
  // Beside it, 续报间隔: 720 minutes by default; out of 30–1440 refused in Chinese, nothing saved.
  const updates = form.getByTestId('update-intervals-settings');
  await expect(updates).toContainText('续报间隔');
  await expect(updates.getByTestId('update-interval-serious')).toHaveValue('720');
  await updates.getByTestId('update-interval-especially_serious').fill('10');
  await updates.getByTestId('update-intervals-save').click();
  await expect(updates.getByTestId('update-intervals-refusal')).toHaveText('续报间隔须为 30 到 1440 之间的整数分钟（至少每天续报一次），未保存。请修改后再保存。');
  expect((await townDesk.core.events.reportLimits(townDesk.town.admin)).update).toEqual(defaults);
  await updates.getByTestId('update-interval-especially_serious').fill('480');
  await updates.getByTestId('update-intervals-save').click();
  await expect.poll(async () => (await townDesk.core.events.reportLimits(townDesk.town.admin)).update).toEqual({ serious: 720, especially_serious: 480 });
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('situation-report-settings.png') });
});

test('the wall’s 超期事件 list marks a late first report (an escalated event too), then the latest report', async ({ browser, townDesk, guard }, info) => {
  const { core, town } = townDesk;
  const officer = townDesk.actor(townDesk.officer);
  // Accepted, not dispatched: past its accept clock (on the overdue list) and past its first report's limit.
  const eventId = await townDesk.report({ title: '白鹭大桥桥面塌陷', categoryCode: town.itemCode, level: 'serious', gridCode: town.gridCode });
  await core.events.accept(officer, eventId);
  // Escalated: no clock of the desk runs, it is late only on its first report (issue #15's audit).
  const escalated = await escalatedSerious(townDesk, '化工园区储罐泄漏');
  townDesk.clock.advance(61 * MIN);
  const definition = templateLayout(3, 2);
  const screen = definition.screens.find((s) => s.pages.some((p) => p.tiles.some((t) => t.panel === 'overdueList')))!;
  const { id } = await core.wall.save(town.leader, { name: '指挥大厅 3×2', definition });
  const url = new URL(townDesk.web.url).origin + (await core.wall.issueToken(town.leader, id, screen.id)).path;
  const contexts: BrowserContext[] = [];
  try {
    const wall = await openWall(browser, guard, url, contexts);
    await holdFirstPage(wall, screen);
    const line = wall.locator(`[data-testid="wall-overdue-row"][data-event-id="${eventId}"]`);
    await expect(line.getByTestId('wall-report-mark')).toHaveText('首报超时');
    await expect(wall.locator(`[data-testid="wall-overdue-row"][data-event-id="${escalated}"]`).getByTestId('wall-report-mark')).toHaveText('首报超时');
    await wall.screenshot({ path: info.outputPath('situation-report-wall.png') });
    await core.events.situationReport(officer, { eventId, stage: 'first', text: '大桥桥面局部塌陷，已封闭交通。' });
    await expect(line.getByTestId('wall-report-mark')).toHaveText('已首报');
  } finally {
    for (const c of contexts) await c.close();
  }
});
