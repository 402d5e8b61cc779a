/**
 * 审计日志 (leaders and administrators): the kernel's audit rows and the events' timelines, newest
 * first, filtered by person, kind and time; read a page at a time by cursor (the log can hold 100k+
 * rows: core reads each page with an index), in a virtual table that loads more at its end (or with
 * 加载更多). 打开 opens the record a row touched: an event opens its detail in the queue; anything else
 * shows its fields as a table. 导出 Excel writes what the filter finds (the core escapes every cell).
 */
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, DatePicker, Descriptions, Modal, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useMemo, useRef, useState, type HTMLAttributes } from 'react';
import { auditEntityName, auditKindName, type AuditActor, type AuditField, type AuditFilter, type AuditKindCount, type AuditRow } from '../../../preload/contract';
import { api } from '../api';
import { downloadFile } from '../components/roster/files';
import { useDesk } from '../context/Desk';
import { useFeedLoad } from '../hooks/use-feed-load';
import { formatDateTime, fromBeijingWallClock } from '../lib/beijing-time';
import { fill, nameOf, useMessages } from '../locales';
import { useAuditLocale, useAuditMessages, type AuditMessages } from './audit/audit-locales';
import './audit/audit.css';

const PAGE = 100;
const loadActors = () => api.audit.actors({});
const loadKinds = () => api.audit.kinds({});

/** A Beijing date (YYYY-MM-DD) as the instant its day begins. */
const dayStart = (d: Dayjs): string => fromBeijingWallClock(`${d.format('YYYY-MM-DD')}T00:00:00`);

interface Words {
  a: AuditMessages;
  roles: Record<string, string>;
  /** Coded values by word: the audit's own, the levels, states and sources of events. */
  codes: Record<string, string>;
  person(id: string): string | null;
  post(id: string): string | null;
  board(code: string): string | null;
}

/** Columns that hold a flag. */
const BOOLEAN_KEYS = new Set(['active', 'available', 'archived', 'drill', 'night', 'mustChangePassword', 'carriedOver', 'isOpen']);

/** One value of a record or a change, in words: people and posts by name, roles and booleans in the locale. */
function valueText(w: Words, key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return w.a.empty_value;
  if (typeof value === 'boolean') return value ? w.a.yes : w.a.no;
  if (Array.isArray(value)) return value.length === 0 ? w.a.empty_value : value.map((v) => valueText(w, key, v)).join('、');
  // SQLite keeps a flag as 1 / 0.
  if (BOOLEAN_KEYS.has(key) && (value === 1 || value === 0 || value === '1' || value === '0')) return Number(value) === 1 ? w.a.yes : w.a.no;
  if (typeof value === 'string') {
    if (/PersonId$|^personId$|^gridWorkerId$|^authorId$|^createdBy$|^cancelledBy$/.test(key)) return w.person(value) ?? value;
    if (/PostId$|PostIds$|^postId$/.test(key)) return w.post(value) ?? value;
    if (key === 'roles')
      return value
        .split(',')
        .map((r) => nameOf(w.roles, r))
        .join('、');
    if (key === 'boardCode' || key === 'board') return w.board(value) ?? value;
    if (/(At|^at|until)$/.test(key) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value, true);
    if (/^(kind|level|state|fromState|toState|source|side|status|account|via|as|reason)$/.test(key)) return w.codes[value] ?? value;
    return value;
  }
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.type === 'string' && typeof v.points === 'number') return `${v.type} · ${v.points}`;
    return Object.entries(v)
      .map(([k, x]) => `${nameOf(w.a.fields, k)}：${valueText(w, k, x)}`)
      .join('；');
  }
  return String(value);
}

/** What a row says, short: a change as `field: before → after`, anything else as its fields. */
function summary(w: Words, detail: unknown): string {
  if (!detail || typeof detail !== 'object' || Array.isArray(detail)) return typeof detail === 'string' ? detail : '';
  const d = detail as Record<string, unknown>;
  const before = d.before && typeof d.before === 'object' ? (d.before as Record<string, unknown>) : null;
  const after = d.after && typeof d.after === 'object' ? (d.after as Record<string, unknown>) : null;
  if (before && after) {
    const changed = Object.keys({ ...before, ...after }).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    return changed.map((k) => fill(w.a.changed, { field: nameOf(w.a.fields, k), before: valueText(w, k, before[k]), after: valueText(w, k, after[k]) })).join('；');
  }
  const shown = after ?? d;
  return Object.entries(shown)
    .filter(([k]) => k !== 'before')
    .map(([k, v]) => `${nameOf(w.a.fields, k)}：${valueText(w, k, v)}`)
    .join('；');
}

