/**
 * The admin's settings page: a backup taken and listed, a restore staged (with the confirmation
 * that says what it means), update settings saved — and refused with the reason when the address
 * or the version is bad, changing nothing — and a check for updates against a district feed served
 * from a local HTTP server (a real `latest.yml`), with what holds an install back. Screenshot:
 * docs/screenshots/settings.png.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, signIn, test, stillPicture } from './fixtures';

const OUT = path.resolve(__dirname, '../../docs/screenshots');

function latestYml(version: string): string {
  return [
    `version: ${version}`,
    'files:',
    `  - url: duty-desk-${version}-x86_64.AppImage`,
    '    sha512: 3q2+7w==',
    '    size: 91234567',
    `path: duty-desk-${version}-x86_64.AppImage`,
    'sha512: 3q2+7w==',
    "releaseDate: '2026-11-20T08:00:00.000Z'",
    '',
  ].join('\n');
}

/** The district's update server: the feed's root offers 1.2.0 (both the Windows and the Linux file). */
async function startFeed(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/duty-desk/latest.yml' || req.url === '/duty-desk/latest-linux.yml') {
      res.writeHead(200, { 'Content-Type': 'text/yaml' }).end(latestYml('1.2.0'));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/duty-desk/`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test('the admin backs up, stages a restore, sets the update feed and checks for updates', async ({ page, desk }, testInfo) => {
  // The longest e2e (backup, staged restore, update feed): 1 min alone, 4.2 min beside a second suite; a safety net, not a timing.
  test.setTimeout(480_000);
  const feed = await startFeed();
  try {
    // An open alarm (a new serious event) is what holds an install back.
    await desk.report({ title: '青溪村山林起火', categoryCode: 'SAFE-001', level: 'serious', gridCode: 'G01' });

    await signIn(page, desk, 'admin');
    await page.getByTestId('tab-settings').click();
    await expect(page.getByTestId('settings-page')).toBeVisible();
    await expect(page.getByTestId('settings-page').locator('.page-title')).toHaveText('系统设置');
    // This start's safety checks: a new database, and what rotation keeps.
    await expect(page.getByTestId('settings-startup-integrity')).toHaveAttribute('data-integrity', 'fresh');
    await expect(page.getByTestId('settings-retention')).toContainText('交接班 14 份');

    // ---- backups ----
    const rows = page.getByTestId('settings-backup-row');
    await expect(rows).toHaveCount(0);
    await page.getByTestId('settings-backup-now').click();
    await expect(rows).toHaveCount(1);
    const [backup] = await desk.core.backups.list();
    expect(backup?.kind).toBe('manual');
    const row = rows.first();
    await expect(row).toHaveAttribute('data-name', backup!.name);
    await expect(row).toContainText('手动');
    await expect(row).toContainText('已校验');
    // Beijing time: the manual clock stands at 09:00 in Beijing (01:00 UTC), whatever the browser's zone.
    await expect(row).toContainText('09:00');

    // ---- restore: staged for the next start, after a confirmation that says what that means ----
    await row.getByTestId('settings-restore').click();
    const confirm = page.getByTestId('settings-restore-confirm');
    await expect(confirm).toBeVisible();
    await expect(confirm).toContainText('下次启动');
    await expect(confirm).toContainText('set-aside');
    await expect(confirm).toContainText('之后录入的一切');
    await expect(confirm).toContainText('本值班台未配置与区中心同步');
    await page.getByTestId('settings-restore-ok').click();
    const staged = page.getByTestId('settings-restore-staged');
    await expect(staged).toBeVisible();
    await expect(staged).toContainText(backup!.name);
    expect((await desk.core.backups.overview()).pendingRestore).toBe(backup!.name);

    // ---- update settings: a bad address is refused with the reason, and nothing changes ----
    const url = page.getByTestId('settings-update-url');
    const error = page.getByTestId('settings-update-error');
    await url.fill('ftp://10.12.0.5/duty-desk/');
    await page.getByTestId('settings-update-save').click();
    await expect(error).toContainText('更新服务器地址无效');
    // In the console's words only: no server sentence in English appended.
    await expect(error).toHaveText('更新服务器地址无效：必须是 https:// 开头的地址（http:// 仅限本机地址），且不能包含用户名、密码、查询参数或 # 片段。设置未更改。');
    expect(await desk.core.updates.settings()).toEqual({ feedUrl: null, pinnedVersion: null, checkEveryHours: 4, publisherNames: [] });
    await expect(page.getByTestId('settings-update-feed')).toContainText('未设置');

    // A good one, checked every 6 hours, with the publisher a Windows update must be signed by.
    await url.fill(feed.url);
    await page.getByTestId('settings-update-every').fill('6');
    await page.getByTestId('settings-update-publishers-input').fill('云岭区社会治理中心');
    await page.getByTestId('settings-update-save').click();
    await expect(error).toBeHidden();
    await expect(page.getByTestId('settings-update-feed')).toHaveText(feed.url);
    await expect(page.getByTestId('settings-update-publishers')).toHaveText('Windows 签名发布者：云岭区社会治理中心');
    expect(await desk.core.updates.settings()).toEqual({ feedUrl: feed.url, pinnedVersion: null, checkEveryHours: 6, publisherNames: ['云岭区社会治理中心'] });

    // A pinned version that is not a version: refused, the settings in force stay as they were.
    await page.getByTestId('settings-update-pin').fill('latest');
    await page.getByTestId('settings-update-save').click();
    await expect(error).toContainText('固定版本无效');
    expect(await desk.core.updates.settings()).toEqual({ feedUrl: feed.url, pinnedVersion: null, checkEveryHours: 6, publisherNames: ['云岭区社会治理中心'] });
    await expect(page.getByTestId('settings-update-pinned')).toHaveText('不固定（取最新）');
    // Editing the field again clears the refusal.
    await page.getByTestId('settings-update-pin').fill('');
    await expect(error).toBeHidden();

    // 999 hours is out of range: said beside the field, refused on saving, never saved as 168.
    const every = page.getByTestId('settings-update-every');
    await every.fill('999');
    await expect(page.getByText('须为 1 到 168 之间的整数（小时）')).toBeVisible();
    await page.getByTestId('settings-update-save').click();
    await expect(error).toHaveText(/检查间隔无效：必须是 1 到 168 之间的整数小时。设置未更改。/);
    await expect(every).toHaveValue('999');
    expect((await desk.core.updates.settings()).checkEveryHours).toBe(6);
    await every.fill('6');
    await expect(error).toBeHidden();

    // ---- check for updates: the feed offers 1.2.0, newer than this build ----
    await expect(page.getByTestId('settings-update-current')).toHaveText(desk.core.appVersion);
    await page.getByTestId('settings-update-check').click();
    await expect(page.getByTestId('settings-update-offered')).toHaveText('1.2.0');
    await expect(page.getByTestId('settings-update-choice')).toHaveText('将更新到 1.2.0');
    expect(feed.requests).toContain('/duty-desk/latest-linux.yml');
    // What holds an install back now: the open alarm.
    await expect(page.getByTestId('settings-update-blockers')).toContainText('有未确认的告警');

    await page.setViewportSize({ width: 1600, height: 1400 });
    await page.getByTestId('settings-page').evaluate((el) => el.scrollTo(0, 0));
    await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 30_000 });
    await stillPicture(page);
    await page.screenshot({ path: path.join(OUT, 'settings.png') });
    await page.setViewportSize({ width: 1600, height: 1000 });

    // The same page in English.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByTestId('settings-backups')).toContainText('Backups and restore');
    await expect(page.getByTestId('settings-update-choice')).toHaveText('will update to 1.2.0');
    // For a look at the English page (a test artifact, not a doc): the header's English tabs are wider.
    await page.setViewportSize({ width: 1600, height: 1400 });
    await page.evaluate(() => document.querySelectorAll('*').forEach((e) => e.scrollLeft && (e.scrollLeft = 0)));
    await page.screenshot({ path: testInfo.outputPath('settings-en.png') });

    // A feed that cannot be read: said in Chinese, with what to do; the server's words only as detail.
    await page.getByRole('button', { name: '中文' }).click();
    await url.fill(`${feed.url}missing/`);
    await page.getByTestId('settings-update-save').click();
    await expect(error).toBeHidden();
    await page.getByTestId('settings-update-check').click();
    const lastError = page.getByTestId('settings-update-last-error');
    await expect(lastError).toContainText('读取更新服务器失败：请检查地址和网络后再点“检查更新”。');
    await expect(lastError).toContainText('详情：');
  } finally {
    await feed.close();
  }
});
