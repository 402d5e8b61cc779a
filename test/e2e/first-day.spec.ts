/**
 * A town's first day, in Chromium at 1366×768, on the sample town 白鹭镇 (never the demo town): the
 * console starts empty and opens 首次设置; the administrator makes the town and signs in; the set-up's
 * last step imports the town's own spreadsheets; an officer signs in with the one-time password the
 * import showed, must change it, takes a phone call with the keyboard and dispatches it with `d`, `d`
 * to the imported post's A holder. With the A holder away, the next dispatch of the same item goes to
 * the post's B holder.
 * Screenshots: docs/screenshots/setup-imported.png, first-day-dispatch-b.png.
 */
import path from 'node:path';
import { expect, row, stillPicture, test } from './fixtures';

test.use({ viewport: { width: 1366, height: 768 } });
test.setTimeout(480_000);

const SAMPLE = path.resolve(__dirname, '../../resources/sample-town');
const FILES = ['people.xlsx', 'accounts.xlsx', 'posts.xlsx', 'villages-grids.xlsx', 'grids.geojson', 'catalogue.xlsx'];
const ADMIN = { name: '郑海燕', username: 'zhenghaiyan', password: 'bailu-2026-admin' };
// From the sample town's sheets: 占道经营 (BL-CX-005) is led by 城乡建设岗 (BL-CJ), A 施永康, B 张婷婷.
const ITEM = { code: 'BL-CX-005', name: '占道经营', initials: 'zdjy' };
const POST = { code: 'BL-CJ', name: '城乡建设岗', a: '施永康', b: '张婷婷' };
const OFFICER = { username: 'chensiyuan', password: '白鹭 江边 芦花 正当时' };
const LEADER = 'zhoujianguo';

