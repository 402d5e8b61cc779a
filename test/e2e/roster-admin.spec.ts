/**
 * The roster page's tabs beyond the sheet, as people use them: the leader enters a business trip for
 * a post's A holder who is on the roster — the roster flags the clash and the post passes to its B
 * holder on the on-duty board; an officer asks to swap a shift and the leader approves it — the
 * roster changes; the admin edits the shift setup, and a setup with overlapping or zero-length shifts
 * is refused with a sentence and saves nothing; a duty-log entry is edited and deleted.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { RosterView } from '../../preload/contract';
import { expect, signIn, test, type Desk } from './fixtures';

const SHOTS = path.resolve(__dirname, '../../docs/screenshots');

/** Picks an option of an antd Select: opens it, types to narrow, clicks the option with all the texts. */
async function pick(page: Page, testId: string, search: string, ...texts: string[]): Promise<void> {
  const select = page.getByTestId(testId);
  await select.click();
  await page.keyboard.type(search);
  let option = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  for (const t of [search, ...texts]) option = option.filter({ hasText: t });
  await option.first().click();
}

function cellOf(view: RosterView, date: string, templateCode: string, roleKey: string, slot = 0) {
  const shift = view.days.find((d) => d.date === date)!.shifts.find((s) => s.templateCode === templateCode)!;
  const person = shift.roles.find((r) => r.key === roleKey)!.slots[slot]!;
  return { shift, personId: person.personId, name: person.name };
}

const username = (desk: Desk, id: string) => desk.core.town.people.get(id)!.username;

test('the leader enters a business trip: the roster shows the clash and the post passes to its B holder', async ({ page, desk }) => {
  const view = await desk.core.roster.generate(desk.actor('admin'), '2026-11');
  // A post whose A holder is rostered on a shift still to come this month, and whose B holder is someone else.
  const future = view.days.filter((d) => d.date > '2026-11-23').flatMap((d) => d.shifts);
  const rostered = (id: string) => future.find((s) => s.roles.some((r) => r.slots.some((x) => x.personId === id)));
  const post = [...desk.core.town.posts.values()].find((p) => p.aPersonId && p.bPersonId && p.aPersonId !== p.bPersonId && p.kind === 'board_post' && rostered(p.aPersonId))!;
  expect(post, 'a board post whose A holder is on the roster').toBeTruthy();
  const a = desk.core.town.people.get(post.aPersonId!)!;
  const b = desk.core.town.people.get(post.bPersonId!)!;
  const shift = rostered(a.id)!;
  const actingRow = page.getByTestId('acting-table').locator('tbody tr').filter({ hasText: post.name });

  await signIn(page, desk, 'lihua');
  // Before: the A holder acts for the post (a working day, office hours).
  await page.getByTestId('tab-on-duty').click();
  await expect(actingRow).toContainText(a.name);

  await page.getByTestId('tab-roster').click();
  await page.getByTestId('roster-tab-absences').click();
  await expect(page.getByTestId('absences-panel')).toBeVisible();
  await pick(page, 'absence-person', a.name);
  await page.getByTestId('absence-kind').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '出差' }).click();
  const form = page.getByTestId('absence-form');
  await form.getByPlaceholder('开始').click();
  await form.getByPlaceholder('开始').fill('2026-11-23');
  await form.getByPlaceholder('开始').press('Enter');
  await form.getByPlaceholder('结束').fill(shift.date);
  await form.getByPlaceholder('结束').press('Enter');
  await page.getByTestId('absence-note').fill('赴区里参加防汛培训会');
  await page.getByTestId('absence-note').press('Enter');

  // What it changed: the rostered shift now clashes; the post is acted for by B.
  const consequences = page.getByTestId('absence-consequences');
  await expect(consequences).toContainText(`${a.name}已排在以下`);
  await expect(page.getByTestId('absence-clash-list')).toContainText(`${shift.date} ${shift.name}`);
  await expect(page.getByTestId('absence-acting')).toContainText(`${post.name}：${b.name}（B岗）`);
  const row = page.getByTestId('absence-row').filter({ hasText: a.name });
  await expect(row).toContainText('出差');
  await expect(row).toContainText('2026-11-23');
  await expect(row.getByTestId('absence-row-clash').filter({ hasText: `${shift.date.slice(5)} ${shift.name}` })).toHaveCount(1);
  const stored = await desk.core.roster.absences(desk.actor('lihua'), { includeCancelled: false });
  expect(stored.map((x) => [x.personId, x.kind, x.note])).toEqual([[a.id, 'business_trip', '赴区里参加防汛培训会']]);
  await expect(page.locator('.ant-message-notice')).toHaveCount(0); // the notice fades before the picture
  await page.screenshot({ path: path.join(SHOTS, 'roster-absences.png') });

  // The sheet: the cell is marked and the clash listed.
  await page.getByTestId('absence-go-sheet').click();
  const clashed = page.locator(`[data-testid="roster-cell"][data-shift-id="${shift.id}"][data-clash="error"]`);
  await expect(clashed).toContainText(a.name);
  await expect(
    page
      .getByTestId('roster-clash')
      .filter({ hasText: '请假冲突' })
      .filter({ hasText: `${shift.date} ${shift.name}` })
      .filter({ hasText: a.name }),
  ).toHaveCount(1);

  // The on-duty board: absent today, and B acts for the post.
  await page.getByTestId('tab-on-duty').click();
  await expect(actingRow).toContainText(b.name);
  await expect(actingRow).toContainText('A岗不在，B岗在岗');
  await expect(page.getByText(`${a.name} · 出差`)).toBeVisible();

  // Cancelled: the clash goes, and A acts again.
  await page.getByTestId('tab-roster').click();
  await page.getByTestId('roster-tab-absences').click();
  await page.getByTestId('absence-row').filter({ hasText: a.name }).getByTestId('absence-cancel').click();
  await page
    .locator('.ant-popconfirm:visible')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click();
  await expect(page.getByTestId('absence-row')).toHaveCount(0);
  await expect(page.getByTestId('absence-consequences')).toHaveCount(0);
  await page.getByTestId('roster-tab-sheet').click();
  await expect(page.locator(`[data-testid="roster-cell"][data-shift-id="${shift.id}"][data-clash="error"]`)).toHaveCount(0);
  await page.getByTestId('tab-on-duty').click();
  await expect(actingRow).toContainText(a.name);
});

