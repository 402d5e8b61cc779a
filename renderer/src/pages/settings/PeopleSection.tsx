/**
 * 系统设置 → 人员 (the administrator's): the town's people with their accounts, roles, board and the
 * posts they hold; add and edit in a dialog (a new account's one-time password is shown once), 停用 /
 * 启用 (refused with what to do when the person is a post's A holder). Every change is a kernel
 * command, audited and sent to the district; the list follows the `town` feed.
 */
import { App as AntApp, Checkbox, Form, Input, Select, Space, Tag, Typography, type ButtonProps } from 'antd';

import { ROLES, type PersonAdmin, type Role } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useIntentIds } from '../../lib/command-id';
import { fill, nameOf, useMessages } from '../../locales';
import { useTownAdminMessages } from './town-admin-locales';
import { useAdminReport, useBoards, useTownPeople, useAdminDialog } from './town-admin-shared';
import { TownAdminTable } from './TownAdminTable';

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
  const boards = useBoards();
  const { people, reload } = useTownPeople();
  const dialog = useAdminDialog<PersonAdmin, PersonForm>();
  const { editing, setEditing, setSaving, form } = dialog;
  const intents = useIntentIds();

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

  const current = editing && editing !== 'new' ? editing : null;

  return (
    <TownAdminTable<PersonAdmin, PersonForm>
      ids={{ name: 'people', item: 'person' }}
      words={p}
      matches={(x, text, lower) => x.name.includes(text) || x.phone.includes(lower) || (x.username ?? '').toLowerCase().includes(lower)}
      rows={people}
      rowKey={(x) => x.id}
      rowData={(x) => ({ 'data-name': x.name })}
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
      ]}
      onOpen={open}
      setActive={(x, active) => api.townAdmin.setPersonActive({ personId: x.id, active })}
      reload={reload}
      cannotDeactivate={(x) => x.id === desk.session.person.id}
      dialog={{
        state: dialog,
        onFinish: (v) => void save(v),
        children: (
          <>
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
          </>
        ),
      }}
    />
  );
}
