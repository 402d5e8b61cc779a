/** System settings for the admin (backups, restore, updates): being built. */
import { Empty } from 'antd';

export function SettingsPage() {
  return <Empty data-testid="settings-page" />;
}
