/**
 * Backups and restore for the admin: what this start's safety checks found, the backups with their
 * reason, Beijing time, size and integrity, a backup now, and a restore that is staged for the
 * next start after a confirmation that says what that means for work done since (and for changes
 * not yet sent to the district).
 */
import { CheckCircleOutlined, CloudDownloadOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Descriptions, Space, Table, Tag, Tooltip, type ButtonProps } from 'antd';
import { useState, type HTMLAttributes, type ReactNode } from 'react';
import type { BackupEntry, BackupOverview } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { formatDateTime } from '../../lib/beijing-time';
import { useIntentIds } from '../../lib/command-id';
import { fill } from '../../locales';
import { useSettingsMessages, type SettingsMessages } from './settings-locales';

const KIND_COLORS: Record<string, string> = { scheduled: 'blue', manual: 'geekblue', handover: 'green', 'pre-migration': 'purple', 'pre-restore': 'orange' };

/** `1536` → `1.5 KB`; binary units, one decimal below 10. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 || value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

function StartupReportView({ overview, s }: { overview: BackupOverview; s: SettingsMessages }) {
  const r = overview.startup;
  if (!r) return <div className="muted">{s.startup.none}</div>;
  const items: { key: string; label: string; children: ReactNode }[] = [
    { key: 'checkedAt', label: s.startup.checkedAt, children: <span className="num">{formatDateTime(r.checkedAt, true)}</span> },
    {
      key: 'integrity',
      label: s.startup.integrity,
      children: (
        <Space size={6} data-testid="settings-startup-integrity" data-integrity={r.integrity}>
          <Tag color={r.integrity === 'ok' ? 'green' : r.integrity === 'failed' ? 'red' : 'default'}>{s.startup.integrityValues[r.integrity] ?? r.integrity}</Tag>
          {r.integrity !== 'fresh' && <span className="muted num">{fill(s.startup.took, { ms: Math.round(r.integrityMs) })}</span>}
        </Space>
      ),
    },
  ];
  if (r.schemaVersion !== null) items.push({ key: 'schema', label: s.startup.schema, children: <span className="num">{r.schemaVersion}</span> });
  if (r.problems.length > 0)
    items.push({ key: 'problems', label: s.startup.problems, children: <span className="settings-problems">{r.problems.slice(0, 5).join(s.clauseSep)}</span> });
  if (r.setAside) items.push({ key: 'setAside', label: s.startup.setAside, children: <code className="settings-path">{r.setAside}</code> });
  if (r.restoredFrom) {
    items.push({
      key: 'restoredFrom',
      label: s.startup.restoredFrom,
      children: (
        <span>
          <code className="settings-path">{r.restoredFrom}</code>
          {r.restoreReason && <span className="muted">{fill(s.paren, { text: s.startup.restoreReasons[r.restoreReason] ?? r.restoreReason })}</span>}
        </span>
      ),
    });
  }
  if (r.restoreError) items.push({ key: 'restoreError', label: s.startup.restoreError, children: r.restoreError });
  if (r.preMigrationBackup) items.push({ key: 'preMigration', label: s.startup.preMigration, children: <code className="settings-path">{r.preMigrationBackup}</code> });
  return <Descriptions size="small" column={2} bordered items={items} data-testid="settings-startup" className="settings-facts" />;
}

/** The alerts this start deserves: a damaged database set aside, a restore carried out or refused. */
function startupAlerts(overview: BackupOverview, s: SettingsMessages): ReactNode[] {
  const r = overview.startup;
  if (!r) return [];
  const out: ReactNode[] = [];
  if (r.integrity === 'failed' || r.restoreReason === 'corrupt') {
    const what = r.restoredFrom ? fill(s.startup.corruptRestored, { name: r.restoredFrom }) : s.startup.corruptFresh;
    out.push(<Alert key="corrupt" type="error" showIcon title={fill(s.startup.corruptAlert, { what })} data-testid="settings-startup-corrupt" />);
  } else if (r.restoredFrom && r.restoreReason === 'requested') {
    out.push(<Alert key="restored" type="success" showIcon title={fill(s.startup.restoredAlert, { name: r.restoredFrom, setAside: r.setAside ?? '—' })} />);
  }
  if (r.restoreError) out.push(<Alert key="restoreError" type="warning" showIcon title={fill(s.startup.restoreErrorAlert, { reason: r.restoreError })} />);
  return out;
}

