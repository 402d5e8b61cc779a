/**
 * System settings for the admin: backups and restore, and software updates (README, "Install,
 * update, back up, restore"). Loaded on demand: the queue's first bundle does not carry it.
 */
import { useDesk } from '../context/Desk';
import { AccountsSection } from './settings/AccountsSection';
import { BackupSection } from './settings/BackupSection';
import { EngineSection } from './settings/EngineSection';
import { useSettingsMessages } from './settings/settings-locales';
import { UpdateSection } from './settings/UpdateSection';
import './settings/settings.css';

export function SettingsPage() {
  const s = useSettingsMessages();
  const desk = useDesk();
  if (!desk.can('manageBackups') && !desk.can('manageUpdates')) return <div className="page-pad muted">{s.adminOnly}</div>;
  return (
    <div className="page-pad settings-page" data-testid="settings-page">
      <h2 className="page-title">{s.title}</h2>
      <div className="settings-columns">
        {desk.can('manageBackups') && <BackupSection />}
        {desk.can('manageUpdates') && <UpdateSection />}
        {desk.can('manageBackups') && <EngineSection />}
        {desk.can('manageAccounts') && <AccountsSection />}
      </div>
    </div>
  );
}

export default SettingsPage;
