/**
 * 答复模板 in the browser (issue #15), on the sample town 白鹭镇 (not the demo): 办结反馈 opens with the
 * item's answer template filled from the event (its grid, no braces left), the result's blank
 * selected so typing replaces it; what the officer edits is what the timeline keeps. 办结 of an
 * accepted event opens the same way, and saving with the blank still there is refused in Chinese.
 * Screenshot: docs/screenshots/answer-template-dialog.png (1366×768).
 */
import path from 'node:path';
import { expect, row, signIn, stillPicture, test, type TownDesk } from './fixtures';

const OUT = path.resolve(__dirname, '../../docs/screenshots');
const BLANK = '【请填写处置结果】';

/** What the sample town's 答复模板 reads for an item, filled for an event in a grid (resources/sample-town/generate.mjs). */
function filled(townDesk: TownDesk, result: string): string {
  const { core, town } = townDesk;
  const item = core.town.catalogue.get(town.itemCode)!;
  const grid = core.town.grids.get(town.gridCode)!;
  expect(item.answerTemplate).toContain('{address}');
  return item.answerTemplate.replace('{address}', grid.name).replace('{result}', result);
}

test('办结反馈 opens with the filled template; the edited text is what the timeline keeps', async ({ page, townDesk, guard }) => {
  guard.watch(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  const { core, town } = townDesk;
  const officer = townDesk.actor(townDesk.officer);
  const eventId = await townDesk.report({ title: '白鹭路垃圾堆放', categoryCode: town.itemCode, level: 'general', gridCode: town.gridCode });
  const p = await core.events.proposeDispatch(officer, eventId);
  await core.events.acceptAndDispatch(officer, { eventId, leadPostId: p.lead.id, cooperatingPostIds: p.cooperating.map((c) => c.id) });
  await core.events.acknowledge(officer, eventId, p.lead.id);

  await signIn(page, townDesk);
  await row(page, eventId).dblclick();
  await expect(page.getByTestId('detail-state')).toHaveText('处置中');
  await page.getByTestId('action-report_back').click();
  const text = page.getByTestId('action-text');
  await expect(text).toHaveValue(filled(townDesk, BLANK));
  await expect(page.getByTestId('action-dialog')).toContainText('已按事项的答复模板预填，可直接修改。');
  await stillPicture(page);
  await page.screenshot({ path: path.join(OUT, 'answer-template-dialog.png') });
  await expect(page.getByTestId('action-ok')).toBeInViewport();

  // The blank is selected: typing replaces it; then the officer adds a sentence of their own.
  await page.keyboard.type('已组织清运，现场已清理干净');
  await expect(text).toHaveValue(filled(townDesk, '已组织清运，现场已清理干净'));
  await page.keyboard.press('Control+End');
  await page.keyboard.type('（经办人现场复核）');
  const edited = `${filled(townDesk, '已组织清运，现场已清理干净')}（经办人现场复核）`;
  await expect(text).toHaveValue(edited);
  await page.getByTestId('action-ok').click();
  await expect(page.getByTestId('action-dialog')).toBeHidden();
  await expect(page.getByTestId('detail-state')).toHaveText('待核查');
  await expect(page.locator('[data-testid="timeline-entry"][data-action="report_back"]')).toContainText('（经办人现场复核）');
  const stored = await core.events.detail(officer, eventId);
  expect(stored.timeline.find((e) => e.action === 'report_back')?.payload.result).toBe(edited);
});

test('办结 of an accepted event opens with the template; the blank left in is refused in Chinese', async ({ page, townDesk, guard }) => {
  guard.watch(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  const { core, town } = townDesk;
  const officer = townDesk.actor(townDesk.officer);
  const eventId = await townDesk.report({ title: '咨询垃圾清运时间', categoryCode: town.itemCode, level: 'general', gridCode: town.gridCode });
  await core.events.accept(officer, eventId);

  await signIn(page, townDesk);
  await row(page, eventId).dblclick();
  await expect(page.getByTestId('detail-state')).toHaveText('已受理');
  await page.getByTestId('action-close').click();
  const text = page.getByTestId('action-text');
  await expect(text).toHaveValue(filled(townDesk, BLANK));
  await page.getByTestId('action-ok').click();
  await expect(page.getByTestId('action-dialog')).toContainText(`请把“${BLANK}”换成实际的处置结果。`);
  await expect(page.getByTestId('detail-state')).toHaveText('已受理');

  await text.fill('电话答复：每周二、五上午清运');
  await page.getByTestId('action-ok').click();
  await expect(page.getByTestId('action-dialog')).toBeHidden();
  await expect(page.getByTestId('detail-state')).toHaveText('已办结');
  await expect(page.locator('[data-testid="timeline-entry"][data-action="close"]')).toContainText('电话答复：每周二、五上午清运');
});
