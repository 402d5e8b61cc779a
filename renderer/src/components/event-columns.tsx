/** Table columns every list of events shares: its title (a link that opens it in the queue) and its level tag. */
import { Button, Tag } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { Level } from '../../../preload/contract';
import { nameOf, type Messages } from '../locales';
import { LEVEL_COLORS } from '../theme';

export function eventTitleColumn<T extends { id: string; title: string }>(title: string, onOpenEvent: (eventId: string) => void): ColumnType<T> {
  return {
    title,
    key: 'title',
    render: (_, r) => (
      <Button type="link" className="approval-event" onClick={() => onOpenEvent(r.id)}>
        {r.title}
      </Button>
    ),
  };
}

export function eventLevelColumn<T extends { level: Level }>(title: string, m: Messages): ColumnType<T> {
  return {
    title,
    key: 'level',
    width: 90,
    render: (_, r) => (
      <Tag color={LEVEL_COLORS[r.level]} variant="solid">
        {nameOf(m.levels, r.level)}
      </Tag>
    ),
  };
}
