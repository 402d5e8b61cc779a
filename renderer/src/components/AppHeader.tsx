/** The header: centre, pages, Beijing time, connection state, who is signed in (their password, lock the screen), sign out. */
import { KeyOutlined, LockOutlined, LogoutOutlined } from '@ant-design/icons';
import { Badge, Button, Dropdown, Tag, Tooltip } from 'antd';
import { useState, type ReactNode } from 'react';
import { ChangePasswordDialog } from './account/ChangePasswordDialog';
import { useIdleLock } from './account/IdleLock';
import { useConnected } from '../context/Feed';
import { useDesk } from '../context/Desk';
import { useServerClock } from '../context/ServerClock';
import { beijingDate, formatClock } from '../lib/beijing-time';
import { nameOf, useMessages } from '../locales';
import { PageTabs } from './PageTabs';
import { SyncIndicator } from './SyncIndicator';
import { useWallMessages } from '../wall/wall-locales';
import { useAuditMessages } from '../pages/audit/audit-locales';
import { useHistoryMessages } from '../pages/history/history-locales';
import { useAlarmDeskMessages } from './alarm-desk/alarm-desk-locales';
import { useMyTasksMessages } from '../pages/my-tasks/my-tasks-locales';
import { useReportsMessages } from '../pages/reports/report-locales';
import { useAssessmentMessages } from '../pages/assessment/assessment-locales';

export type Page =
  | 'queue'
  | 'myTasks'
  | 'alarmDesk'
  | 'history'
  | 'approvals'
  | 'holds'
  | 'followUp'
  | 'roster'
  | 'onDuty'
  | 'dutyLog'
  | 'handover'
  | 'dutyReports'
  | 'assessment'
  | 'plans'
  | 'calendar'
  | 'wall'
  | 'audit'
  | 'settings';

