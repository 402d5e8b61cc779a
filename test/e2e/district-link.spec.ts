/**
 * 上级联网 in Chromium at 1366×768, on a fresh console of the sample town 白鹭镇 (never the demo town)
 * and a real reference district on loopback: the header says 未配置 and, clicked by the
 * administrator, opens 系统设置 → 上级联网; 测试连接 with a wrong token says so in Chinese; with the
 * right one it answers; 保存 starts sync without a restart (the header says 已连接区中心); a district
 * dispatch then appears in the queue (its latency is printed, not asserted).
 * Screenshot: docs/screenshots/district-link.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { require as tsxRequire } from 'tsx/cjs/api';
import { CONSOLE_TOKEN, expect, openDistrict, stillPicture, test, type District } from './fixtures';

type SampleTownCore = typeof import('../support/sample-town-core');
const { setUpSampleTown, importSampleTown, sampleTown, SET_UP } = tsxRequire('../support/sample-town-core', __filename) as SampleTownCore;

test.use({ viewport: { width: 1366, height: 768 } });
test.setTimeout(480_000);

test('an administrator links a fresh console to the district from the settings page', async ({ page, newTown, guard }) => {
  guard.watch(page);
  const core = newTown.core;
  const admin = await setUpSampleTown(core);
  await importSampleTown(core, admin);
  const town = sampleTown(core);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-e2e-link-'));
  let district: District | null = null;
  try {
    // The district issued the console's token for this console's node (the page shows its id).
    district = await openDistrict(path.join(dir, 'district'), newTown.clock, SET_UP.townCode, core.nodeId);

    await page.goto(newTown.web.url);
    await page.getByTestId('signin-username').fill(SET_UP.admin.username);
    await page.getByTestId('signin-password').fill(SET_UP.admin.password);
    await page.getByTestId('signin-password').press('Enter');
    const indicator = page.getByTestId('sync-indicator');
    await expect(indicator).toHaveAttribute('data-state', 'not_configured');
    await expect(page.getByTestId('sync-label')).toHaveText('未配置');

    // The header's state, clicked: 系统设置 → 上级联网, the town's own code filled in.
    await indicator.click();
    const section = page.getByTestId('settings-link');
    await expect(section).toBeVisible();
    await expect(page.getByTestId('link-state')).toContainText('未配置');
    await expect(page.getByTestId('link-town-code')).toHaveValue(SET_UP.townCode);
    await expect(page.getByTestId('link-node-id')).toContainText(core.nodeId);

    // A wrong token: said in Chinese, with what to do; nothing saved.
    await page.getByTestId('link-upstream').fill(district.url);
    await page.getByTestId('link-token').fill('not-the-token');
    await page.getByTestId('link-test').click();
    const result = page.getByTestId('link-test-result');
    await expect(result).toHaveAttribute('data-fault', 'unauthorized');
    await expect(result).toContainText('令牌无效（401）：请核对区里发给本值班台的令牌。');
    expect(core.sync).toBeNull();

    // The right one: the district answers; saved, sync starts at once.
    await page.getByTestId('link-token').fill(CONSOLE_TOKEN);
    await page.getByTestId('link-test').click();
    await expect(result).toHaveAttribute('data-fault', 'ok');
    await expect(result).toContainText('连接正常');
    await page.getByTestId('link-save').click();
    await expect(page.getByTestId('link-state')).toContainText('同步运行中');
    await expect(indicator).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
    await expect(page.getByTestId('sync-label')).toHaveText('已连接区中心');
    await expect(page.getByTestId('link-token')).toHaveValue('');
    await stillPicture(page);
    await page.screenshot({ path: 'docs/screenshots/district-link.png' });
    const body = await page.locator('body').innerText();
    expect(body).not.toMatch(/\[object Object\]|undefined|link\.|\{\w+\}/);

    // A district dispatch appears in the queue.
    await page.getByTestId('tab-queue').click();
    const sent = Date.now();
    const eventId = await district.dispatch({ title: '区12345转办：石桥村道路积水', categoryCode: town.itemCode, level: 'general', gridCode: town.gridCode });
    await expect(page.locator(`[data-testid="queue-row"][data-event-id="${eventId}"]`)).toBeVisible({ timeout: 60_000 });
    console.log(`district dispatch → queue row on a newly linked console: ${Date.now() - sent} ms`);
  } finally {
    await district?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});
