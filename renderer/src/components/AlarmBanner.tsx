/**
 * The alarm banner: while any alarm is open it flashes red across the top with the most urgent line
 * of the grouped view ("3 项超期（社区警务岗）" — alarms of one event, one post or one kind within the
 * window are one line with a count), until a person acknowledges the group (button or `a`). 全部告警
 * lists every line, each acknowledged on its own. The sound is AlarmVoice's; the mute is here.
 */
import { BellFilled } from '@ant-design/icons';
import { Button, Popover } from 'antd';
import type { AlarmGroup, VoiceState } from '../../../preload/contract/voice-schemas';
import { useDesk } from '../context/Desk';
import { formatShort } from '../lib/beijing-time';
import { fill, useMessages } from '../locales';
import { groupLabel } from './voice/group-label';
import { MuteControl } from './voice/MuteControl';
import { useVoiceMessages } from './voice/voice-locales';

interface Props {
  groups: readonly AlarmGroup[];
  voice: VoiceState | null;
  onAck(group: AlarmGroup): void;
  onOpenEvent(eventId: string): void;
}

export function AlarmBanner({ groups, voice, onAck, onOpenEvent }: Props) {
  const m = useMessages();
  const v = useVoiceMessages();
  const desk = useDesk();
  const top = groups[0];
  if (!top) return null;
  const label = (g: AlarmGroup) => groupLabel(m, v, g, (iso) => formatShort(iso));
  const ackButton = (g: AlarmGroup, testId: string, withKey: boolean) =>
    desk.can('ackAlarm') && (
      <Button size="small" className="alarm-ack" onClick={() => onAck(g)} data-testid={testId}>
        {g.count > 1 ? fill(v.ackGroupCount, { count: g.count }) : m.alarms.ack}
        {withKey && <kbd className="kbd-inline">{m.alarms.ackShortcut}</kbd>}
      </Button>
    );
  const list = (
    <ul className="alarm-group-list" data-testid="alarm-group-list">
      {groups.map((g) => (
        <li key={g.key} data-testid="alarm-group" data-count={g.count} data-kind={g.kind}>
          <span className="num">{formatShort(g.lastRaisedAt)}</span>
          <span className="alarm-group-text">{label(g)}</span>
          {ackButton(g, 'alarm-group-ack', false)}
        </li>
      ))}
    </ul>
  );
  return (
    <div className="alarm-banner" role="alert" data-testid="alarm-banner" data-alarm-kind={top.kind} data-count={top.count} data-open={groups.reduce((n, g) => n + g.count, 0)}>
      <BellFilled className="alarm-icon" />
      <span className="alarm-time num">{formatShort(top.lastRaisedAt)}</span>
      <span className="alarm-text" data-testid="alarm-text">
        {label(top)}
      </span>
      {groups.length > 1 && (
        <Popover content={list} title={fill(v.allGroups, { count: groups.length })} trigger="click" placement="bottomRight">
          <Button size="small" ghost data-testid="alarm-more">
            {fill(v.moreGroups, { count: groups.length - 1 })}
          </Button>
        </Popover>
      )}
      <span className="alarm-buttons">
        <MuteControl voice={voice} />
        {top.head.eventId && top.by !== 'post' && top.by !== 'kind' && (
          <Button size="small" ghost onClick={() => onOpenEvent(top.head.eventId!)}>
            {m.alarms.open}
          </Button>
        )}
        {ackButton(top, 'alarm-ack', true)}
      </span>
    </div>
  );
}
