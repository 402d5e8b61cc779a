/**
 * The first start of a town's own console (an empty data folder, no `--demo`): the town's division code
 * and name, then its first administrator, then the import of the town's own spreadsheets. Nothing else
 * answers until the town exists (the door refuses: town_not_set_up). Keyboard: Enter goes on, every
 * field is reachable with Tab, 上一步 goes back.
 */
import { Alert, Button, Card, Form, Input, Steps } from 'antd';
import { useState, type ReactNode } from 'react';
import type { SessionInfo, SetupStatus } from '../../../preload/contract';
import { checkPassword } from '../../../preload/contract';
import { api } from '../api';
import { PasswordRuleHint } from '../components/account/PasswordRuleHint';
import { newCommandId } from '../lib/command-id';
import { errorText, fill, useMessages } from '../locales';
import { BrandHeading } from '../components/account/BrandHeading';

interface TownValues {
  townCode: string;
  townName: string;
  centreName?: string;
  districtName?: string;
}

interface AdminValues {
  name: string;
  username: string;
  password: string;
  confirm: string;
  phone?: string;
}

export function SetupPage({ status, onDone, importStep }: { status: SetupStatus; onDone(session: SessionInfo): void; importStep(props: { onApplied(): void }): ReactNode }) {
  const m = useMessages();
  const s = m.setup;
  const [step, setStep] = useState(0);
  const [town, setTown] = useState<TownValues | null>(null);
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // After the import the administrator stays here to hand out the one-time passwords it shows.
  const [imported, setImported] = useState(false);
  const [adminForm] = Form.useForm<AdminValues>();
  const password = Form.useWatch('password', adminForm) ?? '';
  const username = Form.useWatch('username', adminForm) ?? '';
  // One command id for this set-up: a second click (or a resent request) makes no second town.
  const [commandId] = useState(newCommandId);

  const create = async (admin: AdminValues): Promise<void> => {
    if (!town) return;
    setBusy(true);
    setError(null);
    const result = await api.setup.create({
      commandId,
      townCode: town.townCode.trim(),
      townName: town.townName.trim(),
      ...(town.centreName?.trim() ? { centreName: town.centreName.trim() } : {}),
      ...(town.districtName?.trim() ? { districtName: town.districtName.trim() } : {}),
      admin: { name: admin.name.trim(), username: admin.username.trim(), password: admin.password, ...(admin.phone?.trim() ? { phone: admin.phone.trim() } : {}) },
    });
    setBusy(false);
    if (!result.ok) {
      setError(errorText(m, result.error));
      return;
    }
    setSession(result.data);
    setStep(2);
  };

  return (
    <div className="signin-page setup-page" data-testid="setup-page">
      <Card className="signin-card setup-card" variant="borderless">
        <BrandHeading title={s.title} subtitle={s.subtitle} />
        <Steps size="small" current={step} items={[{ title: s.stepTown }, { title: s.stepAdmin }, { title: s.stepImport }]} style={{ marginBottom: 20 }} />
        {step === 0 && (
          <Form<TownValues>
            layout="vertical"
            requiredMark={false}
            initialValues={town ?? (status.districtTownCode ? { townCode: status.districtTownCode } : {})}
            onFinish={(values) => {
              setTown(values);
              setError(null);
              setStep(1);
            }}
          >
            <Form.Item
              name="townCode"
              label={s.townCode}
              extra={status.districtTownCode ? fill(s.townCodeFromDistrict, { code: status.districtTownCode }) : s.townCodeHint}
              rules={[
                { required: true, message: s.townCodeRequired },
                { pattern: /^\d{12}$/, message: s.townCodeFormat },
              ]}
            >
              <Input autoFocus inputMode="numeric" maxLength={12} data-testid="setup-town-code" />
            </Form.Item>
            <Form.Item name="townName" label={s.townName} rules={[{ required: true, min: 2, max: 40, message: s.townNameRequired }]}>
              <Input maxLength={40} data-testid="setup-town-name" />
            </Form.Item>
            <Form.Item name="centreName" label={s.centreName} extra={s.centreNameHint}>
              <Input maxLength={60} data-testid="setup-centre-name" />
            </Form.Item>
            <Form.Item name="districtName" label={s.districtName}>
              <Input maxLength={60} data-testid="setup-district-name" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block data-testid="setup-next">
              {s.next}
            </Button>
          </Form>
        )}
        {step === 1 && (
          <Form<AdminValues> form={adminForm} layout="vertical" requiredMark={false} onFinish={(v) => void create(v)} onValuesChange={() => setError(null)}>
            <Alert type="info" showIcon title={fill(s.adminIntro, { town: town?.townName ?? '' })} style={{ marginBottom: 12 }} />
            <Form.Item name="name" label={s.adminName} rules={[{ required: true, max: 40, message: s.adminNameRequired }]}>
              <Input autoFocus maxLength={40} data-testid="setup-admin-name" />
            </Form.Item>
            <Form.Item
              name="username"
              label={s.username}
              extra={s.usernameHint}
              rules={[
                { required: true, message: s.usernameRequired },
                { pattern: /^[A-Za-z][A-Za-z0-9_.-]{2,31}$/, message: s.usernameFormat },
              ]}
            >
              <Input maxLength={32} autoComplete="username" data-testid="setup-username" />
            </Form.Item>
            <Form.Item
              name="password"
              label={s.password}
              rules={[
                { required: true, message: m.account.required },
                { validator: async (_r, value: string) => (checkPassword(value ?? '', { username }).ok ? undefined : Promise.reject(new Error(s.passwordWeak))) },
              ]}
            >
              <Input.Password autoComplete="new-password" data-testid="setup-password" />
            </Form.Item>
            <PasswordRuleHint password={password} username={username} />
            <Form.Item
              name="confirm"
              label={m.account.confirmPassword}
              dependencies={['password']}
              rules={[
                { required: true, message: m.account.required },
                ({ getFieldValue }) => ({
                  validator: async (_r, value: string) => (value === getFieldValue('password') ? undefined : Promise.reject(new Error(m.account.mismatch))),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" data-testid="setup-confirm" />
            </Form.Item>
            <Form.Item name="phone" label={s.phone}>
              <Input maxLength={30} data-testid="setup-phone" />
            </Form.Item>
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="setup-error" />}
            <div className="setup-actions">
              <Button onClick={() => setStep(0)} data-testid="setup-back">
                {s.back}
              </Button>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="setup-create">
                {s.create}
              </Button>
            </div>
          </Form>
        )}
        {step === 2 && session && (
          <div data-testid="setup-import-step">
            <Alert type="success" showIcon title={fill(s.created, { town: town?.townName ?? '', username: session.username })} style={{ marginBottom: 12 }} />
            <div className="setup-import">{importStep({ onApplied: () => setImported(true) })}</div>
            <div className="setup-actions">
              <span className="muted">{imported ? s.importedHint : s.importLater}</span>
              <Button type={imported ? 'primary' : 'default'} onClick={() => onDone(session)} data-testid="setup-finish">
                {s.finish}
              </Button>
            </div>
          </div>
        )}
      </Card>
    </div>
  );
}
