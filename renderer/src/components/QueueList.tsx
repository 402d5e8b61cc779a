/**
 * The queue as a virtualized list: only the rows on screen exist in the DOM, so 10,000 open
 * events scroll as smoothly as 30. Every row reads the page's one clock (`now`); none has a timer.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { Tag } from 'antd';
import { memo, useEffect, useRef } from 'react';
import type { QueueRow } from '../../../preload/contract';
import { formatAge } from '../lib/beijing-time';
import { nameOf, useMessages, type Messages } from '../locales';
import { LEVEL_COLORS, STATE_COLORS } from '../theme';
import { SlaClock, slaStatus } from './SlaClock';

const ROW_HEIGHT = 44;

export interface QueueListProps {
  rows: readonly QueueRow[];
  selectedId: string | null;
  now: number;
  compact: boolean;
  loading: boolean;
  onSelect(id: string): void;
  onOpen(id: string): void;
}

export function QueueList({ rows, selectedId, now, compact, loading, onSelect, onOpen }: QueueListProps) {
  const m = useMessages();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => rows[index]?.id ?? index,
  });

  // Scroll to the selection when it changes (once its row has arrived), never merely because a
  // refresh moved it: an officer reading further down the list is not yanked back.
  const pendingScroll = useRef<string | null>(null);
  const lastSelected = useRef<string | null>(null);
  if (selectedId !== lastSelected.current) {
    lastSelected.current = selectedId;
    pendingScroll.current = selectedId;
  }
  const selectedIndex = selectedId ? rows.findIndex((r) => r.id === selectedId) : -1;
  useEffect(() => {
    if (pendingScroll.current && selectedIndex >= 0) {
      pendingScroll.current = null;
      virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
    }
  }, [selectedIndex, selectedId, virtualizer]);

  // One row takes the Tab stop (the selected one, else the first): Tab reaches the queue once, the
  // arrows (the page's keys) move the selection, and the focus follows it when it was on a row.
  const tabStop = selectedIndex >= 0 ? selectedId : (rows[0]?.id ?? null);
  useEffect(() => {
    const list = scrollRef.current;
    if (!selectedId || !list || !document.activeElement?.closest('[data-testid="queue-row"]') || !list.contains(document.activeElement)) return;
    const frame = requestAnimationFrame(() => list.querySelector<HTMLElement>(`[data-testid="queue-row"][data-event-id="${selectedId}"]`)?.focus({ preventScroll: true }));
    return () => cancelAnimationFrame(frame);
  }, [selectedId, selectedIndex]);

  const cls = compact ? 'queue-grid compact' : 'queue-grid';
  return (
    <div className="queue-list" role="grid" aria-rowcount={rows.length} aria-label={m.queue.listLabel} data-testid="queue-list">
      <div className={`${cls} queue-head`} role="row">
        <span role="columnheader">{m.queue.columns.level}</span>
        <span role="columnheader">{m.queue.columns.title}</span>
        <span role="columnheader" className="col-category">
          {m.queue.columns.category}
        </span>
        <span role="columnheader">{m.queue.columns.grid}</span>
        {!compact && <span role="columnheader">{m.queue.columns.source}</span>}
        {!compact && <span role="columnheader">{m.queue.columns.age}</span>}
        <span role="columnheader">{m.queue.columns.state}</span>
        {!compact && <span role="columnheader">{m.queue.columns.lead}</span>}
        <span role="columnheader" data-testid="queue-head-clock">
          {m.queue.columns.clock}
        </span>
      </div>
      <div className="queue-scroll" ref={scrollRef} tabIndex={-1} role="rowgroup">
        {rows.length === 0 && <div className="queue-empty muted">{loading ? m.queue.loading : m.queue.empty}</div>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            return (
              <Row
                key={item.key}
                row={row}
                index={item.index}
                top={item.start}
                now={now}
                m={m}
                cls={cls}
                compact={compact}
                selected={row.id === selectedId}
                tabStop={row.id === tabStop}
                onSelect={onSelect}
                onOpen={onOpen}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

/**
 * Where the row's current clock started, for the amber "under 25 % left" threshold. The queue row
 * does not carry it yet (QueueRow.dueStartedAt is asked for); until it does: the accept clock
 * starts at the report, and the acknowledge and on-scene clocks are bounded by the centre's
 * ceiling for the level (core's LEVEL_CEILINGS), never shorter than their real limit — so amber
 * may come a little early, never late.
 */