test('an officer asks to swap a shift; the leader approves and the roster changes', async ({ page, desk, openSecondPage }) => {
  const view = await desk.core.roster.generate(desk.actor('admin'), '2026-12');
  const mine = cellOf(view, '2026-12-10', 'day', 'officer');
  const onShift = (shiftId: string) =>
    view.days
      .flatMap((d) => d.shifts)
      .find((s) => s.id === shiftId)!
      .roles.flatMap((r) => r.slots.map((x) => x.personId));
  // The other side: an officer of a later night shift, neither of them on the other's shift.
  const theirs = ['2026-12-11', '2026-12-12', '2026-12-13', '2026-12-14']
    .flatMap((date) => [0, 1].map((slot) => cellOf(view, date, 'night', 'officer', slot)))
    .find((c) => c.personId && c.personId !== mine.personId && !onShift(c.shift.id).includes(mine.personId) && !onShift(mine.shift.id).includes(c.personId))!;
  expect(theirs).toBeTruthy();
  const officer = username(desk, mine.personId!);

  await signIn(page, desk, officer);
  await page.getByTestId('tab-roster').click();
  await page.getByTestId('roster-next-month').click();
  await page.getByTestId('roster-tab-swaps').click();
  await page.getByTestId('swap-request').click();
  await pick(page, 'swap-a', '12-10', '白班');
  await pick(page, 'swap-b', theirs.shift.date.slice(5), '夜班', theirs.name!);
  await page.getByTestId('swap-reason').fill('12月10日白天要带孩子看病，已与对方商量好');
  await page.getByTestId('swap-reason').press('Enter');
  const row = page.getByTestId('swap-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('swap-status')).toHaveText('待批准');
  await expect(row).toContainText(`12-10 白班 值班员：${mine.name}`);
  await expect(row).toContainText(`${theirs.shift.date.slice(5)} 夜班 值班员：${theirs.name}`);
  // Nothing changes before the leader decides.
  expect(cellOf(await desk.core.roster.get(desk.actor('lihua'), '2026-12'), '2026-12-10', 'day', 'officer').personId).toBe(mine.personId);

  // The leader, at another desk: the tab counts it; approved, the two cells exchange people.
  const leader = await openSecondPage();
  await signIn(leader, desk, 'lihua');
  await leader.getByTestId('tab-roster').click();
  await leader.getByTestId('roster-next-month').click();
  await expect(leader.getByTestId('roster-tab-swaps')).toContainText('1');
  await leader.getByTestId('roster-tab-swaps').click();
  await expect(leader.getByTestId('swap-row').getByTestId('swap-status')).toHaveText('待批准');
  await leader.screenshot({ path: path.join(SHOTS, 'roster-swaps.png') });
  await leader.getByTestId('swap-decide').click();
  await expect(leader.getByTestId('swap-decide-dialog')).toContainText(`12-10 白班 值班员 → ${theirs.name}`);
  await leader.getByTestId('swap-note').fill('同意');
  await leader.getByTestId('swap-approve').click();
  await expect(leader.getByTestId('swap-row').getByTestId('swap-status')).toHaveText('已批准');
  await expect(leader.getByTestId('swap-row')).toContainText('同意');

  const after = await desk.core.roster.get(desk.actor('lihua'), '2026-12');
  expect(cellOf(after, '2026-12-10', 'day', 'officer').personId).toBe(theirs.personId);
  expect(
    after.days
      .find((d) => d.date === theirs.shift.date)!
      .shifts.find((s) => s.id === theirs.shift.id)!
      .roles.find((r) => r.key === 'officer')!
      .slots.map((x) => x.personId),
  ).toContain(mine.personId);

  // Both desks' rosters show it (the officer's through the change feed).
  for (const p of [leader, page]) {
    await p.getByTestId('roster-tab-sheet').click();
    await expect(p.locator(`[data-testid="roster-cell"][data-shift-id="${mine.shift.id}"][data-role="officer"]`)).toContainText(theirs.name!);
    await expect(p.locator(`[data-testid="roster-cell"][data-shift-id="${theirs.shift.id}"][data-role="officer"]`)).toContainText(mine.name!);
  }
  await page.getByTestId('roster-tab-swaps').click();
  await expect(page.getByTestId('swap-row').getByTestId('swap-status')).toHaveText('已批准');
});

test('the admin edits the shift setup; overlapping or zero-length shifts are refused and change nothing', async ({ page, desk }) => {
  const admin = desk.actor('admin');
  await signIn(page, desk, 'admin');
  await page.getByTestId('tab-roster').click();
  await page.getByTestId('roster-tab-setup').click();
  const panel = page.getByTestId('setup-panel');
  await expect(panel.getByTestId('setup-template')).toHaveCount(2);
  const [day, night] = [panel.getByTestId('setup-template').nth(0), panel.getByTestId('setup-template').nth(1)];
  await expect(day).toContainText('白班');
  await expect(day.getByTestId('setup-end')).toHaveText('结束 17:30');

  // A valid edit: day 08:00–18:00, night 18:00–08:00, and one more fixed check.
  await day.getByTestId('setup-start').fill('08:00');
  await day.getByTestId('setup-hours').fill('10');
  await night.getByTestId('setup-start').fill('18:00');
  await night.getByTestId('setup-hours').fill('14');
  await expect(night.getByTestId('setup-end')).toHaveText('结束 08:00（次日）');
  await panel.getByTestId('setup-add-check').click();
  await panel.getByTestId('setup-check').last().fill('消防器材完好');
  await panel.getByTestId('setup-check').last().press('Enter');
  await expect(page.getByText('班次设置已保存')).toBeVisible();
  let saved = desk.core.roster.setup(admin);
  expect(saved.templates.map((t) => [t.code, t.start, t.hours])).toEqual([
    ['day', '08:00', 10],
    ['night', '18:00', 14],
  ]);
  expect(saved.settings.fixedChecks.map((c) => c.label)).toContain('消防器材完好');
  await expect(page.getByText('班次设置已保存')).toHaveCount(0); // the notice fades before the next try

  // Overlapping: the night starting at 17:00 while the day runs to 18:00.
  await night.getByTestId('setup-start').fill('17:00');
  await night.getByTestId('setup-start').press('Enter');
  const error = page.getByTestId('setup-error');
  await expect(error).toContainText('班次设置未保存');
  await expect(error).toContainText('「白班」18:00 结束，但「夜班」17:00 就已开始：班次时间重叠。');
  await page.screenshot({ path: path.join(SHOTS, 'roster-setup.png') });
  expect(desk.core.roster.setup(admin)).toEqual(saved);

  // Zero hours.
  await night.getByTestId('setup-start').fill('18:00');
  await night.getByTestId('setup-hours').fill('0');
  await page.getByTestId('setup-save').click();
  await expect(error).toContainText('「夜班」的时长应为 1–24 小时的整数（现为 0）。');
  expect(desk.core.roster.setup(admin)).toEqual(saved);

  // Reverted, and read again from the server: the saved setup.
  await page.getByTestId('setup-reset').click();
  await expect(error).toHaveCount(0);
  await expect(night.getByTestId('setup-hours')).toHaveValue('14');
  await page.getByTestId('roster-tab-sheet').click();
  await page.getByTestId('roster-tab-setup').click();
  await expect(page.getByTestId('setup-template').nth(1).getByTestId('setup-start')).toHaveValue('18:00');

  // The 24 h preset, saved: one shift from 08:30.
  await page.getByTestId('setup-preset-full_day').click();
  await expect(page.getByTestId('setup-template')).toHaveCount(1);
  await expect(page.getByTestId('setup-end')).toHaveText('结束 08:30（次日）');
  await page.getByTestId('setup-save').click();
  await expect.poll(() => desk.core.roster.setup(admin).templates.map((t) => [t.start, t.hours])).toEqual([['08:30', 24]]);
  saved = desk.core.roster.setup(admin);
  expect(saved.settings.fixedChecks.map((c) => c.label)).toContain('消防器材完好');
});

test('a duty-log entry is edited and then deleted by its author', async ({ page, desk }) => {
  await desk.core.roster.generate(desk.actor('admin'), '2026-11');
  const entry = await desk.core.dutyLog.add(desk.actor('zhangwei'), { kind: 'call', text: '区应急办来电：明日有雷雨' });
  await signIn(page, desk, 'zhangwei');
  await page.getByTestId('tab-duty-log').click();
  const row = page.locator(`[data-testid="log-row"][data-entry-id="${entry.id}"]`);
  await expect(row).toContainText('区应急办来电：明日有雷雨');

  await row.getByTestId('log-edit').click();
  const text = page.getByTestId('log-edit-text');
  await expect(text).toHaveValue('区应急办来电：明日有雷雨');
  await page.getByTestId('log-edit-kind').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '指示' }).click();
  await text.fill('区应急办来电：明日午后有雷雨大风，提醒各村做好防范');
  await text.press('Enter');
  await expect(page.getByTestId('log-edit-form')).toHaveCount(0);
  await expect(row).toContainText('明日午后有雷雨大风');
  await expect(row).toContainText('指示');
  const edited = (await desk.core.dutyLog.list(desk.actor('zhangwei'), { limit: 10 })).entries;
  expect(edited.map((e) => [e.kind, e.text])).toEqual([['instruction', '区应急办来电：明日午后有雷雨大风，提醒各村做好防范']]);

  // Esc closes the editor without a change.
  await row.getByTestId('log-edit').click();
  await expect(page.getByTestId('log-edit-form')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('log-edit-form')).toHaveCount(0);

  await row.getByTestId('log-delete').click();
  await page
    .locator('.ant-popconfirm:visible')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click();
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId('log-table')).toContainText('暂无值班日志');
  expect((await desk.core.dutyLog.list(desk.actor('zhangwei'), { limit: 10 })).total).toBe(0);
});
