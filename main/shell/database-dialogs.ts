/**
 * What the officer sees about the database file itself: the question when it failed its check at
 * start (restore the newest backup, start empty, or quit — the damaged file is already set aside),
 * and afterwards a notice of what was done. The decisions are in main/core/backup.
 */
import { dialog, type BrowserWindow } from 'electron';
import type { CorruptChoice, CorruptInfo, StartupReport } from '../core/backup/database-safety';
import { beijingDate } from '../core/beijing-time';

function when(iso: string): string {
  const d = new Date(iso);
  const hm = new Date(d.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
  return `${beijingDate(d)} ${hm}`;
}

export async function askAboutCorruptDatabase(info: CorruptInfo): Promise<CorruptChoice> {
  const newest = info.backups[0];
  const buttons = newest ? [`从最近的备份恢复（${when(newest.createdAt)}）`, '使用空数据库启动', '退出'] : ['使用空数据库启动', '退出'];
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: '值班台 — 数据库检查未通过',
    message: '值班台数据库未通过完整性检查。',
    detail:
      `损坏的数据库已原样移至：\n${info.setAside}\n（不会被覆盖或删除，可交技术人员检查）\n\n` +
      (newest ? `可以从最近的备份恢复：${newest.name}。备份之后的操作需要核对补录。` : '没有可用的备份。') +
      `\n\n检查结果：${info.problems.slice(0, 3).join('；')}`,
    buttons,
    defaultId: 0,
    cancelId: buttons.length - 1,
    noLink: true,
  });
  if (newest) return response === 0 ? { restore: newest.name } : response === 1 ? 'fresh' : 'abort';
  return response === 0 ? 'fresh' : 'abort';
}

/** After start: what the database checks did, if anything worth telling. */
export function showStartupNotice(window: BrowserWindow, report: StartupReport | null): void {
  if (!report) return;
  let message: string | null = null;
  let detail = '';
  if (report.integrity === 'failed') {
    message = report.restoredFrom ? '数据库损坏，已从备份恢复。' : '数据库损坏，已使用空数据库启动。';
    detail = `${report.restoredFrom ? `使用的备份：${report.restoredFrom}\n备份之后的操作请核对补录。\n` : ''}损坏的文件：${report.setAside ?? ''}`;
  } else if (report.restoreReason === 'requested' && report.restoredFrom) {
    message = `已从备份 ${report.restoredFrom} 恢复数据。`;
    detail = `恢复前的数据库已保留：${report.setAside ?? ''}`;
  } else if (report.restoreError) {
    message = '备份恢复未完成，数据库保持原样。';
    detail = report.restoreError;
  }
  if (message) void dialog.showMessageBox(window, { type: report.integrity === 'failed' || report.restoreError ? 'warning' : 'info', title: '值班台', message, detail });
}
