/**
 * 值班日志: add an entry (attached to the shift covering now), list newest first, search the text;
 * the author or a duty leader edits or deletes an entry until its shift has been handed over.
 */
import { App as AntApp, Button, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useCallback, useState, type HTMLAttributes } from 'react';
import { DUTY_LOG_KINDS, type DutyLogEntry, type DutyLogKind } from '../../../preload/contract';
import { api } from '../api';
import { DutyLogEditor } from '../components/roster/DutyLogEditor';
import '../components/roster/roster.css';
import { useDesk } from '../context/Desk';
import { useFeedLoad } from '../hooks/use-feed-load';
import { useIntentIds } from '../lib/command-id';
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
  const [editing, setEditing] = useState<DutyLogEntry | null>(null);
  const canWrite = desk.can('writeDutyLog');
  const me = desk.session.person;
  const mayChange = (e: DutyLogEntry) => canWrite && (e.authorId === me.id || me.roles.includes('leader'));

  // Searching as the person types: each keystroke asks again, and only the newest answer is shown.
  const search = q.trim();
  const load = useFeedLoad(
    useCallback(() => api.dutyLog.list({ q: search || undefined, limit: 200 }), [search]),
    {
      apply: (res) => {
        if (res.ok) {
          setEntries(res.data.entries);
          setTotal(res.data.total);
        } else desk.report(res.error);
      },
      feed: { roster: (msg) => msg.parts.includes('dutyLog') },
    },
  );

  // Adding the entry typed is one intent until it is added: a double click adds it once.
  const intents = useIntentIds();
  const add = async () => {
    if (!text.trim()) return;
    const res = await api.dutyLog.add({ kind, text: text.trim(), commandId: intents.of('add') });
    if (!res.ok) return desk.report(res.error);
    intents.forget('add');
    setText('');
    void message.success(l.added);
    load();
  };

  const remove = async (e: DutyLogEntry) => {
    const res = await intents.send(`delete:${e.id}`, (commandId) => api.dutyLog.delete({ entryId: e.id, commandId }));
    if (!res.ok) return desk.report(res.error);
    void message.success(m.rosterAdmin.log.deleted);
    load();
  };

  return (
    <div className="page-pad duty-page" data-testid="duty-log-page">
      <h2 className="page-title">{l.title}</h2>
      {canWrite && (
        <div style={{ display: 'flex', gap: 8 }}>
          <Select
            value={kind}
            onChange={setKind}
            style={{ width: 110 }}
            options={DUTY_LOG_KINDS.map((k) => ({ value: k, label: nameOf(l.kinds, k) }))}
            aria-label={l.kind}
            data-testid="log-kind"
          />
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
        onRow={(e) => ({ 'data-testid': 'log-row', 'data-entry-id': e.id }) as HTMLAttributes<HTMLElement>}
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
          ...(canWrite
            ? [
                {
                  title: m.rosterAdmin.log.actions,
                  width: 130,
                  render: (_: unknown, e: DutyLogEntry) =>
                    !mayChange(e) ? null : !e.editable ? (
                      <span className="muted">{m.rosterAdmin.log.locked}</span>
                    ) : (
                      <Space size={4}>
                        <Button size="small" type="link" onClick={() => setEditing(e)} data-testid="log-edit">
                          {m.rosterAdmin.log.edit}
                        </Button>
                        <Popconfirm title={m.rosterAdmin.log.deleteConfirm} onConfirm={() => void remove(e)} okButtonProps={{ danger: true }}>
                          <Button size="small" type="link" danger data-testid="log-delete">
                            {m.rosterAdmin.log.delete}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      {editing && (
        <DutyLogEditor
          key={editing.id}
          entry={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void message.success(m.rosterAdmin.log.saved);
            load();
          }}
        />
      )}
    </div>
  );
}
