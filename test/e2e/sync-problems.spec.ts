/**
 * 同步问题 with a district whose op times run ahead of this console's clock (a real reference district
 * on loopback): the op is set aside, the header says 同步异常 and counts it, the list says why in
 * Chinese, an officer sees who may act, and the duty leader retries (too early: it stays; once the
 * clock has caught up: applied, the event in the queue) or ignores it (off the list, the header clear).
 * On the sample town 白鹭镇 (never the demo town): its leader and officer, item and grid from sampleTown.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { DISTRICT_NODE, DISTRICT_TOKEN, expect, row, signIn, stillPicture, test, TOWN_CODE, type SyncDesk, untilLive } from './fixtures';

const OUT = path.resolve(__dirname, '../../docs/screenshots');

/** The district dispatches an event whose op time is `aheadMs` past the console's clock (the district's clock runs fast). */
async function dispatchAhead(desk: SyncDesk, title: string, aheadMs: number): Promise<string> {
  const base = `${desk.district.url}/v1/towns/${TOWN_CODE}`;
  const auth = { Authorization: `Bearer ${DISTRICT_TOKEN}` };
  const { nextSeq } = (await (await fetch(`${base}/nodes/${DISTRICT_NODE}/seq`, { headers: auth })).json()) as { nextSeq: number };
  const at = new Date(desk.clock.now().getTime() + aheadMs).toISOString();
  const entityId = randomUUID();
  const op = {
    opId: randomUUID(),
    nodeId: DISTRICT_NODE,
    seq: nextSeq,
    hlc: `${at}-0000-${DISTRICT_NODE}`,
    entity: 'event',
    entityId,
    kind: 'action',
    action: 'assign_to_town',
    payload: { title, categoryCode: desk.town.itemCode, level: 'general', source: 'district', reportedAt: desk.clock.now().toISOString(), gridCode: desk.town.gridCode },
    at,
  };
  const res = await fetch(`${base}/ops`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ nodeId: DISTRICT_NODE, ops: [op] }) });
  expect(res.status).toBe(200);
  return entityId;
}

test('an op whose time runs ahead is set aside and shown; the leader retries it once the clock caught up, or ignores it', async ({ page, syncDesk: desk, openSecondPage }) => {
  await signIn(page, desk, desk.person(desk.town.leader).username);
  await untilLive(desk);
  // The page notices only problems newer than its first read of the list: wait for that read.
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-problems-read', 'true');
  const title = '区级转办：时钟超前的派单';
  const eventId = await dispatchAhead(desk, title, 6 * 60_000);

  // The header: counted, and 同步异常.
  const indicator = page.getByTestId('sync-indicator');
  await expect(page.getByTestId('sync-problem-count')).toHaveText('1');
  await expect(page.getByTestId('sync-condition-badge')).toHaveText('同步异常');
  await expect(indicator).toHaveAttribute('data-conditions', 'hlc_ahead');
  await expect(row(page, eventId)).toHaveCount(0);

  // An officer sees it, and who may act on it.
  const officer = await openSecondPage();
  await signIn(officer, desk, desk.person(desk.town.officer).username);
  await officer.getByTestId('sync-indicator').click();
  const officerRow = officer.getByTestId('sync-problem');
  await expect(officerRow).toHaveCount(1);
  await expect(officerRow).toContainText('仅带班领导或管理员可处理');
  await expect(officerRow.getByTestId('sync-problem-retry')).toHaveCount(0);
  await officer.context().close();

  // The leader's list: why, in Chinese.
  await indicator.click();
  const list = page.getByTestId('sync-problems');
  await expect(list.getByTestId('sync-condition')).toHaveText(/^区中心下发的 1 项操作时间比本机时钟快 5 分钟以上，已隔离未应用/);
  const problem = list.getByTestId('sync-problem');
  await expect(problem).toHaveCount(1);
  await expect(problem.getByTestId('sync-problem-direction')).toHaveText('拉取');
  await expect(problem.getByTestId('sync-problem-status')).toHaveText('已隔离');
  await expect(problem.getByTestId('sync-problem-reason')).toHaveText('时间超前');
  await expect(problem.getByTestId('sync-problem-message')).toHaveText('操作时间 2026-11-23 09:06:00，比本机时钟快约 6分钟');
  await expect(problem.getByTestId('sync-problem-title')).toContainText(title);
  // The header's tooltip (opened by the click) and the notice are gone before the picture is taken.
  await page.mouse.move(900, 700);
  await expect(page.getByTestId('sync-tooltip')).toBeHidden();
  await expect(page.getByText('1 项区中心操作未能在本机应用，已隔离')).toBeVisible();
  await page.locator('.ant-notification-notice-close').click();
  await expect(page.locator('.ant-notification-notice')).toHaveCount(0, { timeout: 30_000 });
  await stillPicture(page);
  await page.screenshot({ path: path.join(OUT, 'sync-problems.png') });

  // Too early: still ahead, it stays.
  await problem.getByTestId('sync-problem-retry').click();
  await expect(page.getByText('重试未成功：时间超前。操作仍保留在此列表中')).toBeVisible();
  await expect(problem).toHaveCount(1);
  // Two minutes on, it is within 5 minutes: retried, applied, off the list, in the queue.
  desk.clock.advance(2 * 60_000);
  await problem.getByTestId('sync-problem-retry').click();
  await expect(page.getByText('已重新应用该操作')).toBeVisible();
  await expect(list.getByTestId('sync-problem')).toHaveCount(0);
  await expect(list.getByTestId('sync-conditions')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(row(page, eventId)).toContainText(title);
  await expect(page.getByTestId('sync-problem-count')).toHaveCount(0);
  await expect(page.getByTestId('sync-condition-badge')).toHaveCount(0);

  // Another one ahead: ignored (confirmed), it leaves the list and the header; the event never comes.
  const ignoredId = await dispatchAhead(desk, '区级转办：将被忽略的派单', 30 * 60_000);
  await expect(page.getByTestId('sync-problem-count')).toHaveText('1');
  await indicator.click();
  await list.getByTestId('sync-problem').getByTestId('sync-problem-ignore').click();
  await page.getByTestId('sync-problem-ignore-ok').click();
  await expect(page.getByText('已忽略该操作（审计中保留记录）')).toBeVisible();
  await expect(list.getByTestId('sync-problem')).toHaveCount(0);
  await expect(page.getByTestId('sync-problem-count')).toHaveCount(0);
  await expect(page.getByTestId('sync-condition-badge')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(row(page, ignoredId)).toHaveCount(0);
});
