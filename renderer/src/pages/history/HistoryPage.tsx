/**
 * 历史事件 (issue #15): every event of the town, open or closed, found by words (Chinese, or the pinyin
 * initials of the title) and filters, newest first, a page at a time (加载更多, or scrolling to the
 * end). A row opens the event's own detail beside the list — its clocks and whole timeline — and an
 * action there is taken in the queue. 导出 Excel writes what the search finds (core escapes each cell).
 * Keyboard: the search box has focus on arrival, Tab reaches every filter and row, Enter opens a row,
 * Esc closes the detail and gives the focus back to the row.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Table, Tag, type InputRef } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type HTMLAttributes, type KeyboardEvent } from 'react';
import { HISTORY_EXPORT_MAX_ROWS, type HistoryCategory, type HistoryFilter, type HistoryRow } from '../../../../preload/contract';
import { api } from '../../api';
import { EventDetailPanel } from '../../components/EventDetailPanel';
import { downloadFile } from '../../components/roster/files';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { formatShort, fromBeijingWallClock } from '../../lib/beijing-time';
import { fill, nameOf, useMessages } from '../../locales';
import { LEVEL_COLORS, STATE_COLORS } from '../../theme';
import { HistoryFilters, NO_CHOICES, type HistoryChoices } from './HistoryFilters';
import { useHistoryMessages } from './history-locales';
import './history.css';

const PAGE = 50;
/** Typing pauses this long before the words are searched (Enter searches at once). */
const TYPING_MS = 400;
const loadCategories = () => api.history.categories({});

/** The choices as the API's filter (a Beijing date range as the instants its days begin and end). */
function filterOf(words: string, c: HistoryChoices): HistoryFilter {
  const day = (d: NonNullable<HistoryChoices['range']>[number], plus: number): string => fromBeijingWallClock(`${d!.add(plus, 'day').format('YYYY-MM-DD')}T00:00:00`);
  return {
    ...(words ? { text: words } : {}),
    ...(c.range?.[0] ? { from: day(c.range[0], 0) } : {}),
    ...(c.range?.[1] ? { to: day(c.range[1], 1) } : {}),
    ...(c.categoryCode ? { categoryCode: c.categoryCode } : {}),
    ...(c.levels.length > 0 ? { levels: c.levels } : {}),
    ...(c.states.length > 0 ? { states: c.states } : {}),
    ...(c.sources.length > 0 ? { sources: c.sources } : {}),
    ...(c.village ? { village: c.village } : {}),
    ...(c.gridCode ? { gridCode: c.gridCode } : {}),
    ...(c.postId ? { postId: c.postId } : {}),
    ...(c.overdue !== undefined ? { overdue: c.overdue } : {}),
    ...(c.held !== undefined ? { held: c.held } : {}),
  };
}

