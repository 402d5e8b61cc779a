/**
 * The password change, for one's own password (the header's dialog) and for the forced change after
 * an administrator's reset (the one-time password is then the "old" one). The rule is shown as the
 * person types; a refusal is shown as a sentence.
 */
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import type { SessionInfo } from '../../../../preload/contract';
import { checkPassword } from '../../../../preload/contract';
import { api } from '../../api';
import { errorText, useMessages } from '../../locales';
import { PasswordRuleHint } from './PasswordRuleHint';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

export function PasswordChangeForm({
  username,
  oldLabel,
  submitLabel,
  onChanged,
  onCancel,
  cancelLabel,
}: {
  username?: string;
  oldLabel: string;
  submitLabel: string;
  onChanged(session: SessionInfo): void;
  onCancel?(): void;
  cancelLabel?: string;
}) {
  const m = useMessages();
  const a = m.account;
  const [form] = Form.useForm<Values>();
  const newPassword = Form.useWatch('newPassword', form) ?? '';
  const oldPassword = Form.useWatch('oldPassword', form) ?? '';
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: Values): Promise<void> => {
    setBusy(true);
    setError(null);
    const result = await api.session.changePassword({ oldPassword: values.oldPassword, newPassword: values.newPassword });
    setBusy(false);
    if (result.ok) onChanged(result.data);
    else setError(errorText(m, result.error));
  };

  return (
    <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)} data-testid="password-change-form">
      <Form.Item name="oldPassword" label={oldLabel} rules={[{ required: true, message: a.required }]}>
        <Input.Password autoComplete="current-password" autoFocus data-testid="password-old" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={a.newPassword}
        rules={[
          { required: true, message: a.required },
          { validator: async (_rule, value: string | undefined) => (checkPassword(value ?? '', { username }).ok ? undefined : Promise.reject(new Error(''))) },
        ]}
        extra={<PasswordRuleHint password={newPassword} username={username} oldPassword={oldPassword} />}
        help={null}
      >
        <Input.Password autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={a.confirmPassword}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: a.required },
          ({ getFieldValue }) => ({
            validator: async (_rule, value: string | undefined) => (!value || value === getFieldValue('newPassword') ? undefined : Promise.reject(new Error(a.mismatch))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-confirm" />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="password-change-error" />}
      <div className="password-change-actions">
        {onCancel && (
          <Button onClick={onCancel} data-testid="password-change-cancel">
            {cancelLabel ?? a.cancel}
          </Button>
        )}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="password-change-submit">
          {submitLabel}
        </Button>
      </div>
    </Form>
  );
}
