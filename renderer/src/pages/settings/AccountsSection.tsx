/**
 * Accounts and sign-in, for the administrator: the idle lock's time, and every account with its state
 * (locked until when, failures in a row, waiting for a new password); unlock a locked account, or
 * reset a password to a one-time one (shown here once; the person must replace it at the next
 * sign-in). Every change is a kernel command, audited; the list follows the `accounts` feed.
 */
import { KeyOutlined, UnlockOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Input, InputNumber, Space, Table, Tag, Typography, type ButtonProps } from 'antd';
import { useMemo, useState, type HTMLAttributes } from 'react';
import type { AccountSummary } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { formatDateTime, formatShort } from '../../lib/beijing-time';
import { fill, nameOf, useMessages } from '../../locales';
import '../../components/account/account.css';
import { useSettingsMessages } from './settings-locales';

const loadAccounts = () => api.accounts.list({});
const loadSettings = () => api.accounts.settings({});

export function AccountsSection() {
  const m = useMessages();
  const a = m.account.admin;
  const s = useSettingsMessages();
  const desk = useDesk();
  const { message, modal } = AntApp.useApp();
  const [accounts, setAccounts] = useState<AccountSummary[]>([]);
  const [idle, setIdle] = useState<number | null>(null);
  const [savedIdle, setSavedIdle] = useState<number | null>(null);
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState<string | null>(null);

  const reload = useFeedLoad(loadAccounts, { apply: (r) => (r.ok ? setAccounts(r.data) : desk.report(r.error)), feed: { accounts: true } });
  useFeedLoad(loadSettings, {
    apply: (r) => {
      if (!r.ok) return desk.report(r.error);
      setSavedIdle(r.data.idleLockMinutes);
      setIdle((current) => current ?? r.data.idleLockMinutes);
    },
    feed: { accounts: true },
  });

  // Typed, not clamped: a value outside 1–240 is said beside the field and refused, never changed quietly to the nearest allowed.
  const idleWrong = idle !== null && (!Number.isInteger(idle) || idle < 1 || idle > 240);
  const saveIdle = async (): Promise<void> => {
    if (idle === null) return;
    if (idleWrong) {
      void message.error(s.update.idleRange);
      return;
    }
    setBusy('idle');
    const r = await api.accounts.setSettings({ idleLockMinutes: idle });
    setBusy(null);
    if (!r.ok) return desk.report(r.error);
    setSavedIdle(r.data.idleLockMinutes);
    void message.success(fill(a.idleSaved, { minutes: r.data.idleLockMinutes }));
  };

  const unlock = async (account: AccountSummary): Promise<void> => {
    setBusy(`unlock:${account.id}`);
    const r = await api.accounts.unlock({ personId: account.id });
    setBusy(null);
    if (!r.ok) return desk.report(r.error);
    void message.success(fill(a.unlocked, { name: account.name }));
    reload();
  };

  const reset = async (account: AccountSummary): Promise<void> => {
    const okButtonProps: ButtonProps & { 'data-testid': string } = { danger: true, 'data-testid': 'account-reset-ok' };
    const confirmed = await modal.confirm({ title: fill(a.resetConfirm, { name: account.name }), okText: a.resetOk, cancelText: m.account.cancel, okButtonProps });
    if (!confirmed) return;
    setBusy(`reset:${account.id}`);
    const r = await api.accounts.resetPassword({ personId: account.id });
    setBusy(null);
    if (!r.ok) return desk.report(r.error);
    reload();
    const closeProps: ButtonProps & { 'data-testid': string } = { 'data-testid': 'account-one-time-close' };
    await modal.info({
      title: fill(a.resetTitle, { name: account.name }),
      okText: a.close,
      okButtonProps: closeProps,
      width: 480,
      content: (
        <div>
          <Typography.Paragraph copyable={{ text: r.data.oneTimePassword }} className="one-time-password" data-testid="account-one-time-password">
            {r.data.oneTimePassword}
          </Typography.Paragraph>
          <div className="muted">{a.resetShown}</div>
        </div>
      ),
    });
  };

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? accounts.filter((x) => x.name.includes(query.trim()) || x.username.toLowerCase().includes(q)) : accounts;
  }, [accounts, query]);

  return (
    <Card className="settings-card" title={a.title} data-testid="settings-accounts">
      <Space orientation="vertical" size={12} className="settings-stack">
        <div className="muted settings-intro">{a.intro}</div>
        <div className="accounts-idle">
          <span className="accounts-idle-label">{a.idle}</span>
          <InputNumber<number>
            value={idle}
            onChange={(v) => setIdle(v)}
            suffix={a.minutes}
            status={idleWrong ? 'error' : undefined}
            aria-label={a.idle}
            aria-invalid={idleWrong}
            style={{ width: 140 }}
            data-testid="accounts-idle-minutes"
          />
          <Button onClick={() => void saveIdle()} loading={busy === 'idle'} disabled={idle === null || idle === savedIdle} data-testid="accounts-idle-save">
            {a.saveIdle}
          </Button>
          {idleWrong ? (
            <span className="danger" role="alert" data-testid="accounts-idle-error">
              {s.update.idleRange}
            </span>
          ) : (
            <span className="muted">{a.idleHint}</span>
          )}
        </div>
        <Input.Search allowClear placeholder={a.search} value={query} onChange={(e) => setQuery(e.target.value)} style={{ maxWidth: 320 }} data-testid="accounts-search" />
        <Table<AccountSummary>
          size="small"
          rowKey="id"
          dataSource={shown}
          pagination={false}
          scroll={{ y: 440 }}
          data-testid="accounts-table"
          onRow={(x) => ({ 'data-testid': 'account-row', 'data-username': x.username, 'data-locked': x.lockedUntil ? 'true' : 'false' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'name', title: a.columns.name, width: 120, render: (_, x) => x.name },
            { key: 'username', title: a.columns.username, width: 140, render: (_, x) => <code className="settings-path">{x.username}</code> },
            { key: 'roles', title: a.columns.roles, width: 160, render: (_, x) => x.roles.map((r) => nameOf(m.roles, r)).join('、') },
            {
              key: 'state',
              title: a.columns.state,
              render: (_, x) => (
                <Space size={4} wrap data-testid="account-state">
                  {x.lockedUntil && <Tag color="red">{fill(a.stateLocked, { until: formatShort(x.lockedUntil) })}</Tag>}
                  {!x.lockedUntil && x.failedAttempts > 0 && <Tag color="orange">{fill(a.stateFailures, { count: x.failedAttempts })}</Tag>}
                  {x.mustChangePassword && <Tag color="blue">{a.stateMustChange}</Tag>}
                  {!x.lockedUntil && x.failedAttempts === 0 && !x.mustChangePassword && <Tag color="green">{a.stateOk}</Tag>}
                </Space>
              ),
            },
            {
              key: 'changedAt',
              title: a.columns.changedAt,
              width: 170,
              render: (_, x) => <span className="num">{x.passwordChangedAt ? formatDateTime(x.passwordChangedAt) : a.never}</span>,
            },
            {
              key: 'actions',
              title: a.columns.actions,
              width: 200,
              render: (_, x) => (
                <Space size={4}>
                  <Button
                    size="small"
                    icon={<UnlockOutlined />}
                    disabled={!x.lockedUntil && x.failedAttempts === 0}
                    loading={busy === `unlock:${x.id}`}
                    onClick={() => void unlock(x)}
                    data-testid="account-unlock"
                  >
                    {a.unlock}
                  </Button>
                  <Button size="small" icon={<KeyOutlined />} loading={busy === `reset:${x.id}`} onClick={() => void reset(x)} data-testid="account-reset">
                    {a.reset}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Space>
    </Card>
  );
}