test('first start → set-up → import the sample town → dispatch to the A holder, and to B when A is away', async ({ page, newTown, guard }) => {
  guard.watch(page);
  const core = newTown.core;

  // 首次设置: the town, its administrator.
  await page.goto(newTown.web.url);
  await expect(page.getByTestId('setup-page')).toBeVisible();
  await page.getByTestId('setup-town-code').fill('330110108000');
  await page.getByTestId('setup-town-name').fill('白鹭镇');
  await page.getByTestId('setup-town-name').press('Enter');
  await page.getByTestId('setup-admin-name').fill(ADMIN.name);
  await page.getByTestId('setup-username').fill(ADMIN.username);
  await page.getByTestId('setup-password').fill(ADMIN.password);
  await page.getByTestId('setup-confirm').fill(ADMIN.password);
  await page.getByTestId('setup-confirm').press('Enter');
  const step = page.getByTestId('setup-import-step');
  await expect(step).toContainText('白鹭镇已创建，管理员 zhenghaiyan 已登录。');

  // The set-up's last step: the town's own six files, previewed and applied in one command.
  await step.getByTestId('town-import-input').setInputFiles(FILES.map((f) => path.join(SAMPLE, f)));
  await step.getByTestId('town-import-preview').click();
  await expect(step.getByTestId('town-import-ready')).toContainText('检查通过，可以导入', { timeout: 60_000 });
  await step.getByTestId('town-import-apply').click();
  await expect(step.getByTestId('town-import-applied')).toBeVisible({ timeout: 60_000 });
  // The officer's one-time password, as the administrator reads it off the screen to hand over.
  const officerRow = step.getByTestId('town-import-passwords').locator('tr', { hasText: OFFICER.username });
  const oneTime = ((await officerRow.locator('.town-import-password').first().textContent()) ?? '').trim();
  expect(oneTime).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  await expect(step).toContainText('请先把上面的一次性密码交给各人');
  await stillPicture(page);
  await page.screenshot({ path: 'docs/screenshots/setup-imported.png' });
  const post = core.town.postsByCode.get(POST.code)!;
  expect(post).toBeTruthy();
  const personNamed = (name: string) => [...core.town.people.values()].find((p) => p.name === name)!;
  expect(post.aPersonId).toBe(personNamed(POST.a).id);
  expect(post.bPersonId).toBe(personNamed(POST.b).id);
  await page.getByTestId('setup-finish').click();
  await expect(page.getByText('白鹭镇基层治理指挥中心').first()).toBeVisible();
  await expect(page.getByTestId('demo-banner')).toHaveCount(0);
  await page.getByTestId('sign-out').click();

  // The officer: the one-time password leads to the change, then to the queue.
  await page.getByTestId('signin-username').fill(OFFICER.username);
  await page.getByTestId('signin-password').fill(oneTime);
  await page.getByTestId('signin-password').press('Enter');
  await expect(page.getByTestId('forced-password-change')).toBeVisible();
  await page.getByTestId('password-old').fill(oneTime);
  await page.getByTestId('password-new').fill(OFFICER.password);
  await page.getByTestId('password-confirm').fill(OFFICER.password);
  await page.getByTestId('password-change-submit').click();
  await expect(page.getByTestId('queue-list')).toBeVisible();

  // A phone call taken with the keyboard: the imported item by its pinyin initials, an imported grid.
  await page.keyboard.press('n');
  const form = page.getByTestId('intake-form');
  await expect(form).toBeVisible();
  await page.keyboard.type(ITEM.initials);
  // The search answers from the core: wait until its best match is the one Enter would take.
  await expect(page.locator('.ant-select-item-option-active')).toContainText(ITEM.name);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('intake-title')).toHaveValue(ITEM.name);
  await page.getByTestId('intake-grid').locator('input').focus();
  await page.keyboard.type('BL-G01');
  await page.keyboard.press('Enter');
  await page.getByTestId('intake-title').focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('白鹭社区菜场门口占道卖菜');
  await page.keyboard.press('Control+Enter');
  await expect(form).toBeHidden();
  const first = page.locator('[data-testid="queue-row"][aria-selected="true"]');
  await expect(first).toContainText('白鹭社区菜场门口占道卖菜');
  const firstId = (await first.getAttribute('data-event-id'))!;

  // d, d: the imported post, acted for by its A holder.
  await page.keyboard.press('d');
  const lead = page.getByTestId('dispatch-lead-post');
  await expect(lead).toContainText(POST.name);
  await expect(lead).toContainText(`${POST.a}`);
  await expect(lead.locator('.ant-tag')).toHaveText('A');
  await page.keyboard.press('d');
  await expect(row(page, firstId).getByTestId('state-tag')).toHaveText('已派单');
  const holderOf = async (eventId: string) =>
    core.db.read((sql) => sql.get<{ post_id: string; person_id: string | null }>(`SELECT post_id, person_id FROM assignment WHERE event_id = ? AND role = 'lead'`, [eventId]));
  expect(await holderOf(firstId)).toEqual({ post_id: post.id, person_id: post.aPersonId });

  // The A holder is away today (the leader enters the leave); the next dispatch goes to B.
  const leader = personNamed('周建国');
  expect(leader.username).toBe(LEADER);
  const today = '2026-11-23';
  await core.roster.addAbsence({ id: leader.id, roles: leader.roles }, { personId: post.aPersonId!, kind: 'leave', from: today, to: today });
  const secondId = await core.events.report(
    { id: personNamed('陈思远').id, roles: personNamed('陈思远').roles },
    { source: 'grid', title: '芦花村口三轮车占道', categoryCode: ITEM.code, level: 'general', gridCode: 'BL-G05' },
  );
  await expect(row(page, secondId)).toBeVisible();
  await row(page, secondId).click();
  await expect(row(page, secondId)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('d');
  await expect(lead).toContainText(POST.b);
  await expect(lead.locator('.ant-tag')).toHaveText('B');
  await stillPicture(page);
  await page.screenshot({ path: 'docs/screenshots/first-day-dispatch-b.png' });
  await page.keyboard.press('d');
  await expect(row(page, secondId).getByTestId('state-tag')).toHaveText('已派单');
  expect(await holderOf(secondId)).toEqual({ post_id: post.id, person_id: post.bPersonId });

  const body = await page.locator('body').innerText();
  expect(body).not.toMatch(/\[object Object\]|undefined|BL-CX-005|setup\.|errors\./);
});
