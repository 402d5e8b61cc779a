/**
 * 值班日报 in the browser (issue #16), on the sample town 白鹭镇: the duty leader generates today's
 * report from the 值班日报 page by keyboard, it is listed, and its PDF — downloaded as the handover's
 * is — opens and names the day's serious event (read back with pdftotext); a week is generated from
 * the range picker. Checked at 1366×768.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, signIn, stillPicture, test } from './fixtures';

test("the daily report's PDF opens and lists the serious event", async ({ page, townDesk }, info) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const { town } = townDesk;
  await townDesk.report({ title: '白鹭镇化工仓库储罐泄漏', categoryCode: town.itemCode, level: 'serious', gridCode: town.gridCode });

  await signIn(page, townDesk, townDesk.person(town.leader).username);
  await page.getByTestId('tab-duty-reports').click();
  const reports = page.getByTestId('duty-reports-page');
  await expect(reports.getByRole('heading', { name: '值班日报' })).toBeVisible();
  await expect(reports).toContainText('还没有值班日报');

  // By keyboard: 生成日报, the day is today (Beijing), Enter on 生成.
  await page.getByTestId('duty-report-new-daily').focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: '生成值班日报' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('duty-report-date')).toBeVisible();
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('duty-report-dialog.png') });
  await dialog.getByTestId('duty-report-generate').focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();

  const row = page.getByTestId('duty-report-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('日报');
  await expect(row).toContainText('2026-11-23');
  await expect(row).toContainText('手动生成');
  await expect(row).toContainText(townDesk.person(town.leader).name);
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('duty-reports.png') });

  const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('duty-report-pdf').click()]);
  expect(download.suggestedFilename()).toBe('值班日报-20261123.pdf');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-report-'));
  const pdf = path.join(dir, 'report.pdf');
  await download.saveAs(pdf);
  expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  expect(text).toContain('值班日报');
  expect(text).toContain('重大事件及情况报告');
  expect(text).toContain('白鹭镇化工仓库储罐泄漏');

  const [sheet] = await Promise.all([page.waitForEvent('download'), row.getByTestId('duty-report-xlsx').click()]);
  expect(sheet.suggestedFilename()).toBe('值班日报-20261123.xlsx');

  // 生成周报: this week, Monday to Sunday, in the range picker.
  await page.getByTestId('duty-report-new-weekly').click();
  const weekly = page.getByRole('dialog', { name: '生成值班周报' });
  await expect(weekly.getByPlaceholder('开始日期')).toHaveValue('2026-11-23');
  await expect(weekly.getByPlaceholder('结束日期')).toHaveValue('2026-11-29');
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('duty-report-weekly.png') });
  await weekly.getByTestId('duty-report-generate').click();
  await expect(page.getByTestId('duty-report-row')).toHaveCount(2);
  await expect(page.getByTestId('duty-report-row').first()).toContainText('周报');
  await expect(page.getByTestId('duty-report-row').first()).toContainText('2026-11-23 → 2026-11-29');
});
