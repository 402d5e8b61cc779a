/**
 * 值班表: one month's roster as published — a row per day, a column per shift role. Generate, edit a
 * cell from the candidates (with why someone cannot), clashes highlighted and listed, the fairness
 * summary, and the spreadsheet round trip (export; import whole or not at all, problems by cell).
 * Tabs beside the sheet: 请假与出差 (absences), 调班 (swaps approved by the leader) and 班次设置 (the
 * shift templates and duty settings), all for the month picked here.
 */
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Badge, Button, DatePicker, Empty, Popconfirm, Space, Table, Tabs, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useMemo, useRef, useState } from 'react';
import { ROSTER_XLSX_MAX_BYTES, type Clash, type RosterView, type SheetProblem, type ShiftView } from '../../../preload/contract';
import { api } from '../api';
import { AbsencesPanel } from '../components/roster/AbsencesPanel';
import { CellEditor, type CellRef } from '../components/roster/CellEditor';
import { useGridCursor } from '../components/roster/grid-cursor';
import { downloadFile, fileToBase64, sheetProblemText } from '../components/roster/files';
import { SetupPanel } from '../components/roster/SetupPanel';
import { SwapsPanel } from '../components/roster/SwapsPanel';
import '../components/roster/roster.css';
import { useDesk } from '../context/Desk';
import { useServerClock } from '../context/ServerClock';
import { useFeedLoad } from '../hooks/use-feed-load';
import { beijingDate } from '../lib/beijing-time';
import { useIntentIds } from '../lib/command-id';
import { fill, nameOf, useMessages } from '../locales';

interface Column {
  templateCode: string;
  roleKey: string;
  label: string;
}

const cellKey = (shiftId: string, roleKey: string) => `${shiftId}|${roleKey}`;

type RosterTab = 'sheet' | 'absences' | 'swaps' | 'setup';
const TABS: readonly RosterTab[] = ['sheet', 'absences', 'swaps', 'setup'];