const CEILING_MINUTES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  acknowledge: { general: 30, major: 10, serious: 5, especially_serious: 3 },
  on_scene: { general: 120, major: 60, serious: 30, especially_serious: 20 },
};
function clockStart(row: QueueRow): string {
  const given = (row as QueueRow & { dueStartedAt?: string | null }).dueStartedAt;
  if (given) return given;
  const ceiling = row.dueKind ? CEILING_MINUTES[row.dueKind]?.[row.level] : undefined;
  if (!row.dueAt || ceiling === undefined) return row.reportedAt;
  const byCeiling = Date.parse(row.dueAt) - ceiling * 60_000;
  return new Date(Math.max(byCeiling, Date.parse(row.reportedAt))).toISOString();
}

interface RowProps {
  row: QueueRow;
  index: number;
  top: number;
  now: number;
  m: Messages;
  cls: string;
  compact: boolean;
  selected: boolean;
  tabStop: boolean;
  onSelect(id: string): void;
  onOpen(id: string): void;
}

const Row = memo(function Row({ row, index, top, now, m, cls, compact, selected, tabStop, onSelect, onOpen }: RowProps) {
  const started = clockStart(row);
  const status = slaStatus(now, row.dueAt, started);
  const classes = [cls, 'queue-row'];
  if (selected) classes.push('selected');
  if (status === 'over') classes.push('overdue');
  return (
    <div
      className={classes.join(' ')}
      role="row"
      aria-selected={selected}
      aria-rowindex={index + 1}
      tabIndex={tabStop ? 0 : -1}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onFocus={(e) => {
        if (e.target === e.currentTarget && !selected) onSelect(row.id);
      }}
      onClick={() => onSelect(row.id)}
      onDoubleClick={() => onOpen(row.id)}
      data-testid="queue-row"
      data-event-id={row.id}
      data-state={row.state}
    >
      <span role="gridcell">
        <Tag color={LEVEL_COLORS[row.level]} className="level-tag" variant="solid">
          {nameOf(m.levels, row.level)}
        </Tag>
      </span>
      <span role="gridcell" className="cell-title" title={row.title}>
        <span className="title-text">{row.title}</span>
        {row.possibleDuplicateOf && (
          <Tag color="orange" className="badge" data-testid="badge-duplicate">
            {m.queue.duplicate}
          </Tag>
        )}
        {row.carriedOver && (
          <Tag color="purple" className="badge" data-testid="badge-carried">
            {m.queue.carriedOver}
          </Tag>
        )}
      </span>
      <span role="gridcell" className="ellipsis col-category" title={row.categoryName}>
        {row.categoryName}
      </span>
      <span role="gridcell" className="ellipsis" title={row.gridName ?? ''}>
        {row.gridName ?? '—'}
      </span>
      {!compact && (
        <span role="gridcell" className="ellipsis">
          {nameOf(m.sources, row.source)}
        </span>
      )}
      {!compact && (
        <span role="gridcell" className="ellipsis num">
          {formatAge(now - Date.parse(row.reportedAt), m)}
        </span>
      )}
      <span role="gridcell">
        <Tag color={STATE_COLORS[row.state]} data-testid="state-tag">
          {nameOf(m.states, row.state)}
        </Tag>
      </span>
      {!compact && (
        <span role="gridcell" className="ellipsis" title={row.leadPostName ?? ''}>
          {row.leadPostName ?? '—'}
        </span>
      )}
      <span role="gridcell">
        <SlaClock now={now} dueAt={row.dueAt} dueKind={row.dueKind} startedAt={started} />
      </span>
    </div>
  );
});
