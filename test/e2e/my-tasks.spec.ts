/**
 * 我的任务 (issue #17, reaching people) on the sample town 白鹭镇: the desk dispatches an event to a
 * post; the post's acting holder, signed in on a second console (another browser context, 1366×768),
 * sees it in 我的任务 and gets a desktop notification (the browser's Notification API, allowed for that
 * console); 签收 there turns the event to 处置中 on the desk.
 */
import type { Page } from '@playwright/test';
import { expect, row, signIn, stillPicture, test, type TownDesk } from './fixtures';

/** Records every `new Notification(title, {body})` of the page, and still shows the real one. */
const RECORD_NOTIFICATIONS = () => {
  const Real = window.Notification;
  const seen: { title: string; body: string }[] = [];
  (window as unknown as { __notices: typeof seen }).__notices = seen;
  class Recorded extends Real {
    constructor(title: string, options?: NotificationOptions) {
      seen.push({ title, body: options?.body ?? '' });
      super(title, options);
    }
  }
  window.Notification = Recorded;
};

const notices = (page: Page) => page.evaluate(() => (window as unknown as { __notices: { title: string; body: string }[] }).__notices);

/** An item whose lead post is held now by somebody with an account (not the desk's officer). */
async function itemWithHolder(desk: TownDesk) {
  for (const code of desk.town.itemCodes) {
    const item = desk.core.town.catalogue.get(code)!;
    const post = desk.core.town.posts.get(item.leadPostId)!;
    const acting = desk.core.town.postInfo(post).acting;
    const person = acting.personId ? desk.core.town.people.get(acting.personId) : undefined;
    if (person?.username && person.id !== desk.town.officer.id) return { code, post, person, as: acting.as };
  }
  throw new Error('no catalogue item whose lead post is held by a person with an account');
}

test('a dispatch reaches the holder’s 我的任务 on another console with a notification; 签收 there is 处置中 on the desk', async ({ page, townDesk: desk, browser, guard }) => {
  const { code, post, person, as } = await itemWithHolder(desk);
  const title = '白鹭镇滨河路井盖缺失';
  const eventId = await desk.report({ title, categoryCode: code, level: 'general', gridCode: desk.town.gridCode });

  // The holder's console: a second browser, notifications allowed, at 1366×768.
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'UTC', permissions: ['notifications'] });
  try {
    await context.addInitScript(RECORD_NOTIFICATIONS);
    const holder = await context.newPage();
    guard.watch(holder);
    await signIn(holder, desk, person.username);
    await holder.getByTestId('tab-my-tasks').click();
    await expect(holder.getByTestId('my-tasks-page')).toBeVisible();
    await expect(holder.getByTestId('my-tasks-notify')).toHaveAttribute('data-access', 'granted');
    await expect(holder.getByTestId('my-task').filter({ hasText: title })).toHaveCount(0);

    // The desk dispatches it (d, d) along the catalogue's proposal: the lead post is the holder's.
    await signIn(page, desk);
    await row(page, eventId).click();
    await page.keyboard.press('d');
    await expect(page.getByTestId('dispatch-lead-post')).toContainText(post.name);
    await page.keyboard.press('d');
    await expect(row(page, eventId).getByTestId('state-tag')).toHaveText('已派单');

    // The holder's list has it at once, 待签收, due in Beijing time, and the console told them.
    const line = holder.locator(`[data-testid="my-task"][data-event-id="${eventId}"]`);
    await expect(line).toBeVisible();
    await expect(line.getByTestId('my-task-state')).toHaveText('待签收');
    await expect(line.getByTestId('my-task-post')).toContainText(post.name);
    if (as) await expect(line.getByTestId('my-task-post')).toContainText(`${as}岗`);
    await expect(line.getByTestId('my-task-due')).toContainText(/\d{2}-\d{2} \d{2}:\d{2} 前签收/);
    await expect(holder.getByTestId('tab-my-tasks')).toContainText('1');
    await expect.poll(() => notices(holder)).toEqual([{ title: '值班台 · 新任务', body: expect.stringContaining(`${title}（${post.name}）`) }]);

    await stillPicture(holder);
    await holder.screenshot({ path: 'docs/screenshots/my-tasks-1366.png' });

    // 签收 on the line: in progress there, 处置中 on the desk; nobody is told of it twice.
    await line.getByTestId('my-task-ack').click();
    await expect(line.getByTestId('my-task-state')).toHaveText('处置中');
    await expect(line.getByTestId('my-task-ack')).toHaveCount(0);
    await expect(row(page, eventId).getByTestId('state-tag')).toHaveText('处置中');
    expect(await notices(holder)).toHaveLength(1);

    // Opening the console again does not tell them again (what they were told of is kept for them).
    await signIn(holder, desk, person.username);
    await holder.getByTestId('tab-my-tasks').click();
    await expect(holder.locator(`[data-testid="my-task"][data-event-id="${eventId}"]`)).toBeVisible();
    expect(await notices(holder)).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a browser that refuses notifications: 开启桌面通知 asks once, and the page says in Chinese how to allow them', async ({ page, townDesk: desk }) => {
  // The browser's own prompt cannot be answered from a test: the page sees what a refusing browser answers.
  await page.addInitScript(() => {
    let state: NotificationPermission = 'default';
    Object.defineProperty(Notification, 'permission', { get: () => state });
    Notification.requestPermission = async () => (state = 'denied');
  });
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, desk);
  await page.getByTestId('tab-my-tasks').click();
  await expect(page.getByTestId('my-tasks-page')).toContainText('暂无待办任务');
  await page.getByTestId('my-tasks-enable-notify').click();
  await expect(page.getByTestId('my-tasks-notify-denied')).toContainText('浏览器已拒绝桌面通知：请在地址栏左侧的网站设置中允许“通知”，然后刷新本页。');
  await expect(page.getByTestId('my-tasks-enable-notify')).toHaveCount(0);
});