export function HistoryPage({ onOpenEvent }: { onOpenEvent(eventId: string): void }) {
  const m = useMessages();
  const h = useHistoryMessages();
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const [text, setText] = useState('');
  const [words, setWords] = useState('');
  const [choices, setChoices] = useState<HistoryChoices>(NO_CHOICES);
  const [categories, setCategories] = useState<HistoryCategory[]>([]);
  const [rows, setRows] = useState<HistoryRow[]>([]);
  /** The count of a search (asked after its page), and the filter it counts. */
  const [total, setTotal] = useState<{ count: number; capped: boolean; of: HistoryFilter | null }>({ count: 0, capped: false, of: null });
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const searchRef = useRef<InputRef>(null);
  const pageRef = useRef<HTMLDivElement>(null);
  /** The cursor the rows shown end at (a page that comes back for an older search is dropped). */
  const nextRef = useRef<string | null>(null);
  const readable = desk.can('read');

  useEffect(() => searchRef.current?.focus(), []);
  useEffect(() => {
    const timer = setTimeout(() => setWords(text.trim()), TYPING_MS);
    return () => clearTimeout(timer);
  }, [text]);
  useFeedLoad(loadCategories, { enabled: readable, apply: (r) => (r.ok ? setCategories(r.data) : desk.report(r.error)), feed: { town: true } });

  const filter = useMemo(() => filterOf(words, choices), [words, choices]);
  const loadFirst = useCallback(() => api.history.search({ ...filter, limit: PAGE }), [filter]);
  useFeedLoad(loadFirst, {
    enabled: readable,
    apply: (r) => {
      if (!r.ok) return desk.report(r.error);
      nextRef.current = r.data.nextCursor;
      setRows(r.data.rows);
      setNext(r.data.nextCursor);
    },
  });

  const loadCount = useCallback(() => api.history.count(filter).then((r) => ({ r, of: filter })), [filter]);
  useFeedLoad(loadCount, {
    enabled: readable,
    apply: ({ r, of }) => (r.ok ? setTotal({ count: r.data.total, capped: r.data.capped, of }) : desk.report(r.error)),
  });
  const counted = total.of === filter;

  const loadMore = async (): Promise<void> => {
    if (!next || loading) return;
    setLoading(true);
    const cursor = next;
    const r = await api.history.search({ ...filter, cursor, limit: PAGE });
    setLoading(false);
    if (!r.ok) return desk.report(r.error);
    if (nextRef.current !== cursor) return;
    nextRef.current = r.data.nextCursor;
    setRows((list) => [...list, ...r.data.rows]);
    setNext(r.data.nextCursor);
  };

  const exportXlsx = async (): Promise<void> => {
    setExporting(true);
    const r = await api.history.export(filter);
    setExporting(false);
    if (!r.ok) return desk.report(r.error);
    downloadFile(r.data);
    const count = Math.min(total.count, HISTORY_EXPORT_MAX_ROWS);
    if (total.capped || total.count > HISTORY_EXPORT_MAX_ROWS) void message.info(fill(h.filters.exportCapped, { total: total.count, count }));
    else void message.success(fill(h.filters.exported, { count }));
  };

  /** Esc closes the detail, and the focus goes back to the row it came from. */
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key !== 'Escape' || !openId) return;
    e.preventDefault();
    const id = openId;
    setOpenId(null);
    requestAnimationFrame(() => pageRef.current?.querySelector<HTMLElement>(`[data-row-key="${id}"]`)?.focus());
  };

  if (!readable) return null;
  const words2 = [...words].length > 0 && words.split(/\s+/).some((w) => [...w].length < 3);

  return (
    <div className="history-page" ref={pageRef} onKeyDown={onKeyDown} data-testid="history-page">
      <div className="history-pane">
        <h2 className="page-title">{h.title}</h2>
        <div className="muted history-intro">{h.intro}</div>
        <HistoryFilters
          text={text}
          onText={setText}
          onSearchNow={() => setWords(text.trim())}
          searchRef={searchRef}
          choices={choices}
          onChoices={setChoices}
          categories={categories}
        />
        <div className="history-totals">
          <strong data-testid="history-total">{counted ? fill(total.capped ? h.totalCapped : h.total, { total: total.count }) : h.counting}</strong>
          {words2 && <span className="muted">{h.shortWord}</span>}
          <span className="header-spacer" />
          <Button icon={<DownloadOutlined />} loading={exporting} disabled={rows.length === 0} onClick={() => void exportXlsx()} data-testid="history-export">
            {exporting ? h.filters.exporting : h.filters.export}
          </Button>
        </div>
        <Table<HistoryRow>
          size="small"
          rowKey="id"
          dataSource={rows}
          pagination={false}
          scroll={{ y: 'calc(100vh - 380px)' as unknown as number }}
          locale={{ emptyText: h.empty }}
          data-testid="history-table"
          rowClassName={(r) => (r.id === openId ? 'history-row-open' : '')}
          onScroll={(e) => {
            const el = e.currentTarget;
            if (el.scrollHeight - el.scrollTop - el.clientHeight < 200) void loadMore();
          }}
          onRow={(r) =>
            ({
              tabIndex: 0,
              title: h.openHint,
              'data-testid': 'history-row',
              'data-state': r.state,
              onClick: () => setOpenId(r.id),
              onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  setOpenId(r.id);
                }
              },
            }) as HTMLAttributes<HTMLElement>
          }
          columns={[
            { key: 'at', title: h.columns.reportedAt, width: 110, render: (_, r) => <span className="num">{formatShort(r.reportedAt)}</span> },
            {
              key: 'title',
              title: h.columns.title,
              ellipsis: true,
              render: (_, r) => (
                <span title={r.description ?? r.title}>
                  <span data-testid="history-title">{r.title}</span>
                  {r.overdue && (
                    <Tag color="red" className="history-overdue">
                      {h.overdueTag}
                    </Tag>
                  )}
                  {r.holdReviewBy && (
                    <Tag color="gold" className="history-overdue">
                      {fill(h.heldTag, { date: r.holdReviewBy })}
                    </Tag>
                  )}
                  {r.description && !openId && <span className="muted history-description"> {r.description}</span>}
                </span>
              ),
            },
            ...(openId
              ? []
              : [
                  { key: 'item', title: h.columns.item, width: 130, ellipsis: true, render: (_: unknown, r: HistoryRow) => r.categoryName },
                  { key: 'level', title: h.columns.level, width: 80, render: (_: unknown, r: HistoryRow) => <Tag color={LEVEL_COLORS[r.level]}>{nameOf(m.levels, r.level)}</Tag> },
                  { key: 'grid', title: h.columns.grid, width: 130, ellipsis: true, render: (_: unknown, r: HistoryRow) => r.gridName ?? '' },
                  { key: 'lead', title: h.columns.lead, width: 130, ellipsis: true, render: (_: unknown, r: HistoryRow) => r.leadPostName ?? '' },
                ]),
            { key: 'state', title: h.columns.state, width: 90, render: (_, r) => <Tag color={STATE_COLORS[r.state]}>{nameOf(m.states, r.state)}</Tag> },
          ]}
        />
        <div className="history-more">
          <span className="muted">{fill(h.shown, { shown: rows.length })}</span>
          {next ? (
            <Button size="small" loading={loading} onClick={() => void loadMore()} data-testid="history-load-more">
              {h.loadMore}
            </Button>
          ) : (
            rows.length > 0 && <span className="muted">{h.end}</span>
          )}
        </div>
      </div>
      {openId && <EventDetailPanel eventId={openId} openEvents={[]} onClose={() => setOpenId(null)} onAction={(_, detail) => onOpenEvent(detail.id)} onSelectEvent={setOpenId} />}
    </div>
  );
}

export default HistoryPage;
