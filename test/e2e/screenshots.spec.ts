/** Screenshots of the console for the docs: the queue with a busy morning, and an event's detail. */
import path from 'node:path';
import { expect, row, signIn, test, stillPicture } from './fixtures';
import { seedMorning } from './seed';

const OUT = path.resolve(__dirname, '../../docs/screenshots');

test('queue and detail screenshots at 1600×1000', async ({ page, desk }) => {
  const ids = await seedMorning(desk);
  await signIn(page, desk);
  await expect(page.getByTestId('queue-total')).toHaveText('未办结 30 件');
  await expect(page.getByTestId('alarm-banner')).toBeVisible();
  await stillPicture(page);
  await page.screenshot({ path: path.join(OUT, 'queue.png') });

  // A serious event on its way: dispatched, acknowledged, with its map and timeline.
  await row(page, ids[3]!).click();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('event-detail')).toHaveAttribute('data-event-id', ids[3]!);
  await expect(page.getByTestId('grid-map').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('detail-facts')).toContainText('处置标准');
  await stillPicture(page);
  await page.screenshot({ path: path.join(OUT, 'detail.png') });
});