export function RosterPage() {
  const m = useMessages();
  const r = m.duty.roster;
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const { now } = useServerClock();
  const [month, setMonth] = useState(() => beijingDate(now).slice(0, 7));
  const [view, setView] = useState<RosterView | null>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  // Generating a month, or importing one file into it, is one intent: a double click does it once.
  const intents = useIntentIds();
  const [problems, setProblems] = useState<SheetProblem[] | null>(null);
  const [editing, setEditing] = useState<CellRef | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [tab, setTab] = useState<RosterTab>('sheet');
  const [pendingSwaps, setPendingSwaps] = useState(0);
  const canEdit = desk.can('editRoster');
  const canDecide = desk.can('decideSwap');

  useFeedLoad(
    useCallback(() => api.roster.get({ month }), [month]),
    {
      apply: (res) => {
        if (res.ok) {
          setView(res.data);
          setMissing(false);
        } else if (res.error.code === 'not_found') {
          setView(null);
          setMissing(true);
        } else desk.report(res.error);
      },
      feed: { roster: (msg) => msg.parts.includes('roster') || msg.parts.includes('absences') },
    },
  );
  /** Another month: the last import's problems were about the month left. */
  const changeMonth = (next: string): void => {
    setProblems(null);
    setMonth(next);
  };

  /** The leader sees how many swaps wait for a decision on the tab. */
  useFeedLoad(
    useCallback(() => api.roster.swaps({ pendingOnly: true }), []),
    {
      enabled: canDecide,
      apply: (res) => {
        if (res.ok) setPendingSwaps(res.data.length);
      },
      feed: { roster: (msg) => msg.parts.includes('swaps') },
    },
  );

  const generate = async () => {
    setBusy(true);
    const res = await intents.send(`generate:${month}`, (commandId) => api.roster.generate({ month, commandId }));
    setBusy(false);
    if (!res.ok) return desk.report(res.error);
    setView(res.data);
    setMissing(false);
    setProblems(null);
    void message.success(fill(r.generated, { month }));
  };

  const exportXlsx = async () => {
    const res = await api.roster.exportXlsx({ month });
    if (!res.ok) return desk.report(res.error);
    downloadFile(res.data);
  };

  const importXlsx = async (file: File) => {
    if (file.size > ROSTER_XLSX_MAX_BYTES) {
      setProblems([{ cell: null, code: 'file_too_large', value: String(ROSTER_XLSX_MAX_BYTES), expected: null, message: '' }]);
      return;
    }
    setBusy(true);
    const dataBase64 = await fileToBase64(file);
    const res = await intents.send(`import:${month}:${file.name}:${file.size}:${file.lastModified}`, (commandId) =>
      api.roster.importXlsx({ month, fileName: file.name, dataBase64, commandId }),
    );
    setBusy(false);
    if (!res.ok) return desk.report(res.error);
    if (!res.data.imported) {
      setProblems(res.data.problems);
      return;
    }
    setProblems(null);
    if (res.data.roster) setView(res.data.roster);
    void message.success(fill(r.imported, { month }));
  };

  const columns = useMemo<Column[]>(() => {
    if (!view) return [];
    const several = view.templates.length > 1;
    const shifts = view.days.flatMap((d) => d.shifts);
    return view.templates.flatMap((t) => {
      const sample = shifts.find((s) => s.templateCode === t.code);
      return (sample?.roles ?? []).map((role) => ({ templateCode: t.code, roleKey: role.key, label: several ? `${t.name}·${role.label}` : role.label }));
    });
  }, [view]);

  const clashCells = useMemo(() => {
    const map = new Map<string, Clash[]>();
    for (const c of view?.clashes ?? []) {
      if (!c.roleKey) continue;
      const k = cellKey(c.shiftId, c.roleKey);
      map.set(k, [...(map.get(k) ?? []), c]);
    }
    return map;
  }, [view]);

  const rows = view?.days ?? [];
  const shiftOf = (day: (typeof rows)[number], code: string): ShiftView | undefined => day.shifts.find((s) => s.templateCode === code);
  // The sheet by keyboard (#19): one cell is the Tab stop, the arrows move it, Enter edits.
  const cursor = useGridCursor(rows.length, columns.length);
  const table = useRef<HTMLTableElement>(null);
  // The editor gone, the focus goes back to the cell it was opened from (the sheet's Tab stop).
  const closeEditor = (): void => {
    setEditing(null);
    // The dialog hands the focus back as it goes (to the page, at times): taken back to the cell for a
    // few frames, until it stays there.
    let frames = 0;
    let held = 0;
    const back = (): void => {
      const cell = table.current?.querySelector<HTMLElement>('[data-r][tabindex="0"]');
      if (!cell) return;
      if (document.activeElement === cell) held += 1;
      else if (document.activeElement === document.body || document.activeElement === null || held === 0) {
        held = 0;
        cell.focus();
      }
      if (held < 3 && ++frames < 30) requestAnimationFrame(back);
    };
    requestAnimationFrame(back);
  };

  return (
    <div className="page-pad roster-page" data-testid="roster-page">
      <div className="roster-toolbar">
        <h2 className="page-title">{r.title}</h2>
        {tab !== 'setup' && (
          <>
            <Button onClick={() => changeMonth(dayjs(`${month}-01`).subtract(1, 'month').format('YYYY-MM'))} data-testid="roster-prev-month">
              {r.prevMonth}
            </Button>
            <DatePicker
              picker="month"
              allowClear={false}
              value={dayjs(`${month}-01`)}
              onChange={(d: Dayjs | null) => d && changeMonth(d.format('YYYY-MM'))}
              data-testid="roster-month"
            />
            <Button onClick={() => changeMonth(dayjs(`${month}-01`).add(1, 'month').format('YYYY-MM'))} data-testid="roster-next-month">
              {r.nextMonth}
            </Button>
          </>
        )}
        {tab === 'sheet' && (
          <Space>
            {canEdit &&
              (view ? (
                <Popconfirm title={r.regenerateConfirm} onConfirm={() => void generate()}>
                  <Button loading={busy} data-testid="roster-generate">
                    {r.regenerate}
                  </Button>
                </Popconfirm>
              ) : (
                <Button type="primary" loading={busy} onClick={() => void generate()} data-testid="roster-generate">
                  {r.generate}
                </Button>
              ))}
            <Button icon={<DownloadOutlined />} disabled={!view} onClick={() => void exportXlsx()} data-testid="roster-export">
              {r.exportXlsx}
            </Button>
            {canEdit && (
              <Button icon={<UploadOutlined />} loading={busy} onClick={() => fileInput.current?.click()} data-testid="roster-import">
                {r.importXlsx}
              </Button>
            )}
            <input
              ref={fileInput}
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              style={{ display: 'none' }}
              data-testid="roster-import-input"
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void importXlsx(file);
              }}
            />
          </Space>
        )}
      </div>
      <Tabs
        className="roster-tabs"
        animated={{ inkBar: false, tabPane: false }}
        activeKey={tab}
        onChange={(k) => setTab(k as RosterTab)}
        items={TABS.map((k) => ({
          key: k,
          label: (
            <span data-testid={`roster-tab-${k}`}>
              {nameOf(m.rosterAdmin.tabs, k)}
              {k === 'swaps' && pendingSwaps > 0 && <Badge count={pendingSwaps} size="small" style={{ marginLeft: 6 }} />}
            </span>
          ),
        }))}
      />
      {tab === 'absences' && <AbsencesPanel month={month} view={view} onShowSheet={() => setTab('sheet')} />}
      {tab === 'swaps' && <SwapsPanel month={month} view={view} />}
      {tab === 'setup' && <SetupPanel />}
      {tab === 'sheet' && (
        <>
          {!canEdit && <div className="muted">{r.readOnly}</div>}
          {problems && problems.length > 0 && (
            <Alert
              type="error"
              showIcon
              closable
              onClose={() => setProblems(null)}
              data-testid="roster-import-problems"
              title={fill(r.importFailed, { count: problems.length })}
              description={
                <ul className="roster-problems">
                  {problems.map((p, i) => (
                    <li key={i}>{sheetProblemText(m, p)}</li>
                  ))}
                </ul>
              }
            />
          )}
          {missing && <Empty description={fill(r.none, { month })} data-testid="roster-none" />}
          {view && (
            <>
              <div className="roster-table-wrap">
                <table
                  className="roster-table"
                  ref={table}
                  role="grid"
                  aria-label={fill(r.gridLabel, { month })}
                  data-testid="roster-table"
                  onKeyDown={(e) =>
                    cursor.onKeyDown(e, (ri, ci) => {
                      const day = rows[ri];
                      const col = columns[ci];
                      const shift = day && col ? shiftOf(day, col.templateCode) : undefined;
                      const role = shift?.roles.find((x) => x.key === col?.roleKey);
                      if (day && shift && role && canEdit && !shift.ended) setEditing({ shift, role, date: day.date });
                    })
                  }
                >
                  <thead>
                    <tr>
                      <th>{r.date}</th>
                      <th>{r.weekday}</th>
                      {columns.map((c) => (
                        <th key={`${c.templateCode}|${c.roleKey}`}>{c.label}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((day, ri) => (
                      <tr key={day.date} className={`roster-day ${day.dayKind}`} data-testid="roster-row" data-date={day.date}>
                        <td className="num">{day.date.slice(5)}</td>
                        <td>
                          {m.duty.weekdays[day.weekday]}
                          {day.holidayName && <span className="roster-holiday">{day.holidayName}</span>}
                        </td>
                        {columns.map((c, ci) => {
                          const shift = shiftOf(day, c.templateCode);
                          const role = shift?.roles.find((x) => x.key === c.roleKey);
                          const at = { 'data-r': ri, 'data-c': ci, tabIndex: cursor.tabIndex(ri, ci), onFocus: () => cursor.onFocus(ri, ci) };
                          if (!shift || !role)
                            return <td key={c.templateCode + c.roleKey} className="roster-cell none" role="gridcell" aria-label={`${day.date} ${c.label}：${r.noShift}`} {...at} />;
                          const clashes = clashCells.get(cellKey(shift.id, role.key)) ?? [];
                          const error = clashes.some((x) => x.severity === 'error');
                          const cls = ['roster-cell', error ? 'clash' : clashes.length ? 'warn' : '', shift.ended ? 'ended' : '', canEdit && !shift.ended ? 'editable' : ''].join(
                            ' ',
                          );
                          const names = role.slots.map((s) => s.name ?? r.empty).join('、');
                          return (
                            <td
                              key={c.templateCode + c.roleKey}
                              className={cls}
                              title={clashes.map((x) => x.message).join('\n') || undefined}
                              data-testid="roster-cell"
                              data-shift-id={shift.id}
                              data-role={role.key}
                              data-clash={error ? 'error' : clashes.length ? 'warning' : undefined}
                              role="gridcell"
                              aria-label={`${day.date} ${c.label}：${names}${clashes.length ? `（${clashes.map((x) => x.message).join('；')}）` : ''}`}
                              {...at}
                              onClick={() => canEdit && !shift.ended && setEditing({ shift, role, date: day.date })}
                            >
                              {names}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="roster-side">
                <section className="roster-clashes" data-testid="roster-clashes">
                  <h3>{fill(r.clashes, { count: view.clashes.length })}</h3>
                  {view.clashes.length === 0 ? (
                    <div className="muted">{r.noClashes}</div>
                  ) : (
                    <ul>
                      {view.clashes.map((c, i) => (
                        <li key={i} data-testid="roster-clash">
                          <Tag color={c.severity === 'error' ? 'red' : 'orange'}>{nameOf(r.clashKinds, c.kind)}</Tag>
                          {c.date} {c.shiftName} {c.roleLabel ?? ''} {c.personName ?? ''}
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
                <section className="roster-fairness" data-testid="roster-fairness">
                  <h3>{r.fairness}</h3>
                  <Table
                    size="small"
                    pagination={false}
                    rowKey={(x) => `${x.pool}|${x.personId}`}
                    dataSource={view.fairness}
                    columns={[
                      { title: r.person, dataIndex: 'name' },
                      { title: r.pool, dataIndex: 'pool', render: (p: string) => view.pools.find((x) => x.roleKey === p)?.label ?? p },
                      { title: r.total, dataIndex: 'total', align: 'right' },
                      { title: r.nights, dataIndex: 'nights', align: 'right' },
                      { title: r.weekends, dataIndex: 'weekends', align: 'right' },
                      { title: r.holidays, dataIndex: 'holidays', align: 'right' },
                      { title: r.hours, dataIndex: 'hours', align: 'right' },
                    ]}
                  />
                </section>
              </div>
            </>
          )}
        </>
      )}
      {editing && (
        <CellEditor
          cell={editing}
          onClose={closeEditor}
          onSaved={(v) => {
            setView(v);
            closeEditor();
            void message.success(fill(r.assigned, { date: editing.date, shift: editing.shift.name, role: editing.role.label }));
          }}
        />
      )}
    </div>
  );
}
