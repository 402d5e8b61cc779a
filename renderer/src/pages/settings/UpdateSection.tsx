/**
 * Updates for the admin: the district's update server (generic HTTP feed), a pinned version and
 * the check interval; a check now; and what the console knows — its version, what the server
 * offers, what the policy chose, what holds an install back, and when it will install. A refused
 * setting shows the server's reason and leaves the settings in force as they were.
 */
import { CloudSyncOutlined, RocketOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, InputNumber, Space, Tag } from 'antd';
import { useState, type ReactNode } from 'react';
import type { ApiError, DutyDeskApi, UpdateStatus } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { formatDateTime } from '../../lib/beijing-time';
import { useIntentIds } from '../../lib/command-id';
import { fill } from '../../locales';
import { updateRefusalText, useSettingsMessages, type SettingsMessages } from './settings-locales';

type InstallDecision = Extract<Awaited<ReturnType<DutyDeskApi['update']['install']>>, { ok: true }>['data'];

interface Draft {
  feedUrl: string;
  pinnedVersion: string;
  checkEveryHours: number | null;
  /** One publisher a line (Windows code signing). */
  publishers: string;
}

function draftOf(status: UpdateStatus): Draft {
  return {
    feedUrl: status.settings.feedUrl ?? '',
    pinnedVersion: status.settings.pinnedVersion ?? '',
    checkEveryHours: status.settings.checkEveryHours,
    publishers: status.settings.publisherNames.join('\n'),
  };
}

function choiceText(status: UpdateStatus, s: SettingsMessages): string {
  if (status.downloading) return fill(s.update.downloading, { version: status.downloading });
  if (status.downloaded) return fill(s.update.downloaded, { version: status.downloaded });
  const c = status.choice;
  if (!c) return s.update.never;
  if (c.take) return fill(c.downgrade ? s.update.takeDowngrade : s.update.take, { version: c.version });
  return s.update.choices[c.reason] ?? c.reason;
}

function decisionText(d: InstallDecision, s: SettingsMessages): string {
  if (d.install === 'no') return fill(s.update.decisions[d.reason] ?? d.reason, { blockers: d.blockedBy.map((b) => s.update.blockerNames[b] ?? b).join(s.listSep) });
  return fill(s.update.decisions[d.install] ?? d.install, { version: d.version });
}

const loadStatus = () => api.update.status({});

