/** 值班日志: add an entry (attached to the shift covering now), list newest first, search the text. */
import { App as AntApp, Button, Input, Select, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { DUTY_LOG_KINDS, type DutyLogEntry, type DutyLogKind } from '../../../preload/contract';
import { api } from '../api';
import '../components/roster/roster.css';
import { useDesk } from '../context/Desk';
import { useFeed } from '../context/Feed';
import { formatDateTime } from '../lib/beijing-time';
import { fill, nameOf, useMessages } from '../locales';

export function DutyLogPage() {
  const m = useMessages();
  const l = m.duty.log;
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const [kind, setKind] = useState<DutyLogKind>('call');
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [entries, setEntries] = useState<DutyLogEntry[]>([]);
  const [total, setTotal] = useState(0);
  const canWrite = desk.session.person.roles.some((r) => r === 'officer' || r === 'leader');

  const load = useCallback(async () => {
    const res = await api.dutyLog.list({ q: q.trim() || undefined, limit: 200 });
    if (res.ok) {
      setEntries(res.data.entries);
      setTotal(res.data.total);
    } else desk.report(res.error);
  }, [q, desk]);
  useEffect(() => {
    void load();
  }, [load]);
  useFeed('roster', (msg) => {
    if (msg.parts.includes('dutyLog')) void load();
  });

  const add = async () => {
    if (!text.trim()) return;
    const res = await api.dutyLog.add({ kind, text: text.trim() });
    if (!res.ok) return desk.report(res.error);
    setText('');
    void message.success(l.added);
    void load();
  };

  return (
    <div className="page-pad duty-page" data-testid="duty-log-page">
      <h2 className="page-title">{l.title}</h2>
      {canWrite && (
        <div style={{ display: 'flex', gap: 8 }}>
          <Select value={kind} onChange={setKind} style={{ width: 110 }} options={DUTY_LOG_KINDS.map((k) => ({ value: k, label: nameOf(l.kinds, k) }))} data-testid="log-kind" />
          <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} placeholder={l.placeholder} autoSize={{ minRows: 1, maxRows: 4 }} data-testid="log-text" />
          <Button type="primary" onClick={() => void add()} disabled={!text.trim()} data-testid="log-add">
            {l.add}
          </Button>
        </div>
      )}
      <div style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
        <Input.Search allowClear placeholder={l.search} onSearch={(v) => setQ(v)} style={{ maxWidth: 360 }} data-testid="log-search" />
        <span className="muted">{fill(l.total, { total })}</span>
      </div>
      <Table
        size="small"
        rowKey="id"
        data-testid="log-table"
        dataSource={entries}
        locale={{ emptyText: l.empty }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: l.at, dataIndex: 'at', width: 150, render: (at: string) => <span className="num">{formatDateTime(at)}</span> },
          { title: l.kind, dataIndex: 'kind', width: 80, render: (k: string) => <Tag>{nameOf(l.kinds, k)}</Tag> },
          { title: l.text, dataIndex: 'text' },
          { title: l.author, dataIndex: 'authorName', width: 100 },
          { title: l.shift, width: 160, render: (_: unknown, e: DutyLogEntry) => (e.shiftDate ? `${e.shiftDate} ${e.shiftName ?? ''}` : '') },
        ]}
      />
    </div>
  );
}
