/**
 * The shell the sections of the town kept by hand share (人员, 岗位, 网格): a card with its intro, a
 * toolbar (the search, 显示已停用, the count of the rows shown, 新增), the table with a 状态 column and the 编辑 /
 * 停用 / 启用 buttons of each row, and the edit dialog (a form: Tab moves, Enter saves, Esc closes).
 * Each section gives its own columns, fields and commands.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Modal, Space, Switch, Table, Tag, type ButtonProps, type TableColumnsType } from 'antd';
import { useMemo, useState, type HTMLAttributes, type ReactNode } from 'react';
import type { ApiError } from '../../../../preload/contract';
import { fill } from '../../locales';
import { useTownAdminMessages } from './town-admin-locales';
import { useCountText, useSetActive, type ActiveWords, type AdminDialog } from './town-admin-shared';

/** The test ids of a section's parts: `${name}-search`, `${name}-table`, `${item}-row`, `${item}-edit` … */
export interface TownAdminIds {
  /** The section, plural: settings-people, people-search, people-table, people-show-inactive. */
  readonly name: string;
  /** One record: person-add, person-row, person-edit, person-deactivate, person-reactivate, person-save, person-form. */
  readonly item: string;
}

/** A section's words (town-admin-locales.ts): its title and intro, search and 新增, dialog titles, 停用 / 启用. */
export interface TownAdminWords extends ActiveWords {
  readonly title: string;
  readonly intro: string;
  readonly search: string;
  readonly add: string;
  readonly addTitle: string;
  /** `编辑…：{name}` */
  readonly editTitle: string;
  readonly columns: { readonly state: string };
}

type Row = { readonly active: boolean; readonly name: string };

export interface TownAdminTableProps<T extends Row, F> {
  readonly ids: TownAdminIds;
  readonly words: TownAdminWords;
  /** Whether a row matches the search (`text` as typed, trimmed; `lower` in lower case); empty text: every row. */
  matches(row: T, text: string, lower: string): boolean;
  readonly rows: readonly T[];
  rowKey(row: T): string;
  /** The row's data-* attributes besides its test id and data-active (e.g. data-code). */
  rowData(row: T): Record<string, string>;
  readonly columns: TableColumnsType<T>;
  /** Opens the dialog: a new record, or one to edit. */
  onOpen(row: T | 'new'): void;
  /** The 停用 / 启用 command; the list is read again after it. */
  setActive(row: T, active: boolean): Promise<{ ok: true } | { ok: false; error: ApiError }>;
  reload(): void;
  /** A row whose 停用 is not offered (e.g. oneself). */
  cannotDeactivate?(row: T): boolean;
  readonly dialog: {
    /** What the dialog edits and its form (useAdminDialog). */
    readonly state: AdminDialog<T, F>;
    onFinish(values: F): void;
    readonly width?: number;
    readonly children: ReactNode;
  };
}

export function TownAdminTable<T extends Row, F extends object>(props: TownAdminTableProps<T, F>) {
  const t = useTownAdminMessages();
  const count = useCountText();
  const { ids, words, dialog, rows, matches } = props;
  const onActive = useSetActive<T>(words, props.setActive, props.reload);
  const { editing, setEditing, saving, form } = dialog.state;
  const [query, setQuery] = useState('');
  const [showInactive, setShowInactive] = useState(true);
  const shown = useMemo(() => {
    const text = query.trim();
    return rows.filter((x) => (showInactive || x.active) && (!text || matches(x, text, text.toLowerCase())));
  }, [rows, matches, query, showInactive]);
  const columns: TableColumnsType<T> = [
    ...props.columns,
    {
      key: 'state',
      title: words.columns.state,
      width: 80,
      render: (_, x) => <Tag color={x.active ? 'green' : 'default'}>{x.active ? t.common.active : t.common.inactive}</Tag>,
    },
    {
      key: 'actions',
      title: t.common.actions,
      width: 150,
      render: (_, x) => (
        <Space size={4}>
          <Button size="small" onClick={() => props.onOpen(x)} data-testid={`${ids.item}-edit`}>
            {t.common.edit}
          </Button>
          {x.active ? (
            <Button size="small" danger disabled={props.cannotDeactivate?.(x)} onClick={() => onActive(x, false)} data-testid={`${ids.item}-deactivate`}>
              {t.common.deactivate}
            </Button>
          ) : (
            <Button size="small" onClick={() => onActive(x, true)} data-testid={`${ids.item}-reactivate`}>
              {t.common.reactivate}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card className="settings-card" title={words.title} data-testid={`settings-${ids.name}`}>
      <Space orientation="vertical" size={12} className="settings-stack">
        <div className="muted settings-intro">{words.intro}</div>
        <div className="town-admin-toolbar">
          <Input.Search
            allowClear
            placeholder={words.search}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            style={{ maxWidth: 280 }}
            data-testid={`${ids.name}-search`}
          />
          <label className="town-admin-switch">
            <Switch size="small" checked={showInactive} onChange={setShowInactive} data-testid={`${ids.name}-show-inactive`} />
            {t.common.showInactive}
          </label>
          <span className="muted">{count(shown.length)}</span>
          <span className="header-spacer" />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => props.onOpen('new')} data-testid={`${ids.item}-add`}>
            {words.add}
          </Button>
        </div>
        <Table<T>
          size="small"
          rowKey={props.rowKey}
          dataSource={shown}
          pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
          scroll={{ y: 420 }}
          data-testid={`${ids.name}-table`}
          rowClassName={(x) => (x.active ? '' : 'town-admin-inactive')}
          onRow={(x) => ({ 'data-testid': `${ids.item}-row`, ...props.rowData(x), 'data-active': String(x.active) }) as HTMLAttributes<HTMLElement>}
          columns={columns}
        />
      </Space>
      <Modal
        open={editing !== null}
        title={editing && editing !== 'new' ? fill(words.editTitle, { name: editing.name }) : words.addTitle}
        onCancel={() => setEditing(null)}
        okText={t.common.save}
        cancelText={t.common.cancel}
        okButtonProps={{ htmlType: 'submit', loading: saving, 'data-testid': `${ids.item}-save` } as ButtonProps}
        destroyOnHidden
        width={dialog.width}
        modalRender={(node) => (
          <Form<F> form={form} layout="vertical" onFinish={dialog.onFinish} data-testid={`${ids.item}-form`}>
            {node}
          </Form>
        )}
      >
        {dialog.children}
      </Modal>
    </Card>
  );
}
