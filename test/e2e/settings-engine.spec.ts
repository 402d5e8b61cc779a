/**
 * 系统设置 shows the database engine the console runs on (the SQLite the core checked at this start)
 * and the oldest it accepts, in Chinese.
 */
import { expect, signIn, test } from './fixtures';

test('the admin sees the SQLite version in force under 数据库引擎', async ({ page, desk }) => {
  const { version, minimum } = (await desk.core.backups.overview()).sqlite;
  expect(version).toBe('3.53.4');
  await signIn(page, desk, 'admin');
  await page.getByTestId('tab-settings').click();
  const engine = page.getByTestId('settings-engine');
  await expect(engine).toContainText('数据库引擎');
  await expect(engine.getByTestId('settings-sqlite-version')).toHaveText(version);
  await expect(engine).toContainText('最低要求');
  await expect(engine).toContainText(minimum);
  await expect(engine).toContainText('已通过启动检查');
});
