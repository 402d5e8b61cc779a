/**
 * Handovers that are read, in Chromium at 1366×768: the sign button says beside it why it cannot be
 * pressed (how many items are unconfirmed, by group, and whom it waits for), the count going down as
 * one item and then one group at a time is confirmed — no single click confirms everything; then
 * the handover signed by both sides is found under 历史交接 (the latest first, with yesterday's
 * handover signed before it, and by month), and its PDF downloaded names the shift and both officers.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, PASSWORD, signIn, test, type Desk } from './fixtures';

const SHOTS = path.resolve(__dirname, '../../docs/screenshots');

test.use({ viewport: { width: 1366, height: 768 } });

/** November rostered through the core: today's day shift, tonight's, and yesterday's two. */
async function rosterNow(desk: Desk) {
  const view = await desk.core.roster.generate(desk.actor('admin'), '2026-11');
  const shiftsOn = (date: string) => view.days.find((d) => d.date === date)!.shifts;
  const shift = (date: string, code: string) => shiftsOn(date).find((s) => s.templateCode === code)!;
  const officerOf = (s: ReturnType<typeof shift>) => s.roles.find((r) => r.key === 'officer')!.slots[0]!.personId!;
  const person = (id: string) => desk.core.town.people.get(id)!;
  return { shift, officerOf, person };
}

/** The reason text beside a side's 签字 button. */
const reason = (page: Page, side: 'outgoing' | 'incoming') => page.getByTestId(`sign-${side}-reason`);

/** The count in "还有 N 项未确认". */
async function unconfirmed(page: Page): Promise<number> {
  const text = await reason(page, 'outgoing').innerText();
  const n = /还有 (\d+) 项未确认/.exec(text);
  return n ? Number(n[1]) : 0;
}

