/**
 * 合并事件 in the browser (#15), on the sample town (not the demo): the dialog shows both events'
 * timelines side by side at 1366×768 and asks for a reason; Enter on × or 取消 only closes; a merge
 * across categories warns 两事件事项不同：A / B and asks to confirm; the core's refusals (the target
 * merged or closed by someone else meanwhile) are shown in Chinese and nothing closes. The reason is in
 * both events' timelines afterwards.
 * Screenshots: docs/screenshots/merge-dialog.png, merge-category-warning.png.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, row, signIn, stillPicture, test } from './fixtures';

const OUT = path.resolve(__dirname, '../../docs/screenshots');

async function openMerge(page: Page, eventId: string): Promise<void> {
  await row(page, eventId).dblclick();
  await expect(page.getByTestId('detail-state')).toHaveText('待受理');
  await page.getByTestId('action-merge').click();
  await expect(page.getByTestId('action-dialog')).toBeVisible();
}

async function chooseTarget(page: Page, title: string): Promise<void> {
  await page.getByTestId('action-merge-target').click();
  await page.keyboard.type(title);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: title }).first().click();
}

test('merge with a reason: both timelines shown first, Enter on × or 取消 only closes, the reason in both timelines', async ({ page, townDesk, guard }) => {
  guard.watch(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  const { town } = townDesk;
  const first = await townDesk.report({ title: '白鹭路路灯不亮', categoryCode: town.itemCode, level: 'general', gridCode: town.gridCode });
  const second = await townDesk.report({ title: '又有居民反映白鹭路路灯不亮', categoryCode: town.itemCode, level: 'general', gridCode: town.gridCode });
  await signIn(page, townDesk);
  await expect(row(page, second)).toContainText('疑似重复');

  await openMerge(page, second);
  const dialog = page.getByTestId('action-dialog');
  // The suggested target (the possible duplicate) is chosen; both timelines are on screen before confirming.
  await expect(dialog.getByTestId('merge-from')).toContainText('又有居民反映白鹭路路灯不亮');
  await expect(dialog.getByTestId('merge-into')).toContainText('白鹭路路灯不亮');
  await expect(dialog.getByTestId('merge-from').getByTestId('timeline-entry')).toHaveCount(1);
  await expect(dialog.getByTestId('merge-into').getByTestId('timeline-entry')).toHaveCount(1);
  await expect(dialog.getByTestId('merge-category-warning')).toHaveCount(0);
  // No reason: refused in the dialog, in Chinese.
  await page.getByTestId('action-ok').click();
  await expect(dialog).toContainText('请填写合并理由');

  // Enter on 取消 closes and merges nothing.
  await page.getByRole('dialog').getByRole('button', { name: '取消' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('detail-state')).toHaveText('待受理');
  // Enter on × too.
  await page.getByTestId('action-merge').click();
  await expect(dialog).toBeVisible();
  await page.getByTestId('action-text').fill('同一路段路灯，重复来电');
  await page.getByRole('dialog').getByRole('button', { name: '关闭', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('detail-state')).toHaveText('待受理');

  await page.getByTestId('action-merge').click();
  await expect(dialog.getByTestId('merge-into').getByTestId('timeline-entry')).toHaveCount(1);
  await page.getByTestId('action-text').fill('同一路段路灯，重复来电');
  await stillPicture(page);
  await page.screenshot({ path: path.join(OUT, 'merge-dialog.png') });
  // Every control is in view at 1366×768: the confirm button too.
  await expect(page.getByTestId('action-ok')).toBeInViewport();
  await page.getByTestId('action-ok').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('detail-state')).toHaveText('已合并');
  await expect(page.locator('[data-testid="timeline-entry"][data-action="merge"]')).toContainText('同一路段路灯，重复来电');

  await row(page, first).dblclick();
  await expect(page.getByTestId('detail-state')).toHaveText('待受理');
  await expect(page.locator('[data-testid="timeline-entry"][data-action="merged_from"]')).toContainText('同一路段路灯，重复来电');
});

test('a merge across categories warns 两事件事项不同 and asks to confirm', async ({ page, townDesk, guard }) => {
  guard.watch(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  const { town, core } = townDesk;
  const [a, b] = [town.itemCodes[0]!, town.itemCodes[1]!];
  const nameA = core.town.catalogue.get(a)!.name;
  const nameB = core.town.catalogue.get(b)!.name;
  const into = await townDesk.report({ title: '白鹭村村口有情况', categoryCode: a, level: 'general', gridCode: town.gridCode });
  const from = await townDesk.report({ title: '村口来电反映情况', categoryCode: b, level: 'general', gridCode: town.gridCode });
  await signIn(page, townDesk);
  await openMerge(page, from);
  await chooseTarget(page, '白鹭村村口有情况');
  const dialog = page.getByTestId('action-dialog');
  await expect(dialog.getByTestId('merge-category-warning')).toHaveText(`两事件事项不同：${nameB} / ${nameA}`);
  await page.getByTestId('action-text').fill('同一村口，来电所述为同一件事');
  await page.getByTestId('action-ok').click();
  await expect(dialog).toContainText('事项不同，请先勾选确认');
  await expect(page.getByTestId('detail-state')).toHaveText('待受理');
  await stillPicture(page);
  await page.screenshot({ path: path.join(OUT, 'merge-category-warning.png') });
  await dialog.getByTestId('merge-confirm-differs').check();
  await page.getByTestId('action-ok').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('detail-state')).toHaveText('已合并');
  expect((await core.events.detail(town.officer, into)).timeline.find((e) => e.action === 'merged_from')?.payload).toMatchObject({ reason: '同一村口，来电所述为同一件事' });
});

test('the refusals in Chinese: the target merged or closed by someone else meanwhile; nothing changes', async ({ page, townDesk, guard }) => {
  guard.watch(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  const { town, core } = townDesk;
  const keep = await townDesk.report({ title: '桥头垃圾堆放', categoryCode: town.itemCode, level: 'general', gridCode: town.gridCode });
  const gone = await townDesk.report({ title: '桥头垃圾又堆了', categoryCode: town.itemCode, level: 'general', gridCode: town.gridCode });
  const closed = await townDesk.report({ title: '桥下垃圾已清', categoryCode: town.itemCode, level: 'general', gridCode: town.gridCode });
  const mine = await townDesk.report({ title: '桥边垃圾有人反映', categoryCode: town.itemCode, level: 'general', gridCode: town.gridCode });
  await signIn(page, townDesk);
  await openMerge(page, mine);
  await chooseTarget(page, '桥头垃圾又堆了');
  await page.getByTestId('action-text').fill('同一桥头');
  const dialog = page.getByTestId('action-dialog');
  await expect(dialog.getByTestId('merge-into')).toContainText('桥头垃圾又堆了');

  // Another officer merges the target away while this dialog is open.
  await core.events.merge(town.officers[1]!, gone, keep, '同一桥头');
  await page.getByTestId('action-ok').click();
  await expect(page.getByTestId('action-error')).toHaveText('目标事件“桥头垃圾又堆了”已并入其他事件，不能再并入。请选择它所并入的那个事件。');
  await expect(dialog).toBeVisible();

  await chooseTarget(page, '桥下垃圾已清');
  await core.events.accept(town.officers[1]!, closed);
  await core.events.close(town.officers[1]!, closed, '已清运');
  await page.getByTestId('action-ok').click();
  await expect(page.getByTestId('action-error')).toHaveText('目标事件“桥下垃圾已清”已办结或已作废，不能并入。请选择一个仍在办理中的事件。');
  await page.getByRole('button', { name: '取消' }).click();
  await expect(dialog).toBeHidden();
  expect((await core.events.detail(town.officer, mine)).state).toBe('reported');
});