export function AppHeader({
  page,
  onPage,
  pendingApprovals,
  myTasksWaiting = 0,
  onToggleLocale,
}: {
  page: Page;
  onPage(p: Page): void;
  pendingApprovals: number;
  /** 我的任务 still to acknowledge (the tab's count). */
  myTasksWaiting?: number;
  onToggleLocale(): void;
}) {
  const m = useMessages();
  const wallTitle = useWallMessages().editor.title;
  const auditTitle = useAuditMessages().tab;
  const historyTitle = useHistoryMessages().tab;
  const alarmDeskTitle = useAlarmDeskMessages().tab;
  const myTasksTitle = useMyTasksMessages().tab;
  const reportsTitle = useReportsMessages().tab;
  const assessmentTitle = useAssessmentMessages().tab;
  const desk = useDesk();
  const connected = useConnected();
  const { now, manual } = useServerClock();
  const person = desk.session.person;
  const idleLock = useIdleLock();
  const [changingPassword, setChangingPassword] = useState(false);
  const tabs: { value: Page; label: ReactNode }[] = [{ value: 'queue', label: <span data-testid="tab-queue">{m.header.tabs.queue}</span> }];
  // 我的任务: the signed-in person's own open tasks (board staff too), with the count still to acknowledge.
  if (desk.can('read'))
    tabs.push({
      value: 'myTasks',
      label: (
        <span data-testid="tab-my-tasks">
          {myTasksTitle}
          {myTasksWaiting > 0 && <span className="tab-count">{myTasksWaiting}</span>}
        </span>
      ),
    });
  // 告警台: the open alarms by urgency (确认, 立即升级, 静音) and who acknowledged what, how fast.
  if (desk.can('read')) tabs.push({ value: 'alarmDesk', label: <span data-testid="tab-alarm-desk">{alarmDeskTitle}</span> });
  // 历史事件: every event, closed ones too, by words and filters.
  if (desk.can('read')) tabs.push({ value: 'history', label: <span data-testid="tab-history">{historyTitle}</span> });
  if (desk.can('read'))
    tabs.push({
      value: 'approvals',
      label: (
        <span data-testid="tab-approvals">
          {m.header.tabs.approvals}
          {pendingApprovals > 0 && <span className="tab-count">{pendingApprovals}</span>}
        </span>
      ),
    });
  // 挂账: the held events, counted apart.
  if (desk.can('read')) tabs.push({ value: 'holds', label: <span data-testid="tab-holds">{m.header.tabs.holds}</span> });
  // 回访: the closed events to call back (the officer's and the leader's).
  if (desk.can('followUp')) tabs.push({ value: 'followUp', label: <span data-testid="tab-follow-up">{m.header.tabs.followUp}</span> });
  if (desk.can('read')) {
    // The 24-hour watch (docs/roster.md).
    tabs.push({ value: 'roster', label: <span data-testid="tab-roster">{m.header.tabs.roster}</span> });
    tabs.push({ value: 'onDuty', label: <span data-testid="tab-on-duty">{m.header.tabs.onDuty}</span> });
    tabs.push({ value: 'dutyLog', label: <span data-testid="tab-duty-log">{m.header.tabs.dutyLog}</span> });
    tabs.push({ value: 'handover', label: <span data-testid="tab-handover">{m.header.tabs.handover}</span> });
  }
  // 值班日报: each shift's report and the daily, weekly and monthly ones (officers, leaders, administrators).
  if (desk.can('dutyReports')) tabs.push({ value: 'dutyReports', label: <span data-testid="tab-duty-reports">{reportsTitle}</span> });
  // 考核评价: the assessment figures, rankings and the events behind them (anyone who reads the console).
  if (desk.can('read')) tabs.push({ value: 'assessment', label: <span data-testid="tab-assessment">{assessmentTitle}</span> });
  if (desk.can('readPlans')) tabs.push({ value: 'plans', label: <span data-testid="tab-plans">{m.header.tabs.plans}</span> });
  if (desk.can('editCalendar')) tabs.push({ value: 'calendar', label: m.header.tabs.calendar });
  if (desk.can('manageWall')) tabs.push({ value: 'wall', label: <span data-testid="tab-wall">{wallTitle}</span> });
  // Who did what (leaders and administrators): the audit log viewer.
  if (desk.can('readAudit')) tabs.push({ value: 'audit', label: <span data-testid="tab-audit">{auditTitle}</span> });
  if (desk.can('manageBackups')) tabs.push({ value: 'settings', label: <span data-testid="tab-settings">{m.header.tabs.settings}</span> });
  return (
    <header className="app-header" data-testid="app-header">
      <div className="brand">
        <div className="brand-mark small">值</div>
        <div className="brand-text">
          <div className="brand-centre" data-testid="centre-name" title={desk.session.centreName}>
            {desk.session.centreName}
          </div>
          <div className="brand-sub">{m.app.title}</div>
        </div>
      </div>
      <PageTabs<Page> tabs={tabs} page={page} onPage={onPage} />
      <div className="header-clock" data-testid="header-clock">
        <span className="clock-date num">{beijingDate(now)}</span>
        <span className="clock-time num">{formatClock(now)}</span>
        <span className="clock-zone">{m.header.beijing}</span>
        {manual && <Tag color="orange">{m.header.manualClock}</Tag>}
      </div>
      <SyncIndicator onOpenLinkSettings={desk.can('manageLink') ? () => onPage('settings') : undefined} />
      <span className={connected ? 'conn ok' : 'conn down'} data-testid="connection">
        <Badge status={connected ? 'success' : 'error'} />
        {connected ? m.header.connected : m.header.disconnected}
      </span>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'password', icon: <KeyOutlined />, label: <span data-testid="menu-change-password">{m.account.changePassword}</span>, onClick: () => setChangingPassword(true) },
            { key: 'lock', icon: <LockOutlined />, label: <span data-testid="menu-lock-screen">{m.header.lockScreen}</span>, onClick: () => idleLock.lockNow() },
          ],
        }}
      >
        <span className="who clickable" data-testid="signed-in-person" role="button" tabIndex={0}>
          <span className="who-name">{person.name}</span>
          <span className="who-role">{person.roles.map((r) => nameOf(m.roles, r)).join('、')}</span>
        </span>
      </Dropdown>
      {changingPassword && <ChangePasswordDialog onClose={() => setChangingPassword(false)} />}
      <Button type="text" className="header-btn" onClick={onToggleLocale}>
        {m.header.language}
      </Button>
      <Tooltip title={m.header.signOut}>
        <Button type="text" className="header-btn" icon={<LogoutOutlined />} onClick={() => desk.signOut()} data-testid="sign-out">
          {m.header.signOut}
        </Button>
      </Tooltip>
    </header>
  );
}
