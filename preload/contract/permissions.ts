/**
 * Who may do what: the one table of roles per command, shared by main (which enforces it on every
 * call, main/core/auth/permissions.ts) and the renderer (which only shows or hides controls by it).
 * Board staff may act on a post only when they hold it (checked by the services, which know the posts).
 */
import type { Role } from './schemas';

export const PERMISSIONS = {
  read: ['officer', 'leader', 'board_staff', 'admin'],
  readWall: ['officer', 'leader', 'board_staff', 'admin', 'wall_viewer'],
  report: ['officer', 'leader', 'board_staff'],
  accept: ['officer', 'leader'],
  dispatch: ['officer', 'leader'],
  acknowledge: ['officer', 'leader', 'board_staff'],
  arrive: ['officer', 'leader', 'board_staff'],
  report_back: ['officer', 'leader', 'board_staff'],
  verify: ['officer', 'leader'],
  reject: ['officer', 'leader'],
  close: ['officer', 'leader'],
  requestReturn: ['officer', 'leader'],
  return: ['leader'],
  escalate: ['officer', 'leader'],
  invalid: ['officer', 'leader'],
  merge: ['officer', 'leader'],
  note: ['officer', 'leader', 'board_staff'],
  requestExtension: ['officer', 'leader', 'board_staff'],
  decideApproval: ['leader'],
  // issue #15: 重新定性; 挂账 asked by the handler (board staff: their own post's event), approved by the leader (decideApproval); 解除挂账
  reclassify: ['officer', 'leader'],
  requestHold: ['officer', 'leader', 'board_staff'],
  release: ['officer', 'leader'],
  // issue #16: 回访 (the call's result) and the reopen it may lead to
  followUp: ['officer', 'leader'],
  reopen: ['officer', 'leader'],
  // issue #15: 首报 / 续报 / 终报 to the district (serious and above); the first report's limits in 系统设置
  situationReport: ['officer', 'leader'],
  manageReportLimits: ['admin'],
  // 回访's sampling share of the events below serious: the list's default and 回访率's rule
  setFollowUpShare: ['leader', 'admin'],
  ackAlarm: ['officer', 'leader'],
  editCalendar: ['admin'],
  advanceClock: ['admin', 'officer', 'leader'],
  manageBackups: ['admin'],
  manageUpdates: ['admin'],
  reportEditing: ['officer', 'leader', 'board_staff', 'admin'],
  manageWall: ['officer', 'leader', 'admin'],
  wallNetwork: ['admin'],
  // 推送到大屏 (issue #18): a leader pins a camera to a wall screen from the desk, and takes it off
  pinCamera: ['leader'],
  // the 24-hour watch: rosters, absences, swaps, the duty log, the handover
  readRoster: ['officer', 'leader', 'board_staff', 'admin', 'wall_viewer'],
  editRoster: ['leader', 'admin'],
  editShiftTemplates: ['admin'],
  manageAbsences: ['leader', 'admin'],
  requestSwap: ['officer', 'leader', 'board_staff', 'admin'],
  decideSwap: ['leader'],
  writeDutyLog: ['officer', 'leader'],
  handover: ['officer', 'leader'],
  // contingency plans: the leader starts a real run (from a proposal or by hand); drills may be started by the desk
  readPlans: ['officer', 'leader', 'board_staff', 'admin'],
  editPlans: ['leader', 'admin'],
  startPlan: ['leader'],
  startDrill: ['officer', 'leader'],
  /** Acknowledge or complete a task: its holder (board staff: only their own) or the desk on their behalf. */
  planTask: ['officer', 'leader', 'board_staff'],
  skipTask: ['leader'],
  endPlan: ['leader'],
  dismissProposal: ['officer', 'leader'],
  // 同步问题: retry (重试) or ignore (忽略) an op set aside by sync
  resolveSyncProblem: ['leader', 'admin'],
  // 上级联网: the district's address, the town code and the token; 测试连接
  manageLink: ['admin'],
  // accounts: unlock a locked account, reset a password to a one-time one, the idle lock's time
  manageAccounts: ['admin'],
  // 本镇数据导入: the town's own spreadsheets (people, accounts, posts, grids, catalogue)
  importTown: ['admin'],
  // the town kept by hand (系统设置 → 人员 / 岗位 / 网格): people and their accounts, posts, grids
  manageTown: ['admin'],
  // 语音播报: the templates, screens, repeat and grouping (the administrator's); a logged mute (the desk's)
  manageVoice: ['admin'],
  muteVoice: ['officer', 'leader'],
  // 升级提醒: the chains and the centre director (the administrator's); 立即升级 an alarm (the desk's)
  manageEscalation: ['admin'],
  escalateAlarm: ['officer', 'leader'],
  // 值班日报 (issue #16): list, generate and download the daily, weekly and monthly duty reports
  dutyReports: ['officer', 'leader', 'admin'],
  // the audit log viewer: who did what, when
  readAudit: ['leader', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function allows(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}
