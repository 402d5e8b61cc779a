/**
 * The clock runs out: amber with a quarter left (the banner says 即将到期), then the row's clock turns
 * red and the alarm banner flashes until acknowledged.
 */
import { expect, row, signIn, test } from './fixtures';

test('an event past its accept limit alarms until acknowledged', async ({ page, desk, clock, core }) => {
  // 乱堆乱放, general: 10 minutes to accept.
  const eventId = await desk.report({ title: '溪口村村道旁建筑垃圾乱堆', categoryCode: 'CITY-001', level: 'general', gridCode: 'G18' });
  await signIn(page, desk);
  const sla = row(page, eventId).getByTestId('sla');
  await expect(sla).toHaveAttribute('data-sla', 'ok');
  await expect(sla).toContainText('受理');
  await expect(page.getByTestId('alarm-banner')).toBeHidden();

  clock.advance(8 * 60_000);
  await expect(sla).toHaveAttribute('data-sla', 'warn');
  // Amber on the queue is the 即将到期 alarm on the banner (the same quarter of the limit).
  const banner = page.getByTestId('alarm-banner');
  await expect(banner).toHaveAttribute('data-alarm-kind', 'due_soon');
  await expect(banner).toContainText('受理时限即将到期');
  await page.screenshot({ path: test.info().outputPath('due-soon-banner.png') });

  clock.advance(3 * 60_000);
  await expect(banner).toHaveAttribute('data-alarm-kind', 'overdue');
  await expect(banner).toContainText('溪口村村道旁建筑垃圾乱堆');
  await expect(banner).toContainText('受理时限已超时');
  await expect(sla).toHaveAttribute('data-sla', 'over');
  await expect(sla).toContainText('超');
  await expect(page.getByTestId('queue-overdue')).toHaveText('超时 1');

  await page.keyboard.press('a');
  await expect(banner).toBeHidden();
  // The overdue alarm replaced the 即将到期 one (settled by the system); the officer acknowledged it.
  const alarms = await core.alarms.list();
  expect(alarms).toHaveLength(2);
  expect(alarms[0]).toMatchObject({ kind: 'overdue', eventId, ackedBy: desk.actor('zhangwei').id });
  expect(alarms[1]).toMatchObject({ kind: 'due_soon', eventId, ackedBy: 'system' });
  // The clock stays red: acknowledging the alarm does not make the event any less late.
  await expect(sla).toHaveAttribute('data-sla', 'over');
});
