/** One's own password, changed from the header: the old one, then a new one that meets the rule. */
import { App as AntApp, Modal } from 'antd';
import { useDesk } from '../../context/Desk';
import { useMessages } from '../../locales';
import { PasswordChangeForm } from './PasswordChangeForm';

export function ChangePasswordDialog({ onClose }: { onClose(): void }) {
  const m = useMessages();
  const desk = useDesk();
  const { message } = AntApp.useApp();
  return (
    <Modal open title={m.account.changePassword} footer={null} onCancel={onClose} destroyOnHidden width={480} data-testid="change-password-dialog">
      <PasswordChangeForm
        username={desk.session.username}
        oldLabel={m.account.oldPassword}
        submitLabel={m.account.save}
        onCancel={onClose}
        onChanged={() => {
          void message.success(m.account.changed);
          onClose();
        }}
      />
    </Modal>
  );
}
