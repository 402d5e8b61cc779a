/**
 * The 24-hour watch in the console: a month's roster generated, one cell edited from the candidates,
 * exported to .xlsx and re-imported unchanged (a broken sheet is refused cell by cell, nothing
 * imported); the handover signed by the outgoing and incoming officers of adjacent shifts, its PDF
 * saved and its first page rendered to PNG.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import type { RosterView } from '../../preload/contract';
import { expect, PASSWORD, signIn, test, type Desk } from './fixtures';

const SHOTS = path.resolve(__dirname, '../../docs/screenshots');

/** Who sits in every cell: the part of a roster an import must reproduce. */
function cells(view: RosterView): string[] {
  return view.days.flatMap((d) => d.shifts.flatMap((s) => s.roles.flatMap((r) => r.slots.map((x) => `${d.date}|${s.templateCode}|${r.key}|${x.slot}|${x.personId ?? '-'}`))));
}

async function openTab(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).click();
}

test('a month is generated, a cell edited, and the .xlsx round trip leaves it identical', async ({ page, desk }) => {
  const leader = desk.actor('lihua');
  await signIn(page, desk, 'lihua');
  await openTab(page, 'tab-roster');
  await expect(page.getByTestId('roster-none')).toContainText('2026-11');
  await page.getByTestId('roster-next-month').click();
  await expect(page.getByTestId('roster-none')).toContainText('2026-12');
  await page.getByTestId('roster-generate').click();
  await expect(page.getByTestId('roster-row')).toHaveCount(31);

  // Edit one cell: the day officer of 10 December, from the candidates.
  const generated = await desk.core.roster.get(leader, '2026-12');
  const cell = page.locator('[data-testid="roster-row"][data-date="2026-12-10"] [data-testid="roster-cell"][data-role="officer"]').first();
  const shiftId = await cell.getAttribute('data-shift-id');
  await cell.click();
  await expect(page.getByTestId('cell-editor')).toBeVisible();
  const pick = page.locator('[data-testid="candidate"]:not([disabled])').first();
  const pickedId = await pick.getAttribute('data-person-id');
  const pickedName = (await pick.innerText()).trim();
  await pick.click();
  await expect(page.getByTestId('cell-editor')).toHaveCount(0);
  await expect(cell).toContainText(pickedName);
  const before = await desk.core.roster.get(leader, '2026-12');
  const edited = before.days.flatMap((d) => d.shifts).find((s) => s.id === shiftId)!;
  expect(edited.roles.find((r) => r.key === 'officer')!.slots[0]!.personId).toBe(pickedId);
  expect(cells(before)).not.toEqual(cells(generated));

  // Export: the download is the month's sheet.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-roster-'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('roster-export').click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const xlsx = path.join(dir, download.suggestedFilename());
  await download.saveAs(xlsx);
  expect(statSync(xlsx).size).toBeGreaterThan(1000);

  // A broken copy (an unknown name) is refused by cell, and nothing is imported.
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(xlsx);
  book.worksheets[0]!.getCell('D5').value = '查无此人';
  const broken = path.join(dir, 'broken.xlsx');
  await book.xlsx.writeFile(broken);
  await page.getByTestId('roster-import-input').setInputFiles(broken);
  const problems = page.getByTestId('roster-import-problems');
  await expect(problems).toContainText('未导入任何内容');
  await expect(problems).toContainText('D5：未知人员「查无此人」');
  expect(cells(await desk.core.roster.get(leader, '2026-12'))).toEqual(cells(before));
  await page.screenshot({ path: path.join(SHOTS, 'roster-import-problems.png') });

  // The exported sheet re-imported: the roster is identical.
  await page.getByTestId('roster-import-input').setInputFiles(xlsx);
  await expect(page.getByText('已导入 2026-12 值班表')).toBeVisible();
  await expect(problems).toHaveCount(0);
  const after = await desk.core.roster.get(leader, '2026-12');
  expect(cells(after)).toEqual(cells(before));
  await expect(cell).toContainText(pickedName);

  // Leave granted afterwards: the cell is highlighted and the clash listed.
  await desk.core.roster.addAbsence(leader, { personId: pickedId!, kind: 'leave', from: '2026-12-10', to: '2026-12-10' });
  await expect(cell).toHaveAttribute('data-clash', 'error');
  await expect(page.getByTestId('roster-clash').first()).toContainText('请假冲突');
  await expect(page.getByTestId('roster-clash').first()).toContainText(pickedName);
  await page.screenshot({ path: path.join(SHOTS, 'roster.png') });
  await page.getByTestId('roster-clashes').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: path.join(SHOTS, 'roster-clashes.png') });
});

