/**
 * After signing in with an administrator's one-time password: this screen and nothing else (the door
 * refuses every other call) until a new password that meets the rule is set.
 */
import { Alert, Card, Typography } from 'antd';
import type { SessionInfo } from '../../../preload/contract';
import { PasswordChangeForm } from '../components/account/PasswordChangeForm';
import { useMessages } from '../locales';

export function ForcedPasswordChangePage({ session, onChanged, onSignOut }: { session: SessionInfo; onChanged(session: SessionInfo): void; onSignOut(): void }) {
  const m = useMessages();
  const f = m.account.forced;
  return (
    <div className="signin-page" data-testid="forced-password-change">
      <Card className="signin-card forced-card" variant="borderless">
        <div className="signin-brand">
          <div className="brand-mark">值</div>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {f.title}
            </Typography.Title>
            <div className="muted">{session.person.name}</div>
          </div>
        </div>
        <Alert type="info" showIcon title={f.intro} style={{ marginBottom: 16 }} />
        <PasswordChangeForm username={session.username} oldLabel={f.oneTime} submitLabel={f.submit} onChanged={onChanged} onCancel={onSignOut} cancelLabel={f.signOut} />
      </Card>
    </div>
  );
}
