/**
 * 告警台 (issue #17): the open alarms by urgency with 确认, 立即升级 and the logged 静音 (当前告警), and the
 * leader's 告警记录 — who acknowledged what, how fast, and the steps each alarm took. The open lines
 * are the console's (ConsoleShell keeps them fresh and acknowledges a line, as the banner does).
 */
import { Tabs } from 'antd';
import { useState } from 'react';
import type { AlarmGroup, VoiceState } from '../../../preload/contract/voice-schemas';
import { AlarmRecords } from '../components/alarm-desk/AlarmRecords';
import { useAlarmDeskMessages } from '../components/alarm-desk/alarm-desk-locales';
import { OpenAlarms } from '../components/alarm-desk/OpenAlarms';
import '../components/alarm-desk/alarm-desk.css';

interface Props {
  groups: readonly AlarmGroup[];
  voice: VoiceState | null;
  onAck(group: AlarmGroup): void;
  onOpenEvent(eventId: string): void;
}

export function AlarmDeskPage({ groups, voice, onAck, onOpenEvent }: Props) {
  const a = useAlarmDeskMessages();
  const [tab, setTab] = useState('open');
  return (
    <div className="page-pad alarm-desk-page" data-testid="alarm-desk-page">
      <h2 className="page-title">{a.title}</h2>
      <p className="muted alarm-desk-intro">{a.intro}</p>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          {
            key: 'open',
            label: <span data-testid="alarm-desk-tab-open">{a.tabs.open}</span>,
            children: <OpenAlarms groups={groups} voice={voice} onAck={onAck} onOpenEvent={onOpenEvent} />,
          },
          { key: 'history', label: <span data-testid="alarm-desk-tab-history">{a.tabs.history}</span>, children: <AlarmRecords onOpenEvent={onOpenEvent} /> },
        ]}
      />
    </div>
  );
}

export default AlarmDeskPage;