export function UpdateSection() {
  const s = useSettingsMessages();
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [draft, setDraft] = useState<Draft>({ feedUrl: '', pinnedVersion: '', checkEveryHours: 4, publishers: '' });
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [checking, setChecking] = useState(false);
  const [installing, setInstalling] = useState(false);
  const [decision, setDecision] = useState<InstallDecision | null>(null);
  // Saving these settings, and installing: one intent per click while it is on its way.
  const intents = useIntentIds();

  const load = useFeedLoad(loadStatus, {
    apply: (r) => {
      if (!r.ok) {
        desk.report(r.error);
        return;
      }
      // The form starts from the settings in force; later reads leave what is being typed.
      if (status === null) setDraft(draftOf(r.data));
      setStatus(r.data);
    },
    // An alarm opened or acknowledged changes what holds an install back.
    feed: { alarms: true },
    minGapMs: 500,
  });

  /** The core's refusal in the console's words: which field and what it must be (never the server's own sentence). */
  const refusal = (e: ApiError): string => updateRefusalText(e, s, desk.describe);
  // Typed, not clamped: a value out of range is said here and refused by the core, never changed quietly to the nearest allowed.
  const everyWrong = draft.checkEveryHours !== null && (!Number.isInteger(draft.checkEveryHours) || draft.checkEveryHours < 1 || draft.checkEveryHours > 168);

  const save = async (): Promise<void> => {
    setSaving(true);
    setError(null);
    const request = {
      feedUrl: draft.feedUrl.trim() || null,
      pinnedVersion: draft.pinnedVersion.trim() || null,
      checkEveryHours: draft.checkEveryHours ?? 0,
      publisherNames: draft.publishers
        .split('\n')
        .map((x) => x.trim())
        .filter((x) => x.length > 0),
    };
    const r = await intents.send(JSON.stringify(request), (commandId) => api.update.setSettings({ ...request, commandId }));
    setSaving(false);
    if (r.ok) {
      setStatus(r.data);
      setDraft(draftOf(r.data));
      setDecision(null);
      void message.success(s.update.saved);
    } else {
      setError(refusal(r.error));
      // What is in force now, whatever was typed: a refusal changed nothing.
      load();
    }
  };

  const check = async (): Promise<void> => {
    setChecking(true);
    const r = await api.update.check({});
    setChecking(false);
    if (r.ok) {
      setStatus(r.data);
      void message.info(s.update.checked);
    } else desk.report(r.error);
  };

  const install = async (): Promise<void> => {
    setInstalling(true);
    const r = await intents.send('install', (commandId) => api.update.install({ commandId }));
    setInstalling(false);
    if (r.ok) setDecision(r.data);
    else desk.report(r.error);
    load();
  };

  /** A change to the form: the refusal shown was about what was there before. */
  const edit = (change: Partial<Draft>): void => {
    setDraft((d) => ({ ...d, ...change }));
    setError(null);
  };

  const dirty = status !== null && JSON.stringify(draft) !== JSON.stringify(draftOf(status));
  const items: { key: string; label: string; children: ReactNode }[] = status
    ? [
        {
          key: 'current',
          label: s.update.current,
          children: (
            <span className="num settings-version" data-testid="settings-update-current">
              {status.currentVersion}
            </span>
          ),
        },
        {
          key: 'effective',
          label: s.update.effective,
          children: (
            <div className="settings-effective">
              <div data-testid="settings-update-feed">
                {status.settings.feedUrl ? <code className="settings-path">{status.settings.feedUrl}</code> : <span className="muted">{s.update.feedOff}</span>}
              </div>
              <div className="muted">
                {s.update.pinned}
                {s.colon}
                <span data-testid="settings-update-pinned">{status.settings.pinnedVersion ?? s.update.pinnedNone}</span> · {s.update.every}
                {s.colon}
                {fill(s.update.everyValue, { hours: status.settings.checkEveryHours })}
              </div>
              <div className="muted" data-testid="settings-update-publishers">
                {s.update.publishers}
                {s.colon}
                {status.settings.publisherNames.length > 0 ? status.settings.publisherNames.join(s.listSep) : s.update.publishersNone}
              </div>
            </div>
          ),
        },
        { key: 'lastCheck', label: s.update.lastCheck, children: <span className="num">{status.lastCheckAt ? formatDateTime(status.lastCheckAt, true) : s.update.never}</span> },
        {
          key: 'nextCheck',
          label: s.update.nextCheck,
          children: status.nextCheckAt ? (
            <span className="num">{formatDateTime(status.nextCheckAt, true)}</span>
          ) : (
            <span className="muted">{status.settings.feedUrl ? s.update.notScheduled : s.update.feedOff}</span>
          ),
        },
        {
          key: 'offered',
          label: s.update.offered,
          children: status.offered ? (
            <Space size={8}>
              <Tag color="blue" className="num settings-version" data-testid="settings-update-offered">
                {status.offered.version}
              </Tag>
              {status.offered.releaseDate && <span className="muted">{fill(s.update.released, { time: formatDateTime(status.offered.releaseDate) })}</span>}
            </Space>
          ) : (
            <span className="muted">{s.update.offeredNone}</span>
          ),
        },
        { key: 'choice', label: s.update.choice, children: <span data-testid="settings-update-choice">{choiceText(status, s)}</span> },
        { key: 'canInstall', label: s.update.canInstall, children: status.canInstall ? s.update.installHere : <span className="muted">{s.update.reportOnly}</span> },
        {
          key: 'blockers',
          label: s.update.blockers,
          children: (
            <span data-testid="settings-update-blockers">
              {status.blockedBy.length === 0 ? (
                <span className="muted">{s.update.blockerNone}</span>
              ) : (
                status.blockedBy.map((b) => (
                  <Tag key={b} color="orange">
                    {s.update.blockerNames[b] ?? b}
                  </Tag>
                ))
              )}
            </span>
          ),
        },
        {
          key: 'when',
          label: s.update.when,
          children: status.downloaded ? (
            status.blockedBy.length > 0 ? (
              `${s.update.whenHandover}${s.clauseSep}${s.update.whenBlocked}`
            ) : (
              s.update.whenHandover
            )
          ) : (
            <span className="muted">{s.update.whenNothing}</span>
          ),
        },
      ]
    : [];
  if (status?.lastError)
    items.splice(4, 0, {
      key: 'lastError',
      label: s.update.lastError,
      children: (
        <div data-testid="settings-update-last-error">
          <div className="settings-error-text">{s.update.errorKinds[status.lastErrorKind ?? 'feed']}</div>
          <div className="muted">{fill(s.update.errorDetail, { detail: status.lastError })}</div>
        </div>
      ),
    });

  return (
    <Card
      className="settings-card"
      title={s.update.title}
      data-testid="settings-updates"
      extra={
        <Space>
          {status?.canInstall && status.downloaded && (
            <Button icon={<RocketOutlined />} loading={installing} onClick={() => void install()} data-testid="settings-update-install">
              {s.update.install}
            </Button>
          )}
          <Button type="primary" icon={<CloudSyncOutlined />} loading={checking} onClick={() => void check()} data-testid="settings-update-check">
            {s.update.check}
          </Button>
        </Space>
      }
    >
      <div className="muted settings-intro">{s.update.intro}</div>
      <div className="settings-update-grid">
        <Form layout="vertical" onFinish={() => void save()} className="settings-update-form" data-testid="settings-update-form">
          <h4 className="settings-subtitle">{s.update.form}</h4>
          <Form.Item label={s.update.feedUrl} extra={s.update.feedUrlHint}>
            <Input
              value={draft.feedUrl}
              onChange={(e) => edit({ feedUrl: e.target.value })}
              placeholder={s.update.feedUrlPlaceholder}
              maxLength={500}
              className="num"
              data-testid="settings-update-url"
            />
          </Form.Item>
          <div className="settings-form-row">
            <Form.Item label={s.update.pinned} extra={s.update.pinnedHint} className="settings-form-grow">
              <Input
                value={draft.pinnedVersion}
                onChange={(e) => edit({ pinnedVersion: e.target.value })}
                placeholder={s.update.pinnedPlaceholder}
                maxLength={64}
                className="num"
                data-testid="settings-update-pin"
              />
            </Form.Item>
            <Form.Item label={s.update.every} validateStatus={everyWrong ? 'error' : undefined} help={everyWrong ? s.update.everyRange : undefined}>
              <InputNumber
                value={draft.checkEveryHours}
                onChange={(v) => edit({ checkEveryHours: v })}
                suffix={s.update.hours}
                style={{ width: 140 }}
                aria-label={s.update.every}
                data-testid="settings-update-every"
              />
            </Form.Item>
          </div>
          <Form.Item label={s.update.publishers} extra={s.update.publishersHint}>
            <Input.TextArea
              value={draft.publishers}
              onChange={(e) => edit({ publishers: e.target.value })}
              placeholder={s.update.publishersPlaceholder}
              autoSize={{ minRows: 1, maxRows: 5 }}
              maxLength={1100}
              data-testid="settings-update-publishers-input"
            />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} className="settings-form-error" data-testid="settings-update-error" />}
          <Space>
            <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving} disabled={!dirty} data-testid="settings-update-save">
              {s.update.save}
            </Button>
            <Button
              disabled={!dirty}
              onClick={() => {
                if (status) setDraft(draftOf(status));
                setError(null);
              }}
            >
              {s.update.reset}
            </Button>
          </Space>
        </Form>
        <div className="settings-update-status">
          <h4 className="settings-subtitle">{s.update.status}</h4>
          <Descriptions size="small" column={1} bordered items={items} className="settings-facts" data-testid="settings-update-status" />
          {decision && (
            <Alert
              type={decision.install === 'no' ? 'warning' : 'success'}
              showIcon
              title={`${s.update.decision}${s.colon}${decisionText(decision, s)}`}
              className="settings-form-error"
              data-testid="settings-update-decision"
            />
          )}
        </div>
      </div>
    </Card>
  );
}
