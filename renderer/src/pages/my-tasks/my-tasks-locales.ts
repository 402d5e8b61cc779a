/**
 * Every string of 我的任务 (a person's own open tasks) and its notifications, in Simplified Chinese
 * (the default) and English (typed against the Chinese). Levels and states are the console's own (locales/).
 */
import { MESSAGES, useMessages } from '../../locales';

export const myTasksZhCN = {
  tab: '我的任务',
  title: '我的任务',
  intro: '派给你的事件、你承担的预案任务，以及升级给你的告警。在任何一台值班台登录，新任务都会弹出桌面通知。',
  none: '暂无待办任务',
  count: '共 {count} 项，待签收 {waiting} 项',
  columns: { task: '任务', post: '岗位', state: '状态', due: '时限（北京时间）', actions: '操作' },
  source: { event: '事件', plan: '预案' },
  drill: '演练',
  as: { A: 'A岗', B: 'B岗' },
  role: { lead: '牵头', cooperating: '协办' },
  state: { awaiting_ack: '待签收', in_progress: '处置中' },
  dueKind: { acknowledge: '签收', on_scene: '到场', resolve: '办结', complete: '完成' },
  dueBy: '{time} 前{clock}',
  overdue: '已超时',
  noDue: '—',
  escalated: '已升级给你：{to}',
  escalatedTitle: '{kind}，{time} 升级给你',
  target: { b: 'B岗', leader: '带班领导', director: '中心主任' },
  ack: '签收',
  acked: '已签收：{title}',
  open: '查看',
  openHint: '在事件队列中打开此事件',
  notify: {
    enable: '开启桌面通知',
    enabled: '桌面通知已开启',
    denied: '浏览器已拒绝桌面通知：请在地址栏左侧的网站设置中允许“通知”，然后刷新本页。',
    unsupported: '此浏览器不支持桌面通知',
    title: '值班台 · 新任务',
    escalatedTitle: '值班台 · 已升级给你',
    body: '{title}（{post}）{due}',
    bodyDue: '，请于 {time} 前{clock}',
    many: '你有 {count} 项新任务：{title} 等',
  },
};

export type MyTasksMessages = typeof myTasksZhCN;

export const myTasksEnUS: MyTasksMessages = {
  tab: 'My tasks',
  title: 'My tasks',
  intro: 'Events dispatched to you, plan tasks you hold, and alarms escalated to you. Signed in on any console, a new task raises a desktop notification.',
  none: 'No open tasks',
  count: '{count} in all, {waiting} to acknowledge',
  columns: { task: 'Task', post: 'Post', state: 'State', due: 'Due (Beijing time)', actions: 'Actions' },
  source: { event: 'Event', plan: 'Plan' },
  drill: 'Drill',
  as: { A: 'A holder', B: 'B holder' },
  role: { lead: 'Lead', cooperating: 'Cooperating' },
  state: { awaiting_ack: 'To acknowledge', in_progress: 'In progress' },
  dueKind: { acknowledge: 'acknowledge', on_scene: 'on scene', resolve: 'resolve', complete: 'complete' },
  dueBy: '{clock} by {time}',
  overdue: 'Overdue',
  noDue: '—',
  escalated: 'Escalated to you: {to}',
  escalatedTitle: '{kind}, escalated to you at {time}',
  target: { b: 'B holder', leader: 'duty leader', director: 'centre director' },
  ack: 'Acknowledge',
  acked: 'Acknowledged: {title}',
  open: 'Open',
  openHint: 'Open this event in the queue',
  notify: {
    enable: 'Turn on desktop notifications',
    enabled: 'Desktop notifications are on',
    denied: 'The browser blocked notifications: allow “Notifications” in the site settings next to the address bar, then reload.',
    unsupported: 'This browser cannot show desktop notifications',
    title: 'Duty Desk · new task',
    escalatedTitle: 'Duty Desk · escalated to you',
    body: '{title} ({post}){due}',
    bodyDue: ', {clock} by {time}',
    many: '{count} new tasks: {title} and more',
  },
};

export function useMyTasksMessages(): MyTasksMessages {
  return useMessages() === MESSAGES['en-US'] ? myTasksEnUS : myTasksZhCN;
}
