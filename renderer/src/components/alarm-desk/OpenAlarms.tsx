/**
 * 告警台's open alarms: every line of the grouped view (one event, one post or one kind), most urgent
 * first, with its kind, count, event or post, when it was raised (Beijing time) and the steps its
 * alarms already took; 确认 (the line, one command), 立即升级 (the line's head alarm takes its next step
 * now: who was told, or the refusal, is said on the line) and the desk's logged 静音. Every action is a
 * button: Tab reaches it, Enter does it.
 */
import { App as AntApp, Button, Empty, Tag } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import type { AlarmStepInfo } from '../../../../preload/contract/escalation-schemas';
import type { AlarmGroup, VoiceState } from '../../../../preload/contract/voice-schemas';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { formatShort } from '../../lib/beijing-time';
import { useIntentIds } from '../../lib/command-id';
import { fill, useMessages } from '../../locales';
import { groupLabel } from '../voice/group-label';
import { MuteControl } from '../voice/MuteControl';
import { useVoiceMessages } from '../voice/voice-locales';
import { useAlarmDeskMessages } from './alarm-desk-locales';
import { escalatedText, stepText } from './step-text';

interface Props {
  groups: readonly AlarmGroup[];
  voice: VoiceState | null;
  onAck(group: AlarmGroup): void;
  onOpenEvent(eventId: string): void;
}

type Outcome = { ok: true; text: string } | { ok: false; text: string };

export function OpenAlarms({ groups, voice, onAck, onOpenEvent }: Props) {
  const a = useAlarmDeskMessages();
  const m = useMessages();
  const v = useVoiceMessages();
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const intents = useIntentIds();
  const [steps, setSteps] = useState<ReadonlyMap<string, AlarmStepInfo[]>>(new Map());
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});

  // The steps of the open alarms: the history of the open ones since the oldest line began.
  const from = useMemo(() => groups.reduce<string | null>((min, g) => (min === null || g.firstRaisedAt < min ? g.firstRaisedAt : min), null), [groups]);
  const loadSteps = useCallback(() => api.alarms.history({ status: 'open', limit: 500, ...(from ? { from } : {}) }), [from]);
  const reloadSteps = useFeedLoad(loadSteps, {
    enabled: from !== null,
    apply: (r) => {
      if (r.ok) setSteps(new Map(r.data.rows.filter((row) => row.steps.length > 0).map((row) => [row.id, row.steps])));
    },
    feed: { alarms: true, events: true },
  });

  const escalate = async (g: AlarmGroup): Promise<void> => {
    const r = await intents.send(`escalate:${g.key}`, (commandId) => api.alarms.escalate({ alarmId: g.head.id, commandId }));
    if (r.ok) {
      const text = escalatedText(a, r.data.step);
      setOutcomes((o) => ({ ...o, [g.key]: { ok: true, text } }));
      void message.success(text);
      reloadSteps();
    } else if (r.error.code === 'unauthenticated') desk.report(r.error);
    else setOutcomes((o) => ({ ...o, [g.key]: { ok: false, text: desk.describe(r.error) } }));
  };

  const open = groups.reduce((n, g) => n + g.count, 0);
  return (
    <section className="alarm-desk-open" data-testid="alarm-desk-open" aria-label={a.tabs.open}>
      <div className="alarm-desk-bar">
        <span className="alarm-desk-count" data-testid="alarm-desk-count" data-open={open}>
          {groups.length === 0 ? a.noOpen : fill(a.openCount, { count: open, groups: groups.length })}
        </span>
        <span className="alarm-desk-mute">
          <MuteControl voice={voice} />
        </span>
      </div>
      {groups.length === 0 ? (
        <Empty description={a.noOpen} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <ol className="alarm-desk-lines">
          {groups.map((g) => {
            const lineSteps = g.alarmIds.flatMap((id) => steps.get(id) ?? []).sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
            const outcome = outcomes[g.key];
            const label = groupLabel(m, v, g, formatShort);
            return (
              <li key={g.key} className="alarm-desk-line" data-testid="alarm-desk-line" data-kind={g.kind} data-count={g.count}>
                <div className="alarm-desk-line-head">
                  <Tag color={g.kind === 'new_serious' || g.kind === 'overdue' || g.kind === 'sensor_alert' ? 'red' : 'orange'} className="alarm-desk-kind">
                    {v.kinds[g.kind] ?? v.otherKind}
                  </Tag>
                  <span className="alarm-desk-n num" data-testid="alarm-desk-n">
                    {fill(a.count, { count: g.count })}
                  </span>
                  <span className="alarm-desk-label" data-testid="alarm-desk-label">
                    {label}
                  </span>
                </div>
                <div className="alarm-desk-line-meta muted">
                  <span className="num">
                    {fill(a.raisedAt, {
                      time:
                        g.firstRaisedAt === g.lastRaisedAt
                          ? formatShort(g.lastRaisedAt)
                          : fill(a.raisedRange, { first: formatShort(g.firstRaisedAt), last: formatShort(g.lastRaisedAt) }),
                    })}
                  </span>
                  {g.postName && <span>{fill(a.post, { post: g.postName })}</span>}
                  <span data-testid="alarm-desk-steps">
                    {a.steps}：
                    {lineSteps.length === 0
                      ? a.noSteps
                      : lineSteps
                          .slice(-4)
                          .map((s) => stepText(a, s))
                          .join('；')}
                  </span>
                </div>
                {outcome && (
                  <div className={outcome.ok ? 'alarm-desk-outcome ok' : 'alarm-desk-outcome refused'} role="status" data-testid="alarm-desk-outcome">
                    {outcome.text}
                  </div>
                )}
                <div className="alarm-desk-actions">
                  {desk.can('ackAlarm') && (
                    <Button type="primary" size="small" onClick={() => onAck(g)} data-testid="alarm-desk-ack">
                      {g.count > 1 ? fill(a.ackGroup, { count: g.count }) : a.ack}
                    </Button>
                  )}
                  {desk.can('escalateAlarm') && (
                    <Button size="small" danger onClick={() => void escalate(g)} title={a.escalateHint} data-testid="alarm-desk-escalate">
                      {a.escalate}
                    </Button>
                  )}
                  {g.head.eventId && (
                    <Button size="small" type="link" onClick={() => onOpenEvent(g.head.eventId!)} data-testid="alarm-desk-open-event">
                      {a.openEvent}
                    </Button>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
