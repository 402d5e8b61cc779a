/**
 * The town kept by hand and the audit log viewer, in Chromium at 1366×768, in a town of its own (set
 * up in the test, no demo data): the administrator adds a person with an account (the one-time
 * password shown once), makes them a post's A holder, and deactivating them is refused with what to
 * do; a grid with a broken shape is refused naming where, and a grid is deactivated and reactivated; the audit viewer filters by person and kind
 * and opens a row's record. An event's row opens the event (the demo town, the only one with a
 * catalogue here; only the event the test reports is asserted on).
 */
import type { Page } from '@playwright/test';
import { expect, stillPicture, test } from './fixtures';

test.use({ viewport: { width: 1366, height: 768 } });

const ADMIN = { name: '周敏', username: 'zhoumin', password: 'donghu-2026' };

async function signInAs(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-password').press('Enter');
  await expect(page.getByTestId('app-header')).toBeVisible();
}

/** Picks an option of an antd Select by typing its label and Enter. */
async function choose(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(label);
  await page.locator('.ant-select-item-option', { hasText: label }).first().waitFor();
  await page.keyboard.press('Enter');
}

test('the administrator adds a person and a post; deactivating the A holder is refused with what to do; a broken shape is refused', async ({ page, newTown, guard }) => {
  guard.watch(page);
  await newTown.core.setUpTown({ townCode: '420106008000', townName: '东湖街道', admin: ADMIN });
  await signInAs(page, newTown.web.url, ADMIN.username, ADMIN.password);

  await page.getByTestId('tab-settings').click();
  await page.getByTestId('settings-tab-people').click();
  const people = page.getByTestId('settings-people');
  await expect(people).toBeVisible();

  // A new person with an account, with the keyboard: name, Tab through the roles, the username, Enter.
  await page.getByTestId('person-add').click();
  // Typed once the dialog has opened (under load a key pressed during its opening was seen to land in the first field).
  await stillPicture(page);
  await expect(page.getByTestId('person-name')).toBeFocused();
  await page.keyboard.type('陈立新');
  await page.getByTestId('person-roles').getByText('岗位人员').click();
  await page.getByTestId('person-username').fill('chenlixin');
  await page.getByTestId('person-phone').fill('13800001111');
  await stillPicture(page);
  await page.screenshot({ path: 'docs/screenshots/town-admin-person-dialog.png' });
  await page.getByTestId('person-username').press('Enter');
  await expect(page.getByTestId('person-one-time-password')).toBeVisible();
  const oneTime = (await page.getByTestId('person-one-time-password').innerText()).trim();
  expect(oneTime).toMatch(/^[\w-]{12,}$/);
  await page.getByTestId('person-one-time-close').click();
  const row = people.locator('[data-testid="person-row"][data-name="陈立新"]');
  await expect(row).toContainText('chenlixin');
  await expect(row).toContainText('值班员、岗位人员');
  const personId = [...newTown.core.town.people.values()].find((p) => p.name === '陈立新')!.id;
  expect(newTown.core.town.people.get(personId)).toMatchObject({ active: true, username: 'chenlixin' });

  // A post with them as its A holder.
  await page.getByTestId('settings-tab-posts').click();
  await page.getByTestId('post-add').click();
  await stillPicture(page);
  await expect(page.getByTestId('post-code')).toBeFocused();
  await page.keyboard.type('MS-01');
  await page.keyboard.press('Tab');
  await page.keyboard.type('民生服务岗');
  await choose(page, 'post-a-holder', '陈立新');
  await page.getByTestId('post-save').click();
  const postRow = page.locator('[data-testid="post-row"][data-code="MS-01"]');
  await expect(postRow.getByTestId('post-a')).toHaveText('陈立新');
  await stillPicture(page);
  await page.screenshot({ path: 'docs/screenshots/town-admin-posts.png' });

  // Deactivating the A holder: refused, saying which post and what to do; nothing changes.
  await page.getByTestId('settings-tab-people').click();
  await page.locator('[data-testid="person-row"][data-name="陈立新"]').getByTestId('person-deactivate').click();
  await page.getByTestId('town-admin-confirm-ok').click();
  const refusal = page.locator('.ant-message-error');
  await expect(refusal).toContainText('陈立新是以下岗位的 A 岗：民生服务岗');
  await expect(refusal).toContainText('请先在“岗位”中为这些岗位另设 A 岗人员，再停用此人');
  await stillPicture(page);
  await page.screenshot({ path: 'docs/screenshots/town-admin-refusal.png' });
  expect(newTown.core.town.people.get(personId)!.active).toBe(true);
  await expect(page.locator('[data-testid="person-row"][data-name="陈立新"]')).toHaveAttribute('data-active', 'true');

  // A grid whose shape does not close: refused naming where; then a closed one is saved.
  await page.getByTestId('settings-tab-grids').click();
  await page.getByTestId('grid-add').click();
  await stillPicture(page);
  await page.getByTestId('grid-code').fill('DH-01');
  await page.getByTestId('grid-name').fill('东湖第一网格');
  await page.getByTestId('grid-village').fill('东湖社区');
  const open = {
    type: 'Polygon',
    coordinates: [
      [
        [114.36, 30.54],
        [114.37, 30.54],
        [114.37, 30.55],
        [114.36, 30.55],
      ],
    ],
  };
  await page.getByTestId('grid-geometry').fill(JSON.stringify(open));
  await page.getByTestId('grid-save').click();
  await expect(page.locator('.ant-message-error', { hasText: '外边界没有闭合' })).toContainText('外边界没有闭合：最后一个点必须与第一个点相同。请在地图软件中闭合边界');
  open.coordinates[0]!.push([114.36, 30.54]);
  await page.getByTestId('grid-geometry').fill(JSON.stringify(open));
  await stillPicture(page);
  await page.screenshot({ path: 'docs/screenshots/town-admin-grid-dialog.png' });
  await page.getByTestId('grid-save').click();
  await expect(page.locator('[data-testid="grid-row"][data-code="DH-01"]')).toContainText('面 · 5 个点');
  expect(newTown.core.town.grids.get('DH-01')).toMatchObject({ name: '东湖第一网格', village: '东湖社区' });

  // 停用 the grid (asked first): the row says so and the map leaves it out; 启用 brings it back.
  const gridRow = page.locator('[data-testid="grid-row"][data-code="DH-01"]');
  await gridRow.getByTestId('grid-deactivate').click();
  await expect(page.locator('.ant-modal-confirm')).toContainText('停用网格 东湖第一网格？');
  await expect(page.locator('.ant-modal-confirm')).toContainText('有未办结事件的网格不能停用');
  // Opened (a click while the dialog still zooms in can be lost).
  await stillPicture(page);
  await page.getByTestId('town-admin-confirm-ok').click();
  await expect(gridRow).toHaveAttribute('data-active', 'false');
  await expect(gridRow).toContainText('已停用');
  await expect(page.locator('.ant-message-success', { hasText: '已停用网格：东湖第一网格' })).toBeVisible();
  expect(newTown.core.town.grids.get('DH-01')!.active).toBe(false);
  // The picture without the shape's refusal above (it goes after a few seconds).
  await expect(page.locator('.ant-message-error')).toHaveCount(0);
  await stillPicture(page);
  await page.screenshot({ path: 'docs/screenshots/town-admin-grids.png' });
  // Without the deactivated ones the list is empty; 启用 brings it back.
  await page.getByTestId('grids-show-inactive').click();
  await expect(gridRow).toHaveCount(0);
  await page.getByTestId('grids-show-inactive').click();
  await gridRow.getByTestId('grid-reactivate').click();
  await expect(page.locator('.ant-modal-confirm')).toContainText('重新启用网格 东湖第一网格？');
  await stillPicture(page);
  await page.getByTestId('town-admin-confirm-ok').click();
  await expect(gridRow).toHaveAttribute('data-active', 'true');
  expect(newTown.core.town.grids.get('DH-01')!.active).toBe(true);

  // No raw keys, English or [object Object] on any of it.
  const body = await page.locator('body').innerText();
  expect(body).not.toMatch(/\[object Object\]|undefined|townAdmin|invalid_geometry|post_needs_a/);

  // The audit viewer: by person and by kind; 打开 shows the post's record in Chinese.
  await page.getByTestId('tab-audit').click();
  const audit = page.getByTestId('audit-page');
  await expect(audit.getByTestId('audit-row').first()).toBeVisible();
  await choose(page, 'audit-kinds', '新增岗位');
  await page.keyboard.press('Escape');
  await expect(audit.getByTestId('audit-row')).toHaveCount(1);
  await expect(audit.getByTestId('audit-total')).toHaveText('共 1 条');
  await expect(audit.getByTestId('audit-row').first().getByTestId('audit-kind')).toHaveText('新增岗位');
  await expect(audit.getByTestId('audit-row').first().getByTestId('audit-actor')).toHaveText('周敏');
  await audit.getByTestId('audit-row').first().getByTestId('audit-open').click();
  const record = page.getByTestId('audit-record');
  await expect(record).toContainText('以下是该岗位现在的内容');
  await expect(record).toContainText('民生服务岗');
  await expect(record).toContainText('陈立新');
  await stillPicture(page);
  await page.screenshot({ path: 'docs/screenshots/audit-record.png' });
  await expect(record).not.toContainText('board_post');
  await expect(page.getByTestId('audit-record-close')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(record).toBeHidden();

  // By person: only what 周敏 did; her rows read in Chinese.
  await page.getByTestId('audit-reset').click();
  await choose(page, 'audit-person', '周敏');
  await expect(audit.getByTestId('audit-total')).not.toHaveText('共 1 条');
  const actors = await audit.getByTestId('audit-actor').allInnerTexts();
  expect(actors.length).toBeGreaterThan(2);
  expect(new Set(actors)).toEqual(new Set(['周敏']));
  const kinds = await audit.getByTestId('audit-kind').allInnerTexts();
  expect(kinds).toEqual(expect.arrayContaining(['新增人员', '新增岗位', '新增网格', '登录']));
  expect(kinds.join('')).not.toMatch(/[a-z]\.[a-z]/);
  await stillPicture(page);
  await page.screenshot({ path: 'docs/screenshots/audit-viewer.png' });
});

test("the audit viewer opens an event's row as the event", async ({ page, desk, guard }) => {
  guard.watch(page);
  const categoryCode = [...desk.core.town.catalogue.keys()][0]!;
  const eventId = await desk.report({ title: '审计查看：路灯不亮', categoryCode, level: 'general', source: 'phone' });
  const leader = [...desk.core.town.people.values()].find((p) => p.roles.includes('leader'))!;
  await signInAs(page, desk.web.url, leader.username, 'duty1234');
  await page.getByTestId('tab-audit').click();
  const audit = page.getByTestId('audit-page');
  await choose(page, 'audit-kinds', '事件登记');
  await page.keyboard.press('Escape');
  const row = audit.getByTestId('audit-row').first();
  await expect(row).toContainText('审计查看：路灯不亮');
  await row.getByTestId('audit-open').click();
  await expect(page.getByTestId('event-detail')).toBeVisible();
  await expect(page.getByTestId('event-detail')).toContainText('审计查看：路灯不亮');
  expect(eventId).toBeTruthy();
});
