/**
 * 历史事件 (issue #15) in Chromium on the sample town 白鹭镇: a closed event from last month found by a
 * word of its description and by the pinyin initials of its title, opened with the keyboard, its whole
 * timeline shown beside the list; Esc closes it. At 1366×768 (screenshot docs/screenshots/history.png).
 */
import { expect, signIn, test, timelineActions } from './fixtures';

test('find a closed event of last month by a word and by pinyin initials, and open its timeline', async ({ page, townDesk }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const { town } = townDesk;
  const officer = townDesk.actor(townDesk.officer);
  // Last month: reported, taken and closed at the desk.
  const sewer = await townDesk.report({
    title: '石榴巷下水道堵塞',
    description: '东口窨井冒出污水，外溢到人行道',
    categoryCode: town.itemCode,
    level: 'general',
    gridCode: town.gridCode,
    reportedAt: '2026-10-20T02:00:00Z',
  });
  await townDesk.core.events.accept(officer, sewer);
  await townDesk.core.events.close(officer, sewer, '已疏通，路面清理干净');
  const lamp = await townDesk.report({ title: '长江路路灯不亮', description: '三盏路灯夜间不亮', categoryCode: town.itemCode, level: 'general', gridCode: town.gridCode });

  await signIn(page, townDesk);
  await page.getByTestId('tab-history').click();
  const search = page.getByTestId('history-search');
  await expect(search).toBeFocused();
  const rows = page.getByTestId('history-row');
  // Newest first, closed ones too.
  await expect(rows).toHaveCount(2);
  await expect(rows.first().getByTestId('history-title')).toHaveText('长江路路灯不亮');

  // A word of its description.
  await search.fill('外溢到人行道');
  await search.press('Enter');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId('history-title')).toHaveText('石榴巷下水道堵塞');
  await expect(rows.first()).toHaveAttribute('data-state', 'closed');
  await expect(page.getByTestId('history-total')).toHaveText('共 1 条');

  // The initials of its title: 石榴巷下水道 → slxxsd.
  await search.fill('slxxsd');
  await search.press('Enter');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId('history-title')).toHaveText('石榴巷下水道堵塞');

  // Opened from the keyboard: Tab reaches the row, Enter opens its detail and whole timeline.
  await rows.first().focus();
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('event-detail');
  await expect(detail).toHaveAttribute('data-event-id', sewer);
  await expect(page.getByTestId('detail-title')).toHaveText('石榴巷下水道堵塞');
  await expect.poll(() => timelineActions(page)).toEqual(['report', 'accept', 'close']);
  await expect(detail).toContainText('已疏通，路面清理干净');
  await page.screenshot({ path: 'docs/screenshots/history.png' });

  // Esc closes it and the focus is back on the row.
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();
  await expect(rows.first()).toBeFocused();

  // Two characters (below the trigram) still find it; the other event is not found by its initials.
  await search.fill('污水');
  await search.press('Enter');
  await expect(rows).toHaveCount(1);
  await search.fill('cjl');
  await search.press('Enter');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId('history-title')).toHaveText('长江路路灯不亮');
  expect(lamp).toBeTruthy();
});
