/**
 * The alarm banner: while any alarm is open it flashes red across the top and beeps every other
 * tick of the page's one clock, until a person acknowledges it (button or `a`).
 */
import { BellFilled } from '@ant-design/icons';
import { Button } from 'antd';
import { useEffect } from 'react';
import type { Alarm } from '../../../preload/contract';
import { useDesk } from '../context/Desk';
import { useServerClock } from '../context/ServerClock';
import { beep } from '../lib/alarm-sound';
import { formatShort } from '../lib/beijing-time';
import { alarmText, fill, useMessages } from '../locales';

export function AlarmBanner({ open, onAck, onOpenEvent }: { open: readonly Alarm[]; onAck(alarm: Alarm): void; onOpenEvent(eventId: string): void }) {
  const m = useMessages();
  const desk = useDesk();
  const { tick } = useServerClock();
  const newest = open[0];

  useEffect(() => {
    if (newest && tick % 2 === 0) beep();
  }, [newest, tick]);

  if (!newest) return null;
  return (
    <div className="alarm-banner" role="alert" data-testid="alarm-banner" data-alarm-kind={newest.kind}>
      <BellFilled className="alarm-icon" />
      <span className="alarm-time num">{formatShort(newest.raisedAt)}</span>
      <span className="alarm-text" data-testid="alarm-text">
        {alarmText(m, newest, (iso) => formatShort(iso))}
      </span>
      {open.length > 1 && <span className="alarm-more">{fill(m.alarms.more, { count: open.length - 1 })}</span>}
      <span className="alarm-buttons">
        {newest.eventId && (
          <Button size="small" ghost onClick={() => onOpenEvent(newest.eventId!)}>
            {m.alarms.open}
          </Button>
        )}
        {desk.can('ackAlarm') && (
          <Button size="small" className="alarm-ack" onClick={() => onAck(newest)} data-testid="alarm-ack">
            {m.alarms.ack} <kbd className="kbd-inline">{m.alarms.ackShortcut}</kbd>
          </Button>
        )}
      </span>
    </div>
  );
}
