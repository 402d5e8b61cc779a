/**
 * System settings for the admin: backups and restore, software updates, the storage engine, accounts
 * (README, "Install, update, back up, restore"), and the town kept by hand — people, posts, grids
 * (README, "For administrators: people, posts and grids"), and 上级联网, the district link. Loaded on demand: the queue's first bundle
 * does not carry it.
 */
import { Tabs } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useDesk } from '../context/Desk';
import { AccountsSection } from './settings/AccountsSection';
import { BackupSection } from './settings/BackupSection';
import { EngineSection } from './settings/EngineSection';
import { GridsSection } from './settings/GridsSection';
import { CamerasSection } from './settings/CamerasSection';
import { useCameraMessages } from './settings/camera-locales';
import { LinkSection } from './settings/LinkSection';
import { useLinkMessages } from './settings/link-locales';
import { PeopleSection } from './settings/PeopleSection';
import { PostsSection } from './settings/PostsSection';
import { useSettingsMessages } from './settings/settings-locales';
import { clearSettingsTab, requestedSettingsTab } from './settings/settings-tab';
import { useTownAdminMessages } from './settings/town-admin-locales';
import { TownImportPanel } from './settings/TownImportPanel';
import { useTownImportMessages } from './settings/town-import-locales';
import { UpdateSection } from './settings/UpdateSection';
import { VoiceSection } from './settings/VoiceSection';
import { EscalationSection } from './settings/EscalationSection';
import { ReportLimitsSettings } from '../components/situation-report/ReportLimitsSettings';
import { useSituationMessages } from '../components/situation-report/situation-report-locales';
import { useAlarmDeskMessages } from '../components/alarm-desk/alarm-desk-locales';
import { useVoiceMessages } from '../components/voice/voice-locales';
import './settings/settings.css';

export function SettingsPage() {
  const s = useSettingsMessages();
  const t = useTownAdminMessages();
  const i = useTownImportMessages();
  const l = useLinkMessages();
  const v = useVoiceMessages();
  const e = useAlarmDeskMessages().settings;
  const sr = useSituationMessages();
  const cam = useCameraMessages();
  const desk = useDesk();
  // A tab another part of the console asked for (the header's sync state: 上级联网), taken once.
  const [first] = useState(() => requestedSettingsTab() ?? undefined);
  useEffect(() => clearSettingsTab(), []);
  if (!desk.can('manageBackups') && !desk.can('manageUpdates')) return <div className="page-pad muted">{s.adminOnly}</div>;
  const system = (
    <div className="settings-columns">
      {desk.can('manageBackups') && <BackupSection />}
      {desk.can('manageUpdates') && <UpdateSection />}
      {desk.can('manageBackups') && <EngineSection />}
      {desk.can('manageAccounts') && <AccountsSection />}
    </div>
  );
  const tab = (key: string, label: string, children: ReactNode) => ({ key, label: <span data-testid={`settings-tab-${key}`}>{label}</span>, children });
  const items = [tab('system', t.tabs.system, system)];
  if (desk.can('manageTown')) {
    items.push(tab('people', t.tabs.people, <PeopleSection />), tab('posts', t.tabs.posts, <PostsSection />), tab('grids', t.tabs.grids, <GridsSection />));
    items.push(tab('cameras', cam.tab, <CamerasSection />));
  }
  if (desk.can('importTown')) items.push(tab('import', i.tab, <TownImportPanel />));
  if (desk.can('manageLink')) items.push(tab('link', l.tab, <LinkSection />));
  if (desk.can('manageVoice')) items.push(tab('voice', v.tab, <VoiceSection />));
  if (desk.can('manageEscalation')) items.push(tab('escalation', e.tab, <EscalationSection />));
  if (desk.can('manageReportLimits')) items.push(tab('situation', sr.tab, <ReportLimitsSettings />));
  return (
    <div className="page-pad settings-page" data-testid="settings-page">
      <h2 className="page-title">{s.title}</h2>
      {items.length > 1 ? (
        <Tabs className="settings-tabs" items={items} defaultActiveKey={items.some((x) => x.key === first) ? first : undefined} destroyOnHidden data-testid="settings-tabs" />
      ) : (
        system
      )}
    </div>
  );
}

export default SettingsPage;