const loadBackups = () => api.backup.list({});

export function BackupSection() {
  const s = useSettingsMessages();
  const desk = useDesk();
  const { message, modal } = AntApp.useApp();
  const [overview, setOverview] = useState<BackupOverview | null>(null);
  const [creating, setCreating] = useState(false);
  const [restoring, setRestoring] = useState<string | null>(null);
  // 立即备份 and each staged restore: one intent per click while it is on its way.
  const intents = useIntentIds();

  const load = useFeedLoad(loadBackups, {
    apply: (r) => (r.ok ? setOverview(r.data) : desk.report(r.error)),
  });

  const createNow = async (): Promise<void> => {
    setCreating(true);
    const r = await intents.send('create', (commandId) => api.backup.create({ commandId }));
    setCreating(false);
    if (r.ok) void message.success(fill(s.backup.created, { name: r.data.name }));
    else void message.error(fill(s.backup.createFailed, { reason: desk.describe(r.error) }));
    load();
  };

  const stageRestore = async (entry: BackupEntry): Promise<void> => {
    // What the restore means for changes the district has not seen yet: read now, not from the page's state.
    const sync = await api.sync.status({});
    const time = formatDateTime(entry.createdAt, true);
    const syncLine = !sync.ok || !sync.data.configured ? s.restoreConfirm.syncOff : sync.data.pending > 0 ? fill(s.restoreConfirm.syncPending, { count: sync.data.pending }) : null;
    const okButtonProps: ButtonProps & { 'data-testid': string } = { danger: true, 'data-testid': 'settings-restore-ok' };
    const confirmed = await modal.confirm({
      title: fill(s.restoreConfirm.title, { time }),
      width: 620,
      okText: s.restoreConfirm.ok,
      cancelText: s.restoreConfirm.cancel,
      okButtonProps,
      content: (
        <div className="settings-restore-confirm" data-testid="settings-restore-confirm">
          <p>
            <code className="settings-path">{entry.name}</code>
          </p>
          <p>{s.restoreConfirm.staged}</p>
          <p>{s.restoreConfirm.keep}</p>
          <p className="settings-warning">{fill(s.restoreConfirm.lost, { time })}</p>
          {syncLine && <p>{syncLine}</p>}
          {sync.ok && sync.data.configured && <p>{s.restoreConfirm.syncSent}</p>}
        </div>
      ),
    });
    if (!confirmed) return;
    setRestoring(entry.name);
    const r = await intents.send(`restore:${entry.name}`, (commandId) => api.backup.restore({ name: entry.name, commandId }));
    setRestoring(null);
    if (r.ok) void message.success(r.data.restarting ? s.restoreConfirm.restarting : s.restoreConfirm.stagedDone);
    else void message.error(fill(s.restoreConfirm.failed, { reason: desk.describe(r.error) }));
    load();
  };

  const backups = overview?.backups ?? [];
  const total = backups.reduce((sum, b) => sum + b.bytes, 0);
  const pending = overview?.pendingRestore ? backups.find((b) => b.name === overview.pendingRestore) : undefined;
  const keep = overview?.retention.keep;

  return (
    <Card
      className="settings-card"
      title={s.backup.title}
      data-testid="settings-backups"
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={load}>
            {s.refresh}
          </Button>
          <Button type="primary" icon={<SaveOutlined />} loading={creating} onClick={() => void createNow()} data-testid="settings-backup-now">
            {s.backup.createNow}
          </Button>
        </Space>
      }
    >
      {overview && (
        <Space orientation="vertical" size={12} className="settings-stack">
          {startupAlerts(overview, s)}
          {overview.pendingRestore && (
            <Alert
              type="warning"
              showIcon
              data-testid="settings-restore-staged"
              title={fill(s.backup.pending, { name: overview.pendingRestore, time: pending ? formatDateTime(pending.createdAt, true) : '—' })}
              description={s.backup.pendingHint}
            />
          )}
          {overview.lastError && <Alert type="error" showIcon title={fill(s.backup.lastError, { reason: overview.lastError })} />}
          <div className="muted settings-intro">{fill(s.backup.intro, { hours: overview.intervalHours })}</div>
          <Descriptions
            size="small"
            column={1}
            className="settings-facts"
            items={[
              { key: 'dir', label: s.backup.dir, children: <code className="settings-path">{overview.dir}</code> },
              { key: 'interval', label: s.backup.interval, children: fill(s.backup.intervalValue, { hours: overview.intervalHours }) },
              {
                key: 'retention',
                label: s.backup.retention,
                children: keep && (
                  <span data-testid="settings-retention">
                    {fill(s.backup.retentionValue, {
                      scheduled: keep.scheduled,
                      handover: keep.handover,
                      manual: keep.manual,
                      preMigration: keep['pre-migration'],
                      preRestore: keep['pre-restore'],
                      days: overview.retention.dailyDays,
                    })}
                    {overview.retention.maxTotalBytes !== null && fill(s.backup.retentionBudget, { size: formatBytes(overview.retention.maxTotalBytes) })}
                  </span>
                ),
              },
            ]}
          />
          <div>
            <h4 className="settings-subtitle">{s.startup.title}</h4>
            <StartupReportView overview={overview} s={s} />
          </div>
          <Table<BackupEntry>
            size="small"
            rowKey="name"
            dataSource={backups as BackupEntry[]}
            pagination={backups.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
            locale={{ emptyText: s.backup.none }}
            data-testid="settings-backup-table"
            onRow={(b) => ({ 'data-testid': 'settings-backup-row', 'data-name': b.name, 'data-kind': b.kind }) as HTMLAttributes<HTMLElement>}
            footer={backups.length > 0 ? () => <span className="muted">{fill(s.backup.count, { count: backups.length, size: formatBytes(total) })}</span> : undefined}
            columns={[
              { key: 'time', title: s.backup.columns.time, width: 190, render: (_, b) => <span className="num">{formatDateTime(b.createdAt, true)}</span> },
              { key: 'kind', title: s.backup.columns.kind, width: 110, render: (_, b) => <Tag color={KIND_COLORS[b.kind]}>{s.backup.kinds[b.kind] ?? b.kind}</Tag> },
              { key: 'size', title: s.backup.columns.size, width: 100, align: 'right', render: (_, b) => <span className="num">{formatBytes(b.bytes)}</span> },
              {
                key: 'integrity',
                title: s.backup.columns.integrity,
                width: 100,
                render: () => (
                  <Tooltip title={s.backup.verifiedHint}>
                    <span className="settings-verified">
                      <CheckCircleOutlined /> {s.backup.verified}
                    </span>
                  </Tooltip>
                ),
              },
              { key: 'name', title: s.backup.columns.name, render: (_, b) => <code className="settings-path">{b.name}</code> },
              {
                key: 'action',
                title: s.backup.columns.action,
                width: 150,
                render: (_, b) => (
                  <Button
                    size="small"
                    icon={<CloudDownloadOutlined />}
                    loading={restoring === b.name}
                    disabled={overview.pendingRestore === b.name}
                    onClick={() => void stageRestore(b)}
                    data-testid="settings-restore"
                  >
                    {s.backup.restore}
                  </Button>
                ),
              },
            ]}
          />
        </Space>
      )}
    </Card>
  );
}
