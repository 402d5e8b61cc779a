/**
 * 系统设置 → 人员 (the administrator's): the town's people with their accounts, roles, board and the
 * posts they hold; add and edit in a dialog (a new account's one-time password is shown once), 停用 /
 * 启用 (refused with what to do when the person is a post's A holder). Every change is a kernel
 * command, audited and sent to the district; the list follows the `town` feed.
 */
import { PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Checkbox, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography, type ButtonProps } from 'antd';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { ROLES, type PersonAdmin, type Role } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useIntentIds } from '../../lib/command-id';
import { fill, nameOf, useMessages } from '../../locales';
import { useTownAdminMessages } from './town-admin-locales';
import { useAdminReport, useBoards, useCountText, useToggleActive, useTownPeople } from './town-admin-shared';

interface PersonForm {
  name: string;
  phone?: string;
  roles: Role[];
  boardCode?: string | null;
  username?: string;
}

const USERNAME = /^[A-Za-z][A-Za-z0-9_.-]{2,31}$/;
const PHONE = /^[0-9+\-() 转]*$/;

export function PeopleSection() {
  const m = useMessages();
  const t = useTownAdminMessages();
  const p = t.people;
  const desk = useDesk();
  const { modal, message } = AntApp.useApp();
  const report = useAdminReport();
  const toggle = useToggleActive();
  const count = useCountText();
  const boards = useBoards();
  const { people, reload } = useTownPeople();
  const [query, setQuery] = useState('');
  const [showInactive, setShowInactive] = useState(true);
  const [editing, setEditing] = useState<PersonAdmin | 'new' | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<PersonForm>();
  const intents = useIntentIds();

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return people.filter((x) => (showInactive || x.active) && (!q || x.name.includes(query.trim()) || x.phone.includes(q) || (x.username ?? '').toLowerCase().includes(q)));
  }, [people, query, showInactive]);

  const open = (person: PersonAdmin | 'new'): void => {
    setEditing(person);
    form.setFieldsValue(
      person === 'new'
        ? { name: '', phone: '', roles: ['officer'], boardCode: null, username: '' }
        : { name: person.name, phone: person.phone, roles: person.roles, boardCode: person.boardCode, username: person.username ?? '' },
    );
  };

  const showOneTime = async (name: string, password: string): Promise<void> => {
    const closeProps: ButtonProps & { 'data-testid': string } = { 'data-testid': 'person-one-time-close' };
    await modal.info({
      title: fill(p.oneTimeTitle, { name }),
      okText: t.common.close,
      okButtonProps: closeProps,
      width: 480,
      content: (
        <div>
          <Typography.Paragraph copyable={{ text: password }} className="one-time-password" data-testid="person-one-time-password">
            {password}
          </Typography.Paragraph>
          <div className="muted">{p.oneTimeShown}</div>
        </div>
      ),
    });
  };

  const save = async (values: PersonForm): Promise<void> => {
    if (!editing) return;
    const username = values.username?.trim() ? values.username.trim() : null;
    const common = { name: values.name.trim(), phone: (values.phone ?? '').trim(), roles: values.roles, boardCode: values.boardCode ?? null };
    setSaving(true);
    const key = editing === 'new' ? 'add' : `edit:${editing.id}`;
    const r =
      editing === 'new'
        ? await intents.send(key, (commandId) => api.townAdmin.addPerson({ ...common, username, commandId }))
        : await intents.send(key, (commandId) =>
            api.townAdmin.editPerson({
              ...common,
              personId: editing.id,
              // An account is never taken away here: an emptied field keeps it as it is.
              ...(username && username !== editing.username ? { username } : {}),
              commandId,
            }),
          );
    setSaving(false);
    if (!r.ok) return report(r.error);
    setEditing(null);
    reload();
    void message.success(fill(editing === 'new' ? p.added : p.edited, { name: common.name }));
    if (r.data.oneTimePassword) await showOneTime(common.name, r.data.oneTimePassword);
  };

  const setActive = (person: PersonAdmin, active: boolean): void => {
    void toggle({
      active,
      title: fill(active ? p.reactivateConfirm : p.deactivateConfirm, { name: person.name }),
      body: active ? undefined : p.deactivateBody,
      done: fill(active ? p.reactivated : p.deactivated, { name: person.name }),
      run: () => api.townAdmin.setPersonActive({ personId: person.id, active }),
    }).then((done) => done && reload());
  };

  const current = editing && editing !== 'new' ? editing : null;

  return (
    <Card className="settings-card" title={p.title} data-testid="settings-people">
      <Space orientation="vertical" size={12} className="settings-stack">
        <div className="muted settings-intro">{p.intro}</div>
        <div className="town-admin-toolbar">
          <Input.Search allowClear placeholder={p.search} value={query} onChange={(e) => setQuery(e.target.value)} style={{ maxWidth: 280 }} data-testid="people-search" />
          <label className="town-admin-switch">
            <Switch size="small" checked={showInactive} onChange={setShowInactive} data-testid="people-show-inactive" />
            {t.common.showInactive}
          </label>
          <span className="muted">{count(shown.length)}</span>
          <span className="header-spacer" />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="person-add">
            {p.add}
          </Button>
        </div>
        <Table<PersonAdmin>
          size="small"
          rowKey="id"
          dataSource={shown}
          pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
          scroll={{ y: 420 }}
          data-testid="people-table"
          rowClassName={(x) => (x.active ? '' : 'town-admin-inactive')}
          onRow={(x) => ({ 'data-testid': 'person-row', 'data-name': x.name, 'data-active': String(x.active) }) as HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'name', title: p.columns.name, width: 110, render: (_, x) => x.name },
            {
              key: 'username',
              title: p.columns.username,
              width: 130,
              render: (_, x) => (x.username ? <code className="settings-path">{x.username}</code> : <span className="muted">{p.noAccount}</span>),
            },
            { key: 'roles', title: p.columns.roles, width: 150, render: (_, x) => x.roles.map((r) => nameOf(m.roles, r)).join('、') },
            { key: 'board', title: p.columns.board, width: 90, render: (_, x) => boards.name(x.boardCode) },
            { key: 'phone', title: p.columns.phone, width: 130, render: (_, x) => <span className="num">{x.phone}</span> },
            {
              key: 'posts',
              title: p.columns.posts,
              render: (_, x) => (
                <Space size={4} wrap>
                  {x.posts.map((h) => (
                    <Tag key={h.postId} color={h.as === 'A' ? 'blue' : 'default'}>
                      {fill(p.postAs, { post: h.name, as: h.as })}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              key: 'state',
              title: p.columns.state,
              width: 80,
              render: (_, x) => <Tag color={x.active ? 'green' : 'default'}>{x.active ? t.common.active : t.common.inactive}</Tag>,
            },
            {
              key: 'actions',
              title: t.common.actions,
              width: 150,
              render: (_, x) => (
                <Space size={4}>
                  <Button size="small" onClick={() => open(x)} data-testid="person-edit">
                    {t.common.edit}
                  </Button>
                  {x.active ? (
                    <Button size="small" danger disabled={x.id === desk.session.person.id} onClick={() => setActive(x, false)} data-testid="person-deactivate">
                      {t.common.deactivate}
                    </Button>
                  ) : (
                    <Button size="small" onClick={() => setActive(x, true)} data-testid="person-reactivate">
                      {t.common.reactivate}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Space>
      <Modal
        open={editing !== null}
        title={current ? fill(p.editTitle, { name: current.name }) : p.addTitle}
        onCancel={() => setEditing(null)}
        okText={t.common.save}
        cancelText={t.common.cancel}
        okButtonProps={{ htmlType: 'submit', loading: saving, 'data-testid': 'person-save' } as ButtonProps}
        destroyOnHidden
        modalRender={(node) => (
          <Form<PersonForm> form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="person-form">
            {node}
          </Form>
        )}
      >
        <Form.Item name="name" label={p.fields.name} rules={[{ required: true, whitespace: true, message: p.nameRequired }]}>
          <Input maxLength={40} autoFocus data-testid="person-name" />
        </Form.Item>
        <Form.Item name="roles" label={p.fields.roles} rules={[{ required: true, type: 'array', min: 1, message: p.rolesRequired }]}>
          <Checkbox.Group options={ROLES.map((r) => ({ value: r, label: nameOf(m.roles, r) }))} data-testid="person-roles" />
        </Form.Item>
        <Space size={12} className="town-admin-row">
          <Form.Item name="boardCode" label={p.fields.board}>
            <Select allowClear style={{ width: 180 }} options={boards.options} placeholder={t.common.none} data-testid="person-board" />
          </Form.Item>
          <Form.Item name="phone" label={p.fields.phone} rules={[{ pattern: PHONE, message: p.phoneBad }]}>
            <Input maxLength={30} style={{ width: 200 }} data-testid="person-phone" />
          </Form.Item>
        </Space>
        <Form.Item
          name="username"
          label={p.fields.username}
          extra={current?.username ? p.usernameKeep : current ? `${p.usernameNew}${p.usernameHint}` : p.usernameHint}
          rules={[{ pattern: USERNAME, message: p.usernameBad }]}
        >
          <Input maxLength={32} autoComplete="off" data-testid="person-username" />
        </Form.Item>
      </Modal>
    </Card>
  );
}
