/**
 * 上级联网 (administrators): the district sync service's address, the town's code and the token; 测试连接
 * says in Chinese what is wrong; 保存 starts (or restarts) sync at once; 停止同步并清除 stops it. The
 * token is typed, sent once and never shown again (the core keeps it apart from the database).
 */
import { ApiOutlined, DisconnectOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ApiError, LinkTestResult, LinkView } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { fill } from '../../locales';
import { useLinkMessages } from './link-locales';

const loadLink = () => api.link.status({});

interface Draft {
  upstream: string;
  townCode: string;
  token: string;
}

export function LinkSection() {
  const l = useLinkMessages();
  const desk = useDesk();
  const { message, modal } = AntApp.useApp();
  const [view, setView] = useState<LinkView | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState<'test' | 'save' | 'remove' | null>(null);
  const [tested, setTested] = useState<LinkTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  useFeedLoad(loadLink, {
    apply: (r) => {
      if (!r.ok) return desk.report(r.error);
      setView(r.data);
      // The form starts from what is saved (the own town's code before anything is).
      setDraft((d) => d ?? { upstream: r.data.upstream ?? '', townCode: r.data.townCode ?? desk.session.townCode, token: '' });
    },
    feed: { sync: true },
  });

  const edit = (patch: Partial<Draft>): void => {
    setDraft((d) => (d ? { ...d, ...patch } : d));
    setTested(null);
    setError(null);
  };
  const request = (d: Draft) => ({ upstream: d.upstream.trim(), townCode: d.townCode.trim(), ...(d.token.trim() ? { token: d.token.trim() } : {}) });
  const refusal = (e: ApiError): string => {
    const field = typeof e.params?.field === 'string' ? e.params.field : '';
    if (e.code === 'invalid' && l.fieldErrors[field]) return l.fieldErrors[field];
    if (e.code === 'town_code_mismatch') return fill(l.townMismatch, { expected: String(e.params?.expected ?? '') });
    return desk.describe(e);
  };

  const test = async (): Promise<void> => {
    if (!draft) return;
    setBusy('test');
    setTested(null);
    setError(null);
    const r = await api.link.test(request(draft));
    setBusy(null);
    if (r.ok) setTested(r.data);
    else setError(refusal(r.error));
  };
  const save = async (): Promise<void> => {
    if (!draft) return;
    setBusy('save');
    setError(null);
    const r = await api.link.save(request(draft));
    setBusy(null);
    if (!r.ok) return setError(refusal(r.error));
    setView(r.data);
    setDraft({ upstream: r.data.upstream ?? '', townCode: r.data.townCode ?? '', token: '' });
    void message.success(l.saved);
  };
  const remove = async (): Promise<void> => {
    const confirmed = await modal.confirm({ title: l.removeConfirm, okText: l.remove, okButtonProps: { danger: true } });
    if (!confirmed) return;
    setBusy('remove');
    const r = await api.link.remove({});
    setBusy(null);
    if (!r.ok) return desk.report(r.error);
    setView(r.data);
    setTested(null);
    void message.success(l.removed);
  };

  return (
    <Card className="settings-card" title={l.title} data-testid="settings-link">
      <div className="muted settings-intro">{l.intro}</div>
      {view && (
        <Descriptions size="small" column={1} bordered className="settings-link-state" style={{ marginBottom: 16 }}>
          <Descriptions.Item label={l.state}>
            <span data-testid="link-state">
              {!view.configured ? <span className="muted">{l.notConfigured}</span> : view.running ? <Tag color="green">{l.running}</Tag> : <Tag>{l.notRunning}</Tag>}
            </span>
            {view.configured && (
              <span className="muted">
                {' '}
                {view.upstream} · {view.townCode}
              </span>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={l.nodeId}>
            <Typography.Text copyable className="num" data-testid="link-node-id">
              {view.nodeId}
            </Typography.Text>
            <span className="muted"> {l.nodeIdHint}</span>
          </Descriptions.Item>
          {view.tokenStored && <Descriptions.Item label={l.token}>{l.protection[view.protection]}</Descriptions.Item>}
        </Descriptions>
      )}
      {draft && (
        <Form layout="vertical" onFinish={() => void save()} className="settings-link-form" data-testid="link-form">
          <Form.Item label={l.upstream} extra={l.upstreamHint}>
            <Input
              value={draft.upstream}
              onChange={(e) => edit({ upstream: e.target.value })}
              placeholder={l.upstreamPlaceholder}
              maxLength={500}
              className="num"
              data-testid="link-upstream"
            />
          </Form.Item>
          <div className="settings-form-row">
            <Form.Item label={l.townCode} extra={l.townCodeHint}>
              <Input
                value={draft.townCode}
                onChange={(e) => edit({ townCode: e.target.value })}
                maxLength={12}
                className="num"
                style={{ width: 180 }}
                aria-label={l.townCode}
                data-testid="link-town-code"
              />
            </Form.Item>
            <Form.Item label={l.token} extra={l.tokenHint} className="settings-form-grow">
              <Input.Password
                value={draft.token}
                onChange={(e) => edit({ token: e.target.value })}
                placeholder={view?.tokenStored ? l.tokenPlaceholderKept : l.tokenPlaceholderNew}
                maxLength={512}
                autoComplete="off"
                data-testid="link-token"
              />
            </Form.Item>
          </div>
          {tested && (
            <Alert
              type={tested.ok ? 'success' : 'error'}
              showIcon
              className="settings-form-error"
              data-testid="link-test-result"
              data-fault={tested.ok ? 'ok' : tested.fault}
              title={tested.ok ? fill(l.testOk, { ms: Math.round(tested.ms) }) : l.faults[tested.fault]}
              description={tested.ok ? undefined : fill(l.detail, { detail: tested.detail })}
            />
          )}
          {error && <Alert type="error" showIcon title={error} className="settings-form-error" data-testid="link-error" />}
          <Space wrap>
            <Button icon={<ApiOutlined />} onClick={() => void test()} loading={busy === 'test'} data-testid="link-test">
              {busy === 'test' ? l.testing : l.test}
            </Button>
            <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={busy === 'save'} data-testid="link-save">
              {l.save}
            </Button>
            {view?.configured && (
              <Button danger icon={<DisconnectOutlined />} onClick={() => void remove()} loading={busy === 'remove'} data-testid="link-remove">
                {l.remove}
              </Button>
            )}
          </Space>
        </Form>
      )}
    </Card>
  );
}