test('the sign button says why it waits, items are confirmed by item or group, and the signed handover is found in 历史交接 with its PDF', async ({ page, desk }) => {
  const { shift, officerOf, person } = await rosterNow(desk);
  const today = shift('2026-11-23', 'day');
  const tonight = shift('2026-11-23', 'night');
  const outgoing = person(officerOf(today));
  const incoming = person(officerOf(tonight));
  expect(outgoing.id).not.toBe(incoming.id);

  // Yesterday's day shift was handed over, and signed this morning (through the core): history has it already.
  const yesterday = shift('2026-11-22', 'day');
  const yesterdayNight = shift('2026-11-22', 'night');
  const past = await desk.core.handovers.generate(desk.actor(person(officerOf(yesterday)).username), yesterday.id);
  await desk.core.handovers.confirm(
    desk.actor(person(officerOf(yesterday)).username),
    past.id,
    past.items.map((i) => i.id),
    true,
  );
  for (const [side, who] of [
    ['outgoing', person(officerOf(yesterday))],
    ['incoming', person(officerOf(yesterdayNight))],
  ] as const) {
    await desk.core.handovers.sign(desk.actor(who.username), { handoverId: past.id, side, username: who.username, password: PASSWORD });
  }

  // Today's is signed later than that (the desk's clock only moves forward).
  desk.clock.advance(10 * 60_000);

  await desk.core.dutyLog.add(desk.actor(outgoing.username), { kind: 'call', text: '接区应急办电话：今夜有大风，注意巡查' });
  await desk.core.dutyLog.add(desk.actor(outgoing.username), { kind: 'instruction', text: '带班领导要求各村加强夜间值守' });
  await signIn(page, desk, outgoing.username);
  await page.getByTestId('tab-handover').click();
  await page.getByTestId('handover-generate').click();
  await expect(page.getByTestId('handover-status')).toHaveText('草稿');

  // Nothing confirms every group at once; each group offers its own count.
  await expect(page.getByTestId('handover-confirm-all')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /全部确认/ })).toHaveCount(0);
  const groups = page.getByTestId('handover-confirm-group');
  const groupCount = await groups.count();
  expect(groupCount).toBeGreaterThanOrEqual(2);

  // The sign buttons are disabled, and say why beside them: the unconfirmed items by group, whom they wait for.
  const items = (await desk.core.handovers.current(desk.actor(outgoing.username))).handover!.items;
  const total = items.length;
  const checks = items.filter((i) => i.kind === 'check').length;
  expect(checks).toBeGreaterThan(0);
  await expect(page.getByTestId('sign-outgoing-submit')).toBeDisabled();
  await expect(page.getByTestId('sign-incoming-submit')).toBeDisabled();
  await expect(reason(page, 'outgoing')).toContainText(`还有 ${total} 项未确认：`);
  await expect(reason(page, 'outgoing')).toContainText('值班日志 2 项');
  await expect(reason(page, 'outgoing')).toContainText(`设备检查 ${checks} 项`);
  // Whom each side waits for: the shift's duty leader and officers (「待交班人 甲 或 乙 签署」).
  await expect(reason(page, 'outgoing')).toContainText(new RegExp(`待交班人 .*${outgoing.name}.* 签署`));
  await expect(reason(page, 'incoming')).toContainText(new RegExp(`待接班人 .*${incoming.name}.* 签署`));
  await expect(reason(page, 'incoming')).toContainText(`还有 ${total} 项未确认`);
  await page.getByTestId('sign-outgoing').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'handover-sign-reason.png') });

  // One item by its own labelled checkbox: one fewer.
  const firstLog = page.getByRole('checkbox', { name: '确认：接区应急办电话：今夜有大风，注意巡查' });
  await firstLog.focus();
  await page.keyboard.press('Space');
  await expect(firstLog).toBeChecked();
  await expect(reason(page, 'outgoing')).toContainText(`还有 ${total - 1} 项未确认：`);
  await expect(reason(page, 'outgoing')).toContainText('值班日志 1 项');

  // Group by group: each click confirms its group's N and no more; the count goes down by N.
  let left = total - 1;
  while (left > 0) {
    const button = groups.first();
    const label = await button.innerText();
    const n = Number(/确认本组（(\d+)项）/.exec(label.replace(/\s+/g, ''))![1]);
    // While another group still waits, one click never confirms everything that is left.
    if ((await groups.count()) > 1) expect(n).toBeLessThan(left);
    await button.focus();
    await page.keyboard.press('Enter');
    left -= n;
    if (left > 0) {
      await expect(reason(page, 'outgoing')).toContainText(`还有 ${left} 项未确认：`);
      expect(await unconfirmed(page)).toBe(left);
    }
  }
  await expect(page.getByTestId('handover-pending')).toHaveText('全部已确认或备注');
  await expect(groups).toHaveCount(0);
  // Every item is confirmed: only whom each side waits for, and what to enter.
  await expect(reason(page, 'outgoing')).toHaveText(new RegExp(`^待交班人 .*${outgoing.name}.* 签署：请输入其用户名和密码$`));
  await expect(reason(page, 'outgoing')).not.toContainText('未确认');

  await page.getByTestId('sign-outgoing-username').fill(outgoing.username);
  await page.getByTestId('sign-outgoing-password').fill(PASSWORD);
  await expect(reason(page, 'outgoing')).toHaveCount(0);
  await expect(page.getByTestId('sign-outgoing-submit')).toBeEnabled();
  await page.getByTestId('sign-outgoing-submit').click();
  await expect(page.getByTestId('signed-outgoing')).toBeVisible();
  await expect(reason(page, 'incoming')).toContainText(new RegExp(`待接班人 .*${incoming.name}.* 签署`));
  await page.getByTestId('sign-incoming-username').fill(incoming.username);
  await page.getByTestId('sign-incoming-password').fill(PASSWORD);
  await page.getByTestId('sign-incoming-submit').click();
  await expect(page.getByTestId('handover-status')).toHaveText('已签字');

  // 历史交接: today's handover first, then yesterday's; each with its shift, both officers, when signed.
  await page.getByTestId('handover-section-history').click();
  const rows = page.getByTestId('handover-history-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(`2026-11-23 ${today.name}`);
  await expect(rows.nth(0)).toContainText(outgoing.name);
  await expect(rows.nth(0)).toContainText(incoming.name);
  await expect(rows.nth(0)).toContainText('2026-11-23');
  await expect(rows.nth(1)).toContainText(`2026-11-22 ${yesterday.name}`);
  await expect(rows.nth(1)).toContainText(person(officerOf(yesterdayNight)).name);
  await page.screenshot({ path: path.join(SHOTS, 'handover-history.png') });

  // By month: December has none, November both.
  await page.getByTestId('handover-history-next').click();
  await expect(page.getByTestId('handover-history-table')).toContainText('2026-12 没有已签署的交接');
  await expect(rows).toHaveCount(0);
  await page.getByTestId('handover-history-prev').click();
  await expect(rows).toHaveCount(2);

  // The PDF of yesterday's handover, from its row, by keyboard.
  const pdfButton = page.getByRole('button', { name: `下载 PDF：2026-11-22 ${yesterday.name} 交接记录` });
  await pdfButton.focus();
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toBe(`交接班记录-20261122-${yesterday.name}.pdf`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-handover-history-'));
  const pdf = path.join(dir, 'handover.pdf');
  await download.saveAs(pdf);
  expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const words of ['交接班记录', '2026-11-22', yesterday.name, person(officerOf(yesterday)).name, person(officerOf(yesterdayNight)).name]) {
    expect(text).toContain(words.replace(/\s+/g, ''));
  }
});
