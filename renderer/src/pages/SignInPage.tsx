/**
 * Sign-in: username and password; a refusal is shown as a sentence, never as a code (with what to do:
 * the tries left before the lock, until when it is locked, how long this computer must wait). Editing
 * a field clears the last refusal.
 */
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import type { SessionInfo } from '../../../preload/contract';
import { api } from '../api';
import { errorText, useMessages } from '../locales';
import { BrandHeading } from '../components/account/BrandHeading';

interface Values {
  username: string;
  password: string;
}

export function SignInPage({ expired, onSignedIn }: { expired: boolean; onSignedIn: (session: SessionInfo) => void }) {
  const m = useMessages();
  const [error, setError] = useState<string | null>(expired ? m.signIn.expired : null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: Values): Promise<void> => {
    setBusy(true);
    setError(null);
    const result = await api.session.login({ username: values.username.trim(), password: values.password });
    setBusy(false);
    if (result.ok) onSignedIn(result.data);
    else setError(errorText(m, result.error));
  };

  return (
    <div className="signin-page">
      <Card className="signin-card" variant="borderless">
        <BrandHeading title={m.signIn.title} subtitle={m.app.subtitle} />
        <Form<Values> layout="vertical" size="large" onFinish={(v) => void submit(v)} onValuesChange={() => setError(null)} requiredMark={false}>
          <Form.Item name="username" label={m.signIn.username} rules={[{ required: true, message: m.signIn.required }]}>
            <Input prefix={<UserOutlined />} autoFocus autoComplete="username" data-testid="signin-username" />
          </Form.Item>
          <Form.Item name="password" label={m.signIn.password} rules={[{ required: true, message: m.signIn.required }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="signin-password" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="signin-error" />}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="signin-submit">
            {m.signIn.submit}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
