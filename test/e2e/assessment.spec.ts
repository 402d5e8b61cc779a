/**
 * 考核评价 in the browser (issue #16), on the sample town 白鹭镇: an event handled the whole way and
 * verified is this month's only judged result, so 返工率 reads 0.0 %; called back 不满意 and reopened on
 * the 回访 page, it reads 100.0 %, and the number opens the event behind it. By grid, the ranking names
 * the grid; the table exports to .xlsx with the same figure. Checked at 1366×768.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { expect, signIn, stillPicture, test, type TownDesk } from './fixtures';

/** An event reported, dispatched along the proposal, handled by the lead post's holder and verified. */
async function handledEvent(townDesk: TownDesk, title: string): Promise<string> {
  const { core, town } = townDesk;
  const officer = townDesk.actor(townDesk.officer);
  const eventId = await townDesk.report({ title, categoryCode: town.itemCode, level: 'serious', gridCode: town.gridCode });
  const p = await core.events.proposeDispatch(officer, eventId);
  await core.events.acceptAndDispatch(officer, { eventId, leadPostId: p.lead.id, cooperatingPostIds: p.cooperating.map((c) => c.id) });
  const holderId = p.lead.acting.personId!;
  const holder = { id: holderId, roles: core.town.people.get(holderId)!.roles };
  await core.events.acknowledge(holder, eventId, p.lead.id);
  await core.events.arrive(holder, eventId, p.lead.id);
  await core.events.reportBack(holder, eventId, '已清理');
  await core.events.verify(officer, eventId);
  return eventId;
}

test('a follow-up marked 不满意 reopens the event and 返工率 moves; the number opens the event behind it', async ({ page, townDesk }, info) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const eventId = await handledEvent(townDesk, '白鹭路垃圾堆放');

  await signIn(page, townDesk);
  await page.getByTestId('tab-assessment').click();
  await expect(page.getByTestId('assessment-page')).toBeVisible();
  const rework = page.getByTestId('assess-reworkRate-all');
  await expect(rework).toHaveText('0.0%');
  await expect(page.getByTestId('assess-closeOnTime-all')).toHaveText('100.0%');
  // 满意率 has no call behind it yet: a dash, never 100 %.
  await expect(page.getByTestId('assess-satisfaction-all')).toHaveText('—');
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('assessment-town.png') });

  // 回访: 不满意, and the event reopened.
  await page.getByTestId('tab-follow-up').click();
  const line = page.locator(`[data-testid="follow-up-row"][data-event-id="${eventId}"]`);
  await line.getByTestId('follow-up-record').click();
  const dialog = page.getByTestId('follow-up-dialog');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('3');
  await page.keyboard.press('Control+Enter');
  const reopen = page.getByTestId('follow-up-reopen-dialog');
  await expect(reopen).toBeVisible();
  await page.keyboard.press('Control+Enter');
  await expect(reopen).toBeHidden();

  await page.getByTestId('tab-assessment').click();
  await expect(rework).toHaveText('100.0%');
  await expect(page.getByTestId('assess-satisfaction-all')).toHaveText('0.0%');
  await rework.click();
  const drawer = page.getByTestId('assess-drill');
  await expect(drawer).toContainText('返工率：1 件事件');
  const line2 = drawer.locator(`[data-testid="assess-drill-row"][data-event-id="${eventId}"]`);
  await expect(line2).toContainText('白鹭路垃圾堆放');
  await expect(line2).toContainText('计入');
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('assessment-drill.png') });
  // The event opens from the list, in the queue, back to 待受理.
  await line2.getByRole('button', { name: '白鹭路垃圾堆放' }).click();
  await expect(page.getByTestId('detail-state')).toHaveText('待受理');
});

test('by grid: the ranking names the grid, and the export holds the page’s figure', async ({ page, townDesk }, info) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await handledEvent(townDesk, '石榴巷占道经营');
  const gridName = townDesk.core.town.grids.get(townDesk.town.gridCode)!.name;

  await signIn(page, townDesk);
  await page.getByTestId('tab-assessment').click();
  await page.getByTestId('assess-group').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '网格' }).click();
  const rows = page.getByTestId('assess-row');
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId('assess-name').first()).toHaveText(gridName);
  await expect(page.getByTestId(`assess-closeOnTime-${townDesk.town.gridCode}`)).toHaveText('100.0%');
  // No English and no raw key on the page (Excel is the product's name).
  const text = await page.getByTestId('assessment-page').innerText();
  expect(text.replace(/Excel/g, '')).not.toMatch(/[A-Za-z]{3,}/);
  await stillPicture(page);
  await page.screenshot({ path: info.outputPath('assessment-grid.png') });

  const download = page.waitForEvent('download');
  await page.getByTestId('assess-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^考核评价-\d{4}-\d{2}-\d{2}至\d{4}-\d{2}-\d{2}\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync((await file.path())!) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('考核评价')!;
  expect(ws.getCell(1, 1).value).toBe('网格');
  const row = [...Array(ws.rowCount).keys()].map((i) => ws.getRow(i + 1)).find((r) => r.getCell(1).value === gridName)!;
  expect(row.getCell(11).value).toBe(1); // 按期办结率 (the fourth figure: columns 2 + 3 × 3)
});
