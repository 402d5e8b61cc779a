/** One-key dispatch: from a new event to dispatched in two keystrokes (`d`, `d`). */
import { expect, row, signIn, test, timelineActions } from './fixtures';

test('d, d dispatches a new event', async ({ page, desk }) => {
  const eventId = await desk.report({ title: '锦绣小区2号楼消防通道被堵', categoryCode: 'FIRE-001', level: 'general', gridCode: 'G04' });
  await signIn(page, desk);
  await expect(row(page, eventId)).toHaveAttribute('aria-selected', 'true');
  await expect(row(page, eventId).getByTestId('state-tag')).toHaveText('待受理');

  await page.keyboard.press('d');
  await expect(page.getByTestId('dispatch-lead-post')).toContainText('消防安全岗');
  await expect(page.getByTestId('dispatch-coop-post').first()).toBeVisible();
  await page.keyboard.press('d');

  await expect(page.getByTestId('dispatch-panel-body')).toBeHidden();
  await expect(row(page, eventId).getByTestId('state-tag')).toHaveText('已派单');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('detail-state')).toHaveText('已派单');
  expect(await timelineActions(page)).toEqual(['report', 'accept', 'dispatch']);
  await expect(page.getByTestId('detail-assignments')).toContainText('消防安全岗');
});

test('d then Enter confirms too; Esc cancels without dispatching', async ({ page, desk }) => {
  const first = await desk.report({ title: '人民路口占道经营', categoryCode: 'CITY-002', level: 'general', gridCode: 'G02' });
  await signIn(page, desk);
  await expect(row(page, first)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('d');
  await expect(page.getByTestId('dispatch-lead-post')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('dispatch-panel-body')).toBeHidden();
  await expect(row(page, first).getByTestId('state-tag')).toHaveText('待受理');

  await page.keyboard.press('d');
  await expect(page.getByTestId('dispatch-lead-post')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(row(page, first).getByTestId('state-tag')).toHaveText('已派单');
});

test('Enter on × (关闭) or 取消 closes the dialog and dispatches nothing; Enter on 派单 dispatches', async ({ page, desk }) => {
  const eventId = await desk.report({ title: '滨江路井盖缺失', categoryCode: 'CITY-002', level: 'general', gridCode: 'G02' });
  await signIn(page, desk);
  await expect(row(page, eventId)).toHaveAttribute('aria-selected', 'true');
  const body = page.getByTestId('dispatch-panel-body');
  // Tabs backwards from where the dialog put the focus (派单) until the control named `name` has it.
  const tabTo = async (name: string) => {
    for (let i = 0; i < 12; i++) {
      const focused = await page.evaluate(() => (document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '').replace(/\s/g, ''));
      if (focused.startsWith(name)) return;
      await page.keyboard.press('Shift+Tab');
    }
    throw new Error(`no control named ${name} in the dialog`);
  };

  for (const name of ['关闭', '取消']) {
    await page.keyboard.press('d');
    await expect(page.getByTestId('dispatch-confirm')).toBeFocused();
    await tabTo(name);
    await page.keyboard.press('Enter');
    await expect(body).toBeHidden();
    await expect(row(page, eventId).getByTestId('state-tag')).toHaveText('待受理');
  }
  expect((await desk.core.events.detail(desk.actor('zhangwei'), eventId)).timeline.map((t) => t.action)).toEqual(['report']);

  await page.keyboard.press('d');
  await expect(page.getByTestId('dispatch-confirm')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(row(page, eventId).getByTestId('state-tag')).toHaveText('已派单');
});

test('at night the board’s on-call person holds the post: the dialog says 值守, never 「（岗）」 or an empty tag', async ({ page, desk }) => {
  await desk.core.roster.generate(desk.actor('lihua'), '2026-11');
  // A night of that week (22:15 Beijing time) when A and B are off shift and the night's on-call person of
  // the board, somebody else, acts for the post.
  const post = desk.core.town.posts.get(desk.core.town.catalogue.get('SAFE-001')!.leadPostId)!;
  const night = ['23', '24', '25', '26', '27'].map((d) => `2026-11-${d}T14:15:00.000Z`).find((at) => desk.core.town.postInfo(post, new Date(at)).acting.onCall);
  expect(night, 'a night this week when the on-call person holds the post').toBeDefined();
  desk.clock.set(night!);
  const eventId = await desk.report({ title: '夜间道路塌陷', categoryCode: 'SAFE-001', level: 'general', gridCode: 'G02' });
  const proposal = await desk.core.events.proposeDispatch(desk.actor('zhangwei'), eventId);
  expect(proposal.lead.acting, JSON.stringify(proposal.lead)).toMatchObject({ onCall: true, as: null });
  await signIn(page, desk);
  await expect(row(page, eventId)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('d');
  const lead = page.getByTestId('dispatch-lead-post');
  await expect(lead.locator('.post-holder')).toHaveText(`${proposal.lead.acting.name}（值守）`);
  await expect(lead.locator('.ant-tag')).toHaveText('值守');
  await expect(page.getByTestId('dispatch-panel-body')).not.toContainText('（岗）');
  await page.screenshot({ path: 'docs/screenshots/dispatch-on-call.png' });
});

test('intake closed by Esc gives the focus back to the queue, not to nowhere', async ({ page, desk }) => {
  const eventId = await desk.report({ title: '人民路口占道经营', categoryCode: 'CITY-002', level: 'general', gridCode: 'G02' });
  await signIn(page, desk);
  await expect(row(page, eventId)).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('queue-list').locator('.queue-scroll').focus();
  await page.keyboard.press('n');
  await expect(page.getByTestId('intake-form')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('intake-form')).toHaveCount(0);
  await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('[data-testid="queue-list"]'))).toBe(true);
  // And the keys go on working from there.
  await page.keyboard.press('d');
  await expect(page.getByTestId('dispatch-panel-body')).toBeVisible();
});
