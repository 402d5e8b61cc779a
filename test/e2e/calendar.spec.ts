/** December without next year's holidays: every console warns; the admin enters them; it stops. */
import { PACKAGE_YEARS } from '../../main/core/calendar/work-calendar';
import { expect, signIn, test } from './fixtures';

test('missing holiday schedule warns until the admin enters it', async ({ page, desk, clock }) => {
  // December of the last year the package knows: next year is unknown by construction, whatever
  // version of the package is installed.
  const lastKnown = Math.max(...PACKAGE_YEARS);
  clock.set(`${lastKnown}-12-01T01:00:00Z`);
  const known = desk.core.calendar.status();
  expect(known.missingYears).toEqual([lastKnown + 1]);
  const year = lastKnown + 1;

  await signIn(page, desk, 'admin');
  const warning = page.getByTestId('calendar-warning');
  await expect(warning).toContainText(`${year} 年节假日安排尚未发布/录入`);
  await page.locator('.page-tabs').getByText('节假日').click();
  await expect(page.getByTestId('calendar-page')).toBeVisible();
  await page.getByTestId('calendar-holidays').fill(`${year}-01-01 元旦\n${year}-02-06 春节\n${year}-02-07 春节`);
  await page.getByTestId('calendar-workdays').fill(`${year}-02-14 春节调休`);
  await page.getByTestId('calendar-save').click();
  await expect(warning).toBeHidden();
  expect(desk.core.calendar.status().missingYears).toEqual([]);
});