/** The current month rostered through the core; the day shift now and the night shift after it. */
async function rosterNow(desk: Desk) {
  const view = await desk.core.roster.generate(desk.actor('admin'), '2026-11');
  const shifts = view.days.find((d) => d.date === '2026-11-23')!.shifts;
  const officerOf = (code: string) => shifts.find((s) => s.templateCode === code)!.roles.find((r) => r.key === 'officer')!.slots[0]!.personId!;
  const username = (id: string) => desk.core.town.people.get(id)!.username;
  return { outgoing: username(officerOf('day')), incoming: username(officerOf('night')) };
}

test('the outgoing and incoming officers sign the handover; the PDF is saved', async ({ page, desk }) => {
  const { outgoing, incoming } = await rosterNow(desk);
  expect(outgoing).not.toBe(incoming);
  await desk.core.dutyLog.add(desk.actor(outgoing), { kind: 'call', text: '接区应急办电话：今夜有大风，注意巡查' });
  await signIn(page, desk, outgoing);

  // The on-duty board: the day shift now, the night shift next.
  await openTab(page, 'tab-on-duty');
  await expect(page.getByTestId('duty-current')).toContainText('2026-11-23');
  await expect(page.getByTestId('duty-next')).toContainText('2026-11-23');
  await expect(page.getByTestId('acting-table')).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'roster-on-duty.png') });

  // The duty log: the morning's call is listed and found.
  await openTab(page, 'tab-duty-log');
  await page.getByTestId('log-text').fill('带班领导要求各村加强夜间值守');
  await page.getByTestId('log-add').click();
  await expect(page.getByTestId('log-table')).toContainText('带班领导要求各村加强夜间值守');
  await page.getByTestId('log-search').locator('input').fill('大风');
  await page.getByTestId('log-search').locator('input').press('Enter');
  await expect(page.getByTestId('log-table').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('log-table')).toContainText('今夜有大风');

  await openTab(page, 'tab-handover');
  await page.getByTestId('handover-generate').click();
  await expect(page.getByTestId('handover-status')).toHaveText('草稿');
  await expect(page.getByTestId('handover-items')).toContainText('今夜有大风');
  await page.getByTestId('handover-add-item').locator('input').fill('三号闸门夜间需巡查一次');
  await page.getByTestId('handover-add-item').locator('input').press('Enter');
  await expect(page.getByTestId('handover-items')).toContainText('三号闸门夜间需巡查一次');
  const note = page.getByTestId('handover-item-note').first();
  await note.fill('已通知各村，夜班继续跟进');
  await note.blur();
  await expect(page.getByTestId('handover-items')).toBeVisible();
  await expect.poll(async () => (await desk.core.handovers.current(desk.actor(outgoing))).handover?.items[0]?.note).toBe('已通知各村，夜班继续跟进');
  // Confirmed a group at a time (nothing confirms every group at once).
  const confirmGroup = page.getByTestId('handover-confirm-group');
  await expect(confirmGroup.first()).toBeVisible();
  while ((await confirmGroup.count()) > 0) {
    const groupsLeft = await confirmGroup.count();
    await confirmGroup.first().click();
    await expect(confirmGroup).toHaveCount(groupsLeft - 1);
  }
  await expect(page.getByTestId('handover-pending')).toHaveText('全部已确认或备注');

  // One person cannot sign both sides.
  await page.getByTestId('sign-outgoing-username').fill(outgoing);
  await page.getByTestId('sign-outgoing-password').fill(PASSWORD);
  await page.getByTestId('sign-outgoing-submit').click();
  await expect(page.getByTestId('signed-outgoing')).toBeVisible();
  await expect(page.getByTestId('handover-status')).toHaveText('签字中');
  await page.getByTestId('sign-incoming-username').fill(outgoing);
  await page.getByTestId('sign-incoming-password').fill(PASSWORD);
  await page.getByTestId('sign-incoming-submit').click();
  await expect(page.getByText('交班人和接班人不能是同一人。')).toBeVisible();

  await page.getByTestId('sign-incoming-username').fill(incoming);
  await page.getByTestId('sign-incoming-password').fill(PASSWORD);
  await page.getByTestId('sign-incoming-submit').click();
  await expect(page.getByTestId('handover-status')).toHaveText('已签字');
  await expect(page.getByTestId('handover-signed')).toBeVisible();
  await expect(page.getByTestId('handover-generate')).toHaveCount(0);
  await expect(page.getByTestId('handover-item-confirm').first()).toBeDisabled();
  await page.screenshot({ path: path.join(SHOTS, 'handover.png') });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('handover-pdf').click()]);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-handover-'));
  const pdf = path.join(dir, 'handover.pdf');
  await download.saveAs(pdf);
  expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, path.join(dir, 'page')]);
  const png = path.join(dir, 'page-1.png');
  mkdirSync(SHOTS, { recursive: true });
  try {
    renameSync(png, path.join(SHOTS, 'handover-pdf.png'));
  } catch {
    copyFileSync(png, path.join(SHOTS, 'handover-pdf.png'));
  }
});
