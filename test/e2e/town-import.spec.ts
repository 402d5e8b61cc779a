/**
 * 系统设置 → 本镇数据导入, in Chromium at 1366×768, on a town's own console (the sample town 白鹭镇, set
 * up with its first administrator; never the demo town): the administrator chooses the sample town's
 * files, sees the preview (counts and the changes), applies it with one command, sees the new
 * accounts' one-time passwords; then a broken file is refused with a table naming its cell, and
 * nothing is saved. Screenshots: docs/screenshots/town-import-preview.png, town-import-faults.png.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, stillPicture, test } from './fixtures';

test.use({ viewport: { width: 1366, height: 768 } });
test.setTimeout(480_000);

const SAMPLE = path.resolve(__dirname, '../../resources/sample-town');
const FILES = ['people.xlsx', 'accounts.xlsx', 'posts.xlsx', 'villages-grids.xlsx', 'grids.geojson', 'catalogue.xlsx'];
const ADMIN = { name: '郑海燕', username: 'zhenghaiyan', password: 'bailu-2026-admin' };

test('the sample town imported through the page; a broken file refused at its cell', async ({ page, newTown, guard }) => {
  guard.watch(page);
  const core = newTown.core;
  await core.setUpTown({ townCode: '330110108000', townName: '白鹭镇', admin: ADMIN });

  await page.goto(newTown.web.url);
  await page.getByTestId('signin-username').fill(ADMIN.username);
  await page.getByTestId('signin-password').fill(ADMIN.password);
  await page.getByTestId('signin-password').press('Enter');
  await expect(page.getByTestId('app-header')).toBeVisible();
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('settings-tab-import').click();
  const panel = page.getByTestId('town-import-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('本镇数据导入');

  // A template downloads as a file with Chinese headings.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('town-import-template-posts').click()]);
  expect(download.suggestedFilename()).toBe('posts.xlsx');

  // The sample town's six files, chosen at once.
  await page.getByTestId('town-import-input').setInputFiles(FILES.map((f) => path.join(SAMPLE, f)));
  await expect(page.getByTestId('town-import-file')).toHaveCount(6);
  await page.getByTestId('town-import-preview').click();
  const ready = page.getByTestId('town-import-ready');
  await expect(ready).toBeVisible({ timeout: 60_000 });
  await expect(ready).toContainText('检查通过，可以导入');
  const counts = page.getByTestId('town-import-counts');
  await expect(counts.locator('[data-entity="people"]')).toContainText('人员39100');
  await expect(counts.locator('[data-entity="catalogue"]')).toContainText('事项40000');
  await expect(counts.locator('[data-entity="grids"]')).toContainText('网格8000');
  await expect(page.getByTestId('town-import-file').first()).toContainText('人员表');
  await expect(page.getByTestId('town-import-changes')).toContainText('周建国');
  expect(core.town.postsByCode.size).toBe(0);
  await stillPicture(page);
  await page.screenshot({ path: 'docs/screenshots/town-import-preview.png' });
  // The one change: the set-up's administrator is BL001 of the sheet (taken, not added twice).
  await page.getByTestId('town-import-filter').getByText('修改', { exact: true }).click();
  await expect(page.getByTestId('town-import-changes')).toContainText('BL001郑海燕人员编号；手机号');

  // 应用: one command; the town follows; the new accounts' one-time passwords are shown once.
  await page.getByTestId('town-import-apply').click();
  const applied = page.getByTestId('town-import-applied');
  await expect(applied).toBeVisible({ timeout: 60_000 });
  await expect(applied).toContainText('已导入：人员新增 39、修改 1、停用 0');
  await expect(page.getByTestId('town-import-passwords')).toContainText('zhoujianguo');
  expect(core.town.postsByCode.size).toBe(12);
  expect(core.town.catalogue.size).toBe(40);
  const imports = await core.db.read((sql) => sql.all(`SELECT id FROM audit_log WHERE action = 'town.import'`));
  expect(imports).toHaveLength(1);

  // A broken file: merged cells and a formula in the people sheet, a post whose A holder is nobody.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(path.join(SAMPLE, 'people.xlsx')) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('人员')!;
  ws.mergeCells('E3:F3');
  ws.getCell('C5').value = { formula: 'CONCAT("139","00001111")', result: '13900001111' };
  const posts = new ExcelJS.Workbook();
  await posts.xlsx.load(readFileSync(path.join(SAMPLE, 'posts.xlsx')) as unknown as ArrayBuffer);
  posts.getWorksheet('岗位')!.getCell('F10').value = 'BL099';
  const before = await core.db.read(async (sql) => JSON.stringify(await sql.all(`SELECT * FROM person ORDER BY id`)));
  await page.getByTestId('town-import-input').setInputFiles([
    { name: 'people.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await wb.xlsx.writeBuffer()) },
    { name: 'posts.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await posts.xlsx.writeBuffer()) },
  ]);
  await page.getByTestId('town-import-preview').click();
  const faults = page.getByTestId('town-import-faults');
  await expect(faults).toBeVisible({ timeout: 60_000 });
  await expect(faults).toContainText('发现 3 处错误，未导入任何内容');
  await expect(faults.locator('[data-cell="人员!E3"]')).toContainText('合并单元格 E3:F3');
  await expect(faults.locator('[data-cell="人员!C5"]')).toContainText('公式不予计算');
  await expect(faults.locator('[data-cell="岗位!F10"]')).toContainText('A岗人员“BL099”不是人员');
  await expect(page.getByTestId('town-import-apply')).toHaveCount(0);
  await stillPicture(page);
  await page.screenshot({ path: 'docs/screenshots/town-import-faults.png' });
  expect(await core.db.read(async (sql) => JSON.stringify(await sql.all(`SELECT * FROM person ORDER BY id`)))).toBe(before);
  const body = await page.locator('body').innerText();
  expect(body).not.toMatch(/\[object Object\]|undefined|town-import|\{\w+\}/);
});

test('a file over the bound is refused before it is sent', async ({ page, newTown, guard }) => {
  guard.watch(page);
  await newTown.core.setUpTown({ townCode: '330110108000', townName: '白鹭镇', admin: ADMIN });
  await page.goto(newTown.web.url);
  await page.getByTestId('signin-username').fill(ADMIN.username);
  await page.getByTestId('signin-password').fill(ADMIN.password);
  await page.getByTestId('signin-password').press('Enter');
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('settings-tab-import').click();
  await page.getByTestId('town-import-input').setInputFiles({ name: 'catalogue.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.alloc(20 * 1024 * 1024 + 1) });
  const faults = page.getByTestId('town-import-faults');
  await expect(faults).toContainText('文件有 20.0 MB，超过上限 20 MB，未上传');
  await expect(page.getByTestId('town-import-preview')).toBeDisabled();
});
