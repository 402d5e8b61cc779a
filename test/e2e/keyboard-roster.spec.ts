/**
 * The roster by keyboard (#19), in the sample town 白鹭镇 at 1366×768: the sheet is one Tab stop; the
 * arrows move from cell to cell, each read out with its date, column and names; Enter opens the cell's
 * editor, Tab and Enter pick a candidate, and the focus comes back to the edited cell.
 */
import type { Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures';

const focused = (page: Page) => page.locator('[data-testid="roster-table"] :focus');

test('a roster cell edited with the arrows, Enter and Tab only', async ({ page, townDesk }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const { core, town } = townDesk;
  const leader = town.leader;
  // The next month, generated: every cell in it is still editable.
  await core.roster.generate(leader, '2026-12');
  await signIn(page, townDesk, townDesk.person(leader).username);
  await page.getByTestId('tab-roster').click();
  await page.getByTestId('roster-next-month').click();
  await expect(page.getByTestId('roster-row')).toHaveCount(31);

  // Tab reaches the sheet once, on its first cell.
  for (let i = 0; i < 60 && (await focused(page).count()) === 0; i++) await page.keyboard.press('Tab');
  await expect(focused(page)).toHaveAttribute('data-r', '0');
  await expect(focused(page)).toHaveAttribute('data-c', '0');
  await expect(page.locator('[data-testid="roster-table"] [tabindex="0"]')).toHaveCount(1);

  // Down nine days to 10 December, then right to the first column that is an officer's.
  for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowDown');
  await expect(focused(page)).toHaveAttribute('aria-label', /^2026-12-10 /);
  for (let i = 0; i < 20 && (await focused(page).getAttribute('data-role')) !== 'officer'; i++) await page.keyboard.press('ArrowRight');
  const cell = focused(page);
  await expect(cell).toHaveAttribute('data-role', 'officer');
  const shiftId = (await cell.getAttribute('data-shift-id'))!;
  const where = `[data-testid="roster-cell"][data-shift-id="${shiftId}"][data-role="officer"]`;
  await page.screenshot({ path: test.info().outputPath('roster-cell-focus-1366.png') });

  // Enter edits: Tab to a free candidate, Enter picks it.
  await page.keyboard.press('Enter');
  const editor = page.getByTestId('cell-editor');
  await expect(editor).toBeVisible();
  const free = page.locator('[data-testid="candidate"]:not([disabled])').first();
  const pickedId = (await free.getAttribute('data-person-id'))!;
  const pickedName = (await free.innerText()).trim();
  for (let i = 0; i < 40 && !(await free.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(free).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(editor).toHaveCount(0);
  await expect(page.locator(where).first()).toContainText(pickedName);
  const saved = (await core.roster.get(leader, '2026-12')).days.flatMap((d) => d.shifts).find((s) => s.id === shiftId)!;
  expect(saved.roles.find((r) => r.key === 'officer')!.slots.map((s) => s.personId)).toContain(pickedId);
  // The focus is back on the cell it left from.
  await expect(focused(page)).toHaveAttribute('data-shift-id', shiftId);
});
