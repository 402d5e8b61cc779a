/**
 * 考核评价 (issue #16): the assessment figures (core.metrics, docs/metrics.md) over today, this week,
 * this month or any Beijing dates, for the town or ranked by board, post, village, grid or person, each
 * beside the previous period; every number opens the events behind it (metrics:events), and the table
 * exports to .xlsx (metrics:export) with the same numbers.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, DatePicker, Drawer, Empty, Segmented, Select, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import type { FigureColumn, FigureGroup, MetricsEvents, MetricsFigures } from '../../../../preload/contract/metrics-schemas';
import { FIGURE_COLUMNS, FIGURE_HIGHER_IS_BETTER, FIGURE_KIND, figureBasis, figureValue } from '../../../../preload/contract/metrics-schemas';
import { api } from '../../api';
import { downloadFile } from '../../components/roster/files';
import { useDesk } from '../../context/Desk';
import { useServerClock } from '../../context/ServerClock';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { beijingDate, formatShort, periodDates } from '../../lib/beijing-time';
import { fill, nameOf, useMessages } from '../../locales';
import { LEVEL_COLORS } from '../../theme';
import { useAssessmentMessages, type AssessmentMessages } from './assessment-locales';
import './assessment.css';

type Period = 'today' | 'week' | 'month' | 'custom';
type GroupBy = MetricsFigures['groupBy'];
const GROUPS: readonly GroupBy[] = ['town', 'board', 'post', 'village', 'grid', 'person'];

/** [from, to) as instants for Beijing dates [first, last] (both included). */
function datesRange(first: string, last: string): { from: string; to: string } {
  const from = new Date(`${first}T00:00:00+08:00`);
  const to = new Date(Date.parse(`${last}T00:00:00+08:00`) + 86_400_000);
  return { from: from.toISOString(), to: to.toISOString() };
}

/** A figure's value as people read it. */
export function formatFigure(value: number | null, column: FigureColumn, a: AssessmentMessages): string {
  if (value === null) return a.nothing;
  if (FIGURE_KIND[column] === 'rate') return `${(value * 100).toFixed(1)}%`;
  if (FIGURE_KIND[column] === 'minutes') return fill(a.minutes, { n: value.toFixed(1) });
  return String(value);
}

/** Groups by one figure, best (or worst) first; a figure with nothing counted last either way. */
function ranked(groups: readonly FigureGroup[], column: FigureColumn, best: boolean): FigureGroup[] {
  const sign = FIGURE_HIGHER_IS_BETTER[column] === best ? -1 : 1;
  return [...groups].sort((x, y) => {
    const a = figureValue(x, column);
    const b = figureValue(y, column);
    if (a === null || b === null) return a === null ? (b === null ? x.name.localeCompare(y.name, 'zh') : 1) : -1;
    return sign * (a - b) || x.name.localeCompare(y.name, 'zh');
  });
}

interface Drill {
  group: FigureGroup;
  column: FigureColumn;
}

