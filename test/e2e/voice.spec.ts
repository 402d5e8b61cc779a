/**
 * 语音播报 and the grouped alarm view in Chromium, on a console of 白鹭镇: a serious event arrives and
 * the desk plays its sentence (a Web Audio buffer of real length, the core's WAV); three overdue
 * alarms of one post are one line "3 项超期（…）"; the line is spoken again at the repeat interval of
 * server time while unacknowledged, and acknowledging the groups stops it. The played buffers are
 * counted by the page itself on the hidden `voice-player` element (no mock of the audio). A wall screen
 * the administrator chose speaks too; one not chosen does not.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { SYSTEM } from '../../main/core/kernel/actor';
import type { Core } from '../../main/core/app-core';
import { templateLayout } from '../../renderer/src/wall/wall-templates';
import { expect, signIn, test } from './fixtures';
import { openWall, saveWall } from './wall-support';

test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  },
});

const player = (page: Page) => page.getByTestId('voice-player');
async function played(page: Page): Promise<number> {
  return Number(await player(page).getAttribute('data-played'));
}

async function raiseOverdue(core: Core, key: string, postId: string): Promise<void> {
  // As the SLA sweep raises it: a system command through the kernel's one write path.
  await core.kernel.run({ name: 'test.raise', actor: SYSTEM, audit: false }, async (tx) => {
    await tx.raiseAlarm({ key, kind: 'overdue', eventId: null, detail: { dueKind: 'resolve', dueAt: tx.at, postId }, at: tx.at });
    tx.emit({ topic: 'alarms' });
  });
}

test('a serious event is spoken, a post’s overdue alarms are one line, and acknowledging stops the repeat', async ({ page, townDesk, guard }) => {
  guard.watch(page);
  const { core, clock, town } = townDesk;
  await signIn(page, townDesk);
  await expect(player(page)).toHaveAttribute('data-played', '0');

  const gridName = core.town.grids.get(town.gridCode)!.name;
  await townDesk.report({ title: '白鹭山林场冒烟', categoryCode: town.itemCode, level: 'serious', gridCode: town.gridCode });
  const banner = page.getByTestId('alarm-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toHaveAttribute('data-alarm-kind', 'new_serious');
  await expect(player(page)).toHaveAttribute('data-played', '1');
  await expect(player(page)).toHaveAttribute('data-text', new RegExp(`^紧急：${gridName}`));
  const length = Number(await player(page).getAttribute('data-buffer-length'));
  // Seconds of speech at the context's rate: far more than a click.
  expect(length).toBeGreaterThan(22050);

  // Three overdue alarms of one post within the window: one line with its count.
  const post = town.heldPost.post;
  for (const n of [1, 2, 3]) await raiseOverdue(core, `e2e-overdue-${n}`, post.id);
  await page.getByTestId('alarm-more').click();
  const line = page.getByTestId('alarm-group').filter({ hasText: `3 项超期（${post.name}）` });
  await expect(line).toHaveAttribute('data-count', '3');
  await page.screenshot({ path: test.info().outputPath('voice-groups.png') });
  await page.keyboard.press('Escape');

  // Unacknowledged: spoken again when the repeat interval (60 s) of server time has passed.
  clock.advance(61_000);
  await expect(player(page)).toHaveAttribute('data-played', '2');
  await expect(player(page)).toHaveAttribute('data-text', new RegExp(`^紧急：${gridName}`));

  // Acknowledge the serious event (A): the next line speaks — the group, once, by its count.
  await page.keyboard.press('a');
  await expect(banner).toHaveAttribute('data-alarm-kind', 'overdue');
  await expect(banner).toContainText(`3 项超期（${post.name}）`);
  await expect(player(page)).toHaveAttribute('data-played', '3');
  await expect(player(page)).toHaveAttribute('data-text', `3 项超期（${post.name}）`);

  // Acknowledge the group: nothing is left to say, and time passing says nothing more.
  await page.getByTestId('alarm-ack').click();
  await expect(banner).toBeHidden();
  await expect(player(page)).toHaveAttribute('data-target', '');
  const before = await played(page);
  // Past the repeat interval again (and short of the event's 3-minute accept limit, which would raise an alarm of its own).
  clock.advance(70_000);
  await expect(page.getByTestId('header-clock')).toContainText('09:02:11');
  expect(await played(page)).toBe(before);
  // The next alarm is spoken once, and only it: the acknowledged lines said nothing in between.
  const other = town.posts.find((p) => p.id !== post.id)!;
  await raiseOverdue(core, 'e2e-overdue-other', other.id);
  await expect(player(page)).toHaveAttribute('data-text', /^超期/);
  expect(await played(page)).toBe(before + 1);
  await page.getByTestId('alarm-ack').click();
  await expect(banner).toBeHidden();
  const alarms = await core.alarms.list();
  expect(alarms.filter((a) => a.ackedAt === null)).toEqual([]);
  expect(new Set(alarms.map((a) => a.ackedBy))).toEqual(new Set([town.officer.id]));
});

test('a logged mute silences the desk until its end, then the line speaks again', async ({ page, townDesk }) => {
  const { core, clock, town } = townDesk;
  await signIn(page, townDesk);
  await raiseOverdue(core, 'mute-1', town.heldPost.post.id);
  await expect(player(page)).toHaveAttribute('data-played', '1');

  await page.getByTestId('voice-mute').click();
  await expect(page.getByTestId('voice-mute-ok')).toBeDisabled();
  await page.getByTestId('voice-mute-reason').fill('接听区中心电话');
  await page.screenshot({ path: test.info().outputPath('voice-mute.png') });
  await page.getByTestId('voice-mute-ok').click();
  await expect(page.getByTestId('voice-muted')).toBeVisible();
  await expect(player(page)).toHaveAttribute('data-silenced', 'muted');
  const audit = await core.db.read((sql) => sql.all<{ detail: string }>(`SELECT detail FROM audit_log WHERE action = 'voice.mute'`));
  expect(JSON.parse(audit[0]!.detail)).toMatchObject({ reason: '接听区中心电话', minutes: 30 });

  clock.advance(10 * 60_000);
  await expect(page.getByTestId('header-clock')).toContainText('09:10');
  await expect(player(page)).toHaveAttribute('data-played', '1');

  clock.advance(21 * 60_000);
  await expect(player(page)).toHaveAttribute('data-silenced', '');
  await expect(player(page)).toHaveAttribute('data-played', '2');
  await expect(page.getByTestId('voice-muted')).toBeHidden();
});

test('the administrator edits a spoken template in 系统设置 → 语音播报; an unknown placeholder is refused in Chinese', async ({ page, townDesk }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const admin = townDesk.person(townDesk.town.admin).username;
  await signIn(page, townDesk, admin);
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('settings-tab-voice').click();
  const overdue = page.getByTestId('voice-template-overdue');
  await expect(overdue).toHaveValue('超期：{title}，{clock}时限已到，请{post}尽快处置');

  await overdue.fill('超期：{event}');
  await page.getByTestId('voice-save-overdue').click();
  await expect(page.locator('.ant-message-error')).toContainText('播报模板中有不认识的占位符：{event}，未保存');
  expect((await townDesk.core.voice.settings()).templates.find((t) => t.kind === 'overdue')!.template).toBe('超期：{title}，{clock}时限已到，请{post}尽快处置');

  await overdue.fill('超期提醒：{grid}{title}，请{post}尽快处置');
  await page.getByTestId('voice-save-overdue').click();
  await expect(page.locator('.ant-message-success', { hasText: '已保存' })).toBeVisible();
  await expect.poll(async () => (await townDesk.core.voice.settings()).templates.find((t) => t.kind === 'overdue')!.template).toBe('超期提醒：{grid}{title}，请{post}尽快处置');
  await page.screenshot({ path: test.info().outputPath('voice-settings.png') });
});

test('a wall screen the administrator chose speaks a serious event; a screen not chosen stays silent', async ({ desk, browser, guard }) => {
  const wall = await saveWall(desk, templateLayout(2, 1), '语音播报 2×1');
  const [chosen, other] = wall.definition.screens;
  const admin = [...desk.core.town.people.values()].find((p) => p.roles.includes('admin'))!;
  await desk.core.voice.saveScreen({ id: admin.id, roles: admin.roles }, { screen: `wall:${chosen!.id}`, enabled: true, volume: 100, quietFrom: null, quietTo: null });
  const contexts: BrowserContext[] = [];
  try {
    const speaking = await openWall(browser, guard, wall.urls[chosen!.id]!, contexts);
    const silent = await openWall(browser, guard, wall.urls[other!.id]!, contexts);
    await expect(silent.getByTestId('voice-player')).toHaveAttribute('data-silenced', 'off');
    await desk.report({ title: '化工园区气体泄漏', categoryCode: 'CITY-001', level: 'serious', gridCode: 'G18' });
    await expect(speaking.getByTestId('voice-player')).toHaveAttribute('data-played', '1');
    await expect(speaking.getByTestId('voice-player')).toHaveAttribute('data-text', /^紧急：/);
    expect(Number(await speaking.getByTestId('voice-player').getAttribute('data-buffer-length'))).toBeGreaterThan(22050);
    expect(await silent.getByTestId('voice-player').getAttribute('data-played')).toBe('0');
  } finally {
    for (const context of contexts) await context.close();
  }
});