export function AuditPage({ onOpenEvent }: { onOpenEvent(eventId: string): void }) {
  const m = useMessages();
  const a = useAuditMessages();
  const locale = useAuditLocale();
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const [actors, setActors] = useState<AuditActor[]>([]);
  const [kinds, setKinds] = useState<AuditKindCount[]>([]);
  const [actorId, setActorId] = useState<string | undefined>();
  const [kindFilter, setKindFilter] = useState<string[]>([]);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [record, setRecord] = useState<{ title: string; note: string; fields: AuditField[] } | null>(null);
  const loadingMore = useRef(false);
  /** The cursor the rows shown end at (a page that comes back for another one is dropped). */
  const nextRef = useRef<string | null>(null);
  const readable = desk.can('readAudit');

  useFeedLoad(loadActors, { enabled: readable, apply: (r) => (r.ok ? setActors(r.data) : desk.report(r.error)), feed: { town: true } });
  useFeedLoad(loadKinds, { enabled: readable, apply: (r) => (r.ok ? setKinds(r.data) : desk.report(r.error)) });

  const filter = useMemo<AuditFilter>(
    () => ({
      ...(actorId ? { actorId } : {}),
      ...(kindFilter.length > 0 ? { kinds: kindFilter } : {}),
      ...(range?.[0] ? { from: dayStart(range[0]) } : {}),
      ...(range?.[1] ? { to: dayStart(range[1].add(1, 'day')) } : {}),
    }),
    [actorId, kindFilter, range],
  );

  // The first page of the filter: loaded again when the filter changes (older answers dropped).
  const loadFirst = useCallback(() => api.audit.list({ ...filter, limit: PAGE }), [filter]);
  const reload = useFeedLoad(loadFirst, {
    enabled: readable,
    apply: (r) => {
      if (!r.ok) return desk.report(r.error);
      nextRef.current = r.data.nextCursor;
      setRows(r.data.rows);
      setTotal(r.data.total);
      setNext(r.data.nextCursor);
    },
  });

  const loadMore = async (): Promise<void> => {
    if (!next || loadingMore.current) return;
    loadingMore.current = true;
    setLoading(true);
    const cursor = next;
    const r = await api.audit.list({ ...filter, cursor, limit: PAGE });
    loadingMore.current = false;
    setLoading(false);
    if (!r.ok) return desk.report(r.error);
    // A filter changed meanwhile: this page belongs to the old one.
    if (nextRef.current !== cursor) return;
    nextRef.current = r.data.nextCursor;
    setRows((list) => [...list, ...r.data.rows]);
    setTotal(r.data.total);
    setNext(r.data.nextCursor);
  };

  const names = useMemo(() => new Map(actors.map((x) => [x.id, x])), [actors]);
  const words: Words = useMemo(
    () => ({
      a,
      roles: m.roles as Record<string, string>,
      codes: { ...(m.levels as Record<string, string>), ...(m.states as Record<string, string>), ...(m.sources as Record<string, string>), ...a.values },
      person: (id) => names.get(id)?.name ?? null,
      post: (id) => desk.post(id)?.name ?? null,
      board: (code) => desk.town?.boards.find((b) => b.code === code)?.name ?? null,
    }),
    [a, m, names, desk],
  );

  const actorText = (row: AuditRow): string => {
    if (row.actorName) return names.get(row.actorId ?? '')?.active === false ? fill(a.inactive, { name: row.actorName }) : row.actorName;
    return row.actorId === null || row.actorId === 'system' ? a.system : a.otherConsole;
  };

  const open = async (row: AuditRow): Promise<void> => {
    if (!row.entityId) {
      setRecord({ title: auditKindName(row.kind, locale), note: '', fields: fieldsOf(row.detail) });
      return;
    }
    const r = await api.audit.record({ entity: row.entity, entityId: row.entityId });
    if (!r.ok) return desk.report(r.error);
    const entity = auditEntityName(row.entity, locale);
    if (r.data.kind === 'event') return onOpenEvent(r.data.eventId);
    const title = fill(a.recordTitle, { entity, name: row.subject ?? auditKindName(row.kind, locale) });
    if (r.data.kind === 'record') setRecord({ title, note: fill(a.recordNow, { entity }), fields: r.data.fields });
    else setRecord({ title, note: fill(a.recordMissing, { entity }), fields: fieldsOf(row.detail) });
  };

  const exportXlsx = async (): Promise<void> => {
    setExporting(true);
    const r = await api.audit.export(filter);
    setExporting(false);
    if (!r.ok) return desk.report(r.error);
    downloadFile(r.data);
    void message.success(fill(a.filters.exported, { count: Math.min(total, 50_000) }));
    if (total > 50_000) void message.warning(fill(a.filters.exportCapped, { total, count: 50_000 }));
  };

  const kindOptions = useMemo(
    () =>
      [...kinds]
        .sort((x, y) => x.kind.localeCompare(y.kind))
        .map((k) => ({ value: k.kind, label: `${auditKindName(k.kind, locale)}（${k.count}）`, search: auditKindName(k.kind, locale) })),
    [kinds, locale],
  );

  if (!readable) return <div className="page-pad muted">{a.readOnly}</div>;

  return (
    <div className="page-pad audit-page" data-testid="audit-page">
      <h2 className="page-title">{a.title}</h2>
      <div className="muted audit-intro">{a.intro}</div>
      <div className="audit-filters" data-testid="audit-filters">
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={a.filters.personAll}
          value={actorId}
          onChange={(v) => setActorId(v ?? undefined)}
          options={actors.map((x) => ({ value: x.id, label: x.active ? x.name : fill(a.inactive, { name: x.name }) }))}
          style={{ width: 180 }}
          aria-label={a.filters.person}
          data-testid="audit-person"
        />
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={a.filters.kindsAll}
          value={kindFilter}
          onChange={setKindFilter}
          showSearch={{ optionFilterProp: 'search' }}
          options={kindOptions}
          style={{ width: 300 }}
          aria-label={a.filters.kinds}
          data-testid="audit-kinds"
        />
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => setRange(v)}
          placeholder={[a.filters.from, a.filters.to]}
          allowEmpty={[true, true]}
          aria-label={a.filters.range}
          data-testid="audit-range"
        />
        <Button
          icon={<ReloadOutlined />}
          onClick={() => {
            setActorId(undefined);
            setKindFilter([]);
            setRange(null);
          }}
          data-testid="audit-reset"
        >
          {a.filters.reset}
        </Button>
        <span className="audit-total num" data-testid="audit-total">
          {fill(a.total, { total })}
        </span>
        <span className="header-spacer" />
        <Button icon={<DownloadOutlined />} loading={exporting} disabled={total === 0} onClick={() => void exportXlsx()} data-testid="audit-export">
          {exporting ? a.filters.exporting : a.filters.export}
        </Button>
      </div>
      <Table<AuditRow>
        size="small"
        rowKey="key"
        virtual
        dataSource={rows}
        pagination={false}
        scroll={{ y: 'calc(100vh - 330px)' as unknown as number, x: 1100 }}
        locale={{ emptyText: a.empty }}
        data-testid="audit-table"
        onScroll={(e) => {
          const el = e.currentTarget;
          if (el.scrollHeight - el.scrollTop - el.clientHeight < 200) void loadMore();
        }}
        onRow={(x) => ({ 'data-testid': 'audit-row', 'data-kind': x.kind }) as HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'at', title: a.columns.at, width: 170, render: (_, x) => <span className="num">{formatDateTime(x.at, true)}</span> },
          { key: 'actor', title: a.columns.actor, width: 130, render: (_, x) => <span data-testid="audit-actor">{actorText(x)}</span> },
          {
            key: 'kind',
            title: a.columns.kind,
            width: 170,
            render: (_, x) => (
              <Tag className="audit-kind" data-testid="audit-kind">
                {auditKindName(x.kind, locale)}
              </Tag>
            ),
          },
          {
            key: 'subject',
            title: a.columns.subject,
            width: 220,
            ellipsis: true,
            render: (_, x) => (
              <span title={x.subject ?? ''}>
                <span className="muted">{auditEntityName(x.entity, locale)}</span> {x.subject ?? ''}
              </span>
            ),
          },
          {
            key: 'summary',
            title: a.columns.summary,
            ellipsis: true,
            render: (_, x) => {
              const text = summary(words, x.detail);
              return <span title={text}>{text}</span>;
            },
          },
          {
            key: 'open',
            title: a.columns.open,
            width: 80,
            fixed: 'right',
            render: (_, x) => (
              <Button size="small" onClick={() => void open(x)} data-testid="audit-open">
                {a.open}
              </Button>
            ),
          },
        ]}
      />
      <div className="audit-more">
        <span className="muted">{fill(a.shown, { shown: rows.length, total })}</span>
        {next ? (
          <Button size="small" loading={loading} onClick={() => void loadMore()} data-testid="audit-load-more">
            {a.loadMore}
          </Button>
        ) : (
          rows.length > 0 && <span className="muted">{a.end}</span>
        )}
        <Button size="small" type="text" icon={<ReloadOutlined />} onClick={reload} aria-label={a.filters.reset} />
      </div>
      <Modal
        open={record !== null}
        destroyOnHidden
        title={record?.title}
        onCancel={() => setRecord(null)}
        footer={
          // Focus lands in the dialog: Enter or Esc closes it, and the page behind is not reached by Tab.
          <Button autoFocus onClick={() => setRecord(null)} data-testid="audit-record-close">
            {a.close}
          </Button>
        }
        width={640}
      >
        {record && (
          <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="audit-record">
            {record.note && <div className="muted">{record.note}</div>}
            <Descriptions size="small" bordered column={1} styles={{ label: { width: 160 } }}>
              {record.fields.map((f) => (
                <Descriptions.Item key={f.key} label={nameOf(a.fields, f.key)}>
                  <span className="audit-value">{valueText(words, f.key, parseValue(f.value))}</span>
                </Descriptions.Item>
              ))}
            </Descriptions>
          </Space>
        )}
      </Modal>
    </div>
  );
}

/** A field's text back to its value where it is JSON (a list, an object), so it is shown in words. */
function parseValue(text: string): unknown {
  if (!/^[[{]/.test(text)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A row's detail as fields (its changes flattened: 修改前 / 修改后 of each). */
function fieldsOf(detail: unknown): AuditField[] {
  if (!detail || typeof detail !== 'object' || Array.isArray(detail)) return detail === undefined ? [] : [{ key: 'text', value: String(detail) }];
  return Object.entries(detail as Record<string, unknown>).map(([key, value]) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) }));
}

export default AuditPage;