export function AssessmentPage({ onOpenEvent }: { onOpenEvent(eventId: string): void }) {
  const m = useMessages();
  const a = useAssessmentMessages();
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const { now } = useServerClock();
  const today = beijingDate(now);
  const [period, setPeriod] = useState<Period>('month');
  const [custom, setCustom] = useState<[string, string]>(() => periodDates('month', today));
  const [groupBy, setGroupBy] = useState<GroupBy>('town');
  const [rankBy, setRankBy] = useState<FigureColumn>('closeOnTime');
  const [best, setBest] = useState(true);
  const [figures, setFigures] = useState<MetricsFigures | null>(null);
  const [drill, setDrill] = useState<Drill | null>(null);
  const [events, setEvents] = useState<MetricsEvents | null>(null);
  const dates = period === 'custom' ? custom : periodDates(period === 'today' ? 'day' : period, today);
  const range = useMemo(() => datesRange(dates[0], dates[1]), [dates[0], dates[1]]); // eslint-disable-line react-hooks/exhaustive-deps
  const query = useMemo(() => ({ ...range, groupBy }), [range, groupBy]);

  useFeedLoad(
    useCallback(() => api.metrics.figures(query), [query]),
    { apply: (r) => (r.ok ? setFigures(r.data) : desk.report(r.error)), feed: { events: true }, minGapMs: 2000 },
  );
  const drillKey = drill?.group.key ?? '';
  const drillFigure = drill?.column ?? 'received';
  useFeedLoad(
    useCallback(() => api.metrics.events({ ...query, key: drillKey, figure: drillFigure }), [query, drillKey, drillFigure]),
    { apply: (r) => (r.ok ? setEvents(r.data) : desk.report(r.error)), feed: { events: true }, minGapMs: 2000, enabled: drill !== null },
  );

  const groupLabel = (g: FigureGroup): string => (g.key === '' ? (groupBy === 'town' ? a.groups.town! : a.unnamed) : g.name);
  const open = (group: FigureGroup, column: FigureColumn) => {
    setEvents(null);
    setDrill({ group, column });
  };
  const exportXlsx = async () => {
    const r = await api.metrics.export(query);
    if (!r.ok) return desk.report(r.error);
    downloadFile(r.data);
    void message.success(fill(a.exported, { name: r.data.fileName }));
  };

  /** One figure's number, a button that opens the events behind it, with the previous period under it. */
  const figureCell = (g: FigureGroup, column: FigureColumn, big = false) => {
    const value = figureValue(g, column);
    const before = figureValue(g, column, 'previous');
    const basis = figureBasis(g.current, column);
    return (
      <div className={big ? 'assess-card' : 'assess-cell'}>
        {big && <div className="assess-card-name">{a.figures[column]}</div>}
        <Button
          type="link"
          className={`assess-value${big ? ' assess-value-big' : ''}`}
          onClick={() => open(g, column)}
          aria-label={`${groupLabel(g)} ${a.figures[column]} ${formatFigure(value, column, a)}`}
          title={value === null ? a.nothingHint : undefined}
          data-testid={`assess-${column}-${g.key || 'all'}`}
        >
          {formatFigure(value, column, a)}
        </Button>
        <div className="assess-sub">
          {basis && basis.of > 0 && <span>{fill(a.basis, basis)} · </span>}
          {column !== 'heldNow' && fill(a.previousValue, { value: formatFigure(before, column, a) })}
        </div>
      </div>
    );
  };

  const groups = figures?.groups ?? [];
  const rows = groupBy === 'town' ? groups : ranked(groups, rankBy, best);
  return (
    <div className="page-pad assess-page" data-testid="assessment-page">
      <h2 className="page-title">{a.title}</h2>
      <p className="muted">{a.intro}</p>
      <div className="assess-controls">
        <span className="assess-label">{a.period}</span>
        <Segmented<Period>
          value={period}
          onChange={setPeriod}
          options={(['today', 'week', 'month', 'custom'] as const).map((p) => ({ value: p, label: a.periods[p] }))}
          aria-label={a.period}
          data-testid="assess-period"
        />
        {period === 'custom' && (
          <DatePicker.RangePicker
            value={[dayjs(custom[0]), dayjs(custom[1])]}
            onChange={(v) => {
              const [from, to] = (v ?? []) as [Dayjs | null, Dayjs | null];
              if (from && to) setCustom([from.format('YYYY-MM-DD'), to.format('YYYY-MM-DD')]);
            }}
            allowClear={false}
            placeholder={[a.from, a.to]}
            aria-label={`${a.from}—${a.to}`}
            data-testid="assess-range"
          />
        )}
        <span className="muted" data-testid="assess-dates">
          {fill(a.range, { from: dates[0], to: dates[1] })}
        </span>
        <span className="assess-label">{a.groupBy}</span>
        <Select<GroupBy>
          value={groupBy}
          onChange={setGroupBy}
          options={GROUPS.map((g) => ({ value: g, label: a.groups[g] }))}
          style={{ width: 120 }}
          aria-label={a.groupBy}
          data-testid="assess-group"
        />
        {groupBy !== 'town' && (
          <>
            <span className="assess-label">{a.rankBy}</span>
            <Select<FigureColumn>
              value={rankBy}
              onChange={setRankBy}
              options={FIGURE_COLUMNS.map((c) => ({ value: c, label: a.figures[c] }))}
              style={{ width: 140 }}
              aria-label={a.rankBy}
              data-testid="assess-rank-by"
            />
            <Segmented<string>
              value={best ? 'best' : 'worst'}
              onChange={(v) => setBest(v === 'best')}
              options={[
                { value: 'best', label: a.best },
                { value: 'worst', label: a.worst },
              ]}
              aria-label={a.rankBy}
              data-testid="assess-order"
            />
          </>
        )}
        <Button icon={<DownloadOutlined />} onClick={() => void exportXlsx()} data-testid="assess-export">
          {a.export}
        </Button>
      </div>
      {groupBy === 'town' && groups[0] && (
        <div className="assess-cards" data-testid="assess-cards">
          {FIGURE_COLUMNS.map((c) => (
            <div key={c}>{figureCell(groups[0]!, c, true)}</div>
          ))}
        </div>
      )}
      {groupBy !== 'town' && (
        <Table<FigureGroup>
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={a.empty} /> }}
          data-testid="assess-table"
          onRow={(g) => ({ 'data-testid': 'assess-row', 'data-key': g.key }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: a.rank, key: 'rank', width: 56, fixed: 'left', render: (_, g, i) => (figureValue(g, rankBy) === null ? a.nothing : i + 1) },
            { title: a.name, key: 'name', width: 150, fixed: 'left', render: (_, g) => <span data-testid="assess-name">{groupLabel(g)}</span> },
            ...FIGURE_COLUMNS.map((c) => ({
              title: a.figures[c],
              key: c,
              width: 118,
              className: c === rankBy ? 'assess-ranked' : undefined,
              render: (_: unknown, g: FigureGroup) => figureCell(g, c),
            })),
          ]}
        />
      )}
      <Drawer
        open={drill !== null}
        onClose={() => setDrill(null)}
        size={860}
        title={drill ? fill(a.drillTitle, { group: groupLabel(drill.group), figure: a.figures[drill.column], total: events?.total ?? '…' }) : ''}
        closable={{ 'aria-label': a.close }}
        data-testid="assess-drill"
      >
        {events && events.total > events.rows.length && <p className="muted">{fill(a.drillMore, { shown: events.rows.length, total: events.total })}</p>}
        <Table
          size="small"
          rowKey="id"
          loading={events === null}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          dataSource={events?.rows ?? []}
          locale={{ emptyText: <Empty description={a.drillEmpty} /> }}
          data-testid="assess-drill-table"
          onRow={(r) => ({ 'data-testid': 'assess-drill-row', 'data-event-id': r.id }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: a.columns.title,
              key: 'title',
              render: (_, r) => (
                <Button
                  type="link"
                  className="approval-event"
                  onClick={() => {
                    setDrill(null);
                    onOpenEvent(r.id);
                  }}
                >
                  {r.title}
                </Button>
              ),
            },
            {
              title: a.columns.level,
              key: 'level',
              width: 84,
              render: (_, r) => (
                <Tag color={LEVEL_COLORS[r.level as keyof typeof LEVEL_COLORS]} variant="solid">
                  {nameOf(m.levels, r.level)}
                </Tag>
              ),
            },
            { title: a.columns.state, key: 'state', width: 80, render: (_, r) => nameOf(m.states, r.state) },
            { title: a.columns.reportedAt, key: 'reportedAt', width: 110, render: (_, r) => <span className="num">{formatShort(r.reportedAt)}</span> },
            {
              title: drill && (drill.column === 'avgAccept' || drill.column === 'avgHandle') ? a.columns.minutes : a.columns.due,
              key: 'due',
              width: 110,
              render: (_, r) =>
                r.minutes !== null ? (
                  fill(a.minutes, { n: r.minutes.toFixed(1) })
                ) : r.due ? (
                  <span className="num">{/^\d{4}-\d{2}-\d{2}$/.test(r.due) ? r.due : formatShort(r.due)}</span>
                ) : (
                  a.nothing
                ),
            },
            {
              title: a.columns.mark,
              key: 'mark',
              width: 90,
              render: (_, r) => <Tag color={r.mark === 'late' || r.mark === 'unsatisfied' || r.mark === 'not_counted' ? 'red' : undefined}>{a.marks[r.mark]}</Tag>,
            },
          ]}
        />
      </Drawer>
    </div>
  );
}

export default AssessmentPage;
