/**
 * After signing in with an administrator's one-time password: this screen and nothing else (the door
 * refuses every other call) until a new password that meets the rule is set.
 */
import { Alert, Card } from 'antd';
import type { SessionInfo } from '../../../preload/contract';
import { PasswordChangeForm } from '../components/account/PasswordChangeForm';
import { useMessages } from '../locales';
import { BrandHeading } from '../components/account/BrandHeading';

export function ForcedPasswordChangePage({ session, onChanged, onSignOut }: { session: SessionInfo; onChanged(session: SessionInfo): void; onSignOut(): void }) {
  const m = useMessages();
  const f = m.account.forced;
  return (
    <div className="signin-page" data-testid="forced-password-change">
      <Card className="signin-card forced-card" variant="borderless">
        <BrandHeading title={f.title} subtitle={session.person.name} />
        <Alert type="info" showIcon title={f.intro} style={{ marginBottom: 16 }} />
        <PasswordChangeForm username={session.username} oldLabel={f.oneTime} submitLabel={f.submit} onChanged={onChanged} onCancel={onSignOut} cancelLabel={f.signOut} />
      </Card>
    </div>
  );
}