test('an alarm escalated to the duty leader is in the leader’s 我的任务, marked 已升级给你：带班领导, with a notification', async ({ townDesk: desk, browser, guard }) => {
  const { code } = await itemWithHolder(desk);
  const title = '白鹭镇东港村河道漂浮物';
  const eventId = await desk.report({ title, categoryCode: code, level: 'general', gridCode: desk.town.gridCode });
  await desk.dispatch(eventId);
  const leader = desk.person(desk.town.leader);

  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'UTC', permissions: ['notifications'] });
  try {
    await context.addInitScript(RECORD_NOTIFICATIONS);
    const page = await context.newPage();
    guard.watch(page);
    await signIn(page, desk, leader.username);
    await page.getByTestId('tab-my-tasks').click();
    await expect(page.getByTestId('my-tasks-notify')).toHaveAttribute('data-access', 'granted');

    // The rows an escalation step leaves when it tells the duty leader of an acknowledgement not made in
    // time (the alarm and its alarm_step), written through the core's one write path so that the test
    // does not wait on the chain's minutes.
    await desk.core.kernel.run({ name: 'test.escalationStep', actor: { id: 'system', roles: ['leader'] }, audit: false }, async (tx) => {
      await tx.raiseAlarm({ key: `ack_timeout:${eventId}:test`, kind: 'ack_timeout', eventId, detail: {}, at: tx.at });
      const alarm = (await tx.sql.get<{ id: string }>(`SELECT id FROM alarm WHERE key = ?`, [`ack_timeout:${eventId}:test`]))!;
      await tx.sql.run(`INSERT INTO alarm_step (alarm_id, step, target, person_id, at, event_id) VALUES (?, 2, 'leader', ?, ?, ?)`, [alarm.id, leader.id, tx.at, eventId]);
      tx.emit({ topic: 'alarms' });
    });

    const line = page.locator(`[data-testid="my-task"][data-event-id="${eventId}"]`);
    await expect(line.getByTestId('my-task-escalated')).toHaveText('已升级给你：带班领导');
    await expect(line.getByTestId('my-task-ack')).toHaveCount(0);
    await expect(line.getByTestId('my-task-open')).toBeVisible();
    await expect.poll(() => notices(page)).toEqual([{ title: '值班台 · 已升级给你', body: expect.stringContaining(`已升级给你：带班领导（接单超时）\n${title}`) }]);
    await stillPicture(page);
    await page.screenshot({ path: 'docs/screenshots/my-tasks-escalated-1366.png' });
  } finally {
    await context.close();
  }
});
