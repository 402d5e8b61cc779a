/**
 * 系统设置 → 岗位 (the administrator's): the posts with their board, kind, phone and A and B holders;
 * add and edit in a dialog (the A holder is required and must be an active person), 停用 / 启用 (a post
 * with open events is refused with what to do). Every change is a kernel command, audited and sent to
 * the district; the list follows the `town` feed.
 */
import { App as AntApp, Form, Input, Select, Space } from 'antd';
import { useMemo } from 'react';
import { POST_KINDS, type PersonAdmin, type PostAdmin, type PostKind } from '../../../../preload/contract';
import { api } from '../../api';
import { useIntentIds } from '../../lib/command-id';
import { fill, nameOf } from '../../locales';
import { useTownAdminMessages } from './town-admin-locales';
import { useAdminReport, useBoards, useTownPeople, useTownPosts, useAdminDialog } from './town-admin-shared';
import { TownAdminTable } from './TownAdminTable';

interface PostForm {
  code: string;
  name: string;
  boardCode: string;
  kind: PostKind;
  phone?: string;
  aPersonId: string;
  bPersonId?: string | null;
}

const CODE = /^[A-Za-z0-9_-]{1,32}$/;
const PHONE = /^[0-9+\-() 转]*$/;

export function PostsSection() {
  const t = useTownAdminMessages();
  const p = t.posts;
  const { message } = AntApp.useApp();
  const report = useAdminReport();
  const boards = useBoards();
  const { posts, reload } = useTownPosts();
  const { people } = useTownPeople();
  const dialog = useAdminDialog<PostAdmin, PostForm>();
  const { editing, setEditing, setSaving, form } = dialog;
  const intents = useIntentIds();

  const byId = useMemo(() => new Map(people.map((x) => [x.id, x])), [people]);
  const personName = (id: string | null): string => {
    const x = id ? byId.get(id) : undefined;
    if (!x) return '';
    return x.active ? x.name : fill(p.inactivePerson, { name: x.name });
  };
  // Only active people can be chosen; a holder kept as is shows even when deactivated since.
  const holderOptions = (keep: (string | null)[]) =>
    people
      .filter((x: PersonAdmin) => x.active || keep.includes(x.id))
      .map((x) => ({ value: x.id, label: x.active ? x.name : fill(p.inactivePerson, { name: x.name }), disabled: !x.active }));

  const open = (post: PostAdmin | 'new'): void => {
    setEditing(post);
    form.setFieldsValue(
      post === 'new'
        ? { code: '', name: '', boardCode: boards.options[0]?.value, kind: 'board_post', phone: '', aPersonId: undefined, bPersonId: null }
        : {
            code: post.code,
            name: post.name,
            boardCode: post.boardCode,
            kind: post.kind as PostKind,
            phone: post.phone,
            aPersonId: post.aPersonId ?? undefined,
            bPersonId: post.bPersonId,
          },
    );
  };

  const save = async (values: PostForm): Promise<void> => {
    if (!editing) return;
    const fields = {
      code: values.code.trim(),
      name: values.name.trim(),
      boardCode: values.boardCode,
      kind: values.kind,
      phone: (values.phone ?? '').trim(),
      aPersonId: values.aPersonId,
      bPersonId: values.bPersonId ?? null,
    };
    setSaving(true);
    const r =
      editing === 'new'
        ? await intents.send('add', (commandId) => api.townAdmin.addPost({ ...fields, commandId }))
        : await intents.send(`edit:${editing.id}`, (commandId) => api.townAdmin.editPost({ ...fields, postId: editing.id, commandId }));
    setSaving(false);
    if (!r.ok) return report(r.error);
    setEditing(null);
    reload();
    void message.success(fill(editing === 'new' ? p.added : p.edited, { name: fields.name }));
  };

  const current = editing && editing !== 'new' ? editing : null;

  return (
    <TownAdminTable<PostAdmin, PostForm>
      ids={{ name: 'posts', item: 'post' }}
      words={p}
      matches={(x, text, lower) =>
        x.code.toLowerCase().includes(lower) ||
        x.name.includes(text) ||
        [x.aPersonId, x.bPersonId]
          .map((id) => (id ? (byId.get(id)?.name ?? '') : ''))
          .join(' ')
          .includes(text)
      }
      rows={posts}
      rowKey={(x) => x.id}
      rowData={(x) => ({ 'data-code': x.code })}
      columns={[
        { key: 'code', title: p.columns.code, width: 120, render: (_, x) => <code className="settings-path">{x.code}</code> },
        { key: 'name', title: p.columns.name, width: 140, render: (_, x) => x.name },
        { key: 'board', title: p.columns.board, width: 90, render: (_, x) => boards.name(x.boardCode) },
        { key: 'kind', title: p.columns.kind, width: 100, render: (_, x) => nameOf(p.kinds, x.kind) },
        { key: 'phone', title: p.columns.phone, width: 130, render: (_, x) => <span className="num">{x.phone}</span> },
        { key: 'a', title: p.columns.a, width: 120, render: (_, x) => <span data-testid="post-a">{personName(x.aPersonId)}</span> },
        { key: 'b', title: p.columns.b, width: 120, render: (_, x) => personName(x.bPersonId) },
      ]}
      onOpen={open}
      setActive={(x, active) => api.townAdmin.setPostActive({ postId: x.id, active })}
      reload={reload}
      dialog={{
        state: dialog,
        onFinish: (v) => void save(v),
        width: 560,
        children: (
          <>
            <Space size={12} className="town-admin-row">
              <Form.Item name="code" label={p.fields.code} extra={p.codeHint} rules={[{ required: true, pattern: CODE, message: p.codeRequired }]}>
                <Input maxLength={32} style={{ width: 200 }} autoFocus data-testid="post-code" />
              </Form.Item>
              <Form.Item name="name" label={p.fields.name} rules={[{ required: true, whitespace: true, message: p.nameRequired }]}>
                <Input maxLength={40} style={{ width: 280 }} data-testid="post-name" />
              </Form.Item>
            </Space>
            <Space size={12} className="town-admin-row">
              <Form.Item name="boardCode" label={p.fields.board} rules={[{ required: true, message: p.boardRequired }]}>
                <Select style={{ width: 160 }} options={boards.options} data-testid="post-board" />
              </Form.Item>
              <Form.Item name="kind" label={p.fields.kind}>
                <Select style={{ width: 140 }} options={POST_KINDS.map((k) => ({ value: k, label: nameOf(p.kinds, k) }))} data-testid="post-kind" />
              </Form.Item>
              <Form.Item name="phone" label={p.fields.phone} rules={[{ pattern: PHONE, message: t.people.phoneBad }]}>
                <Input maxLength={30} style={{ width: 170 }} data-testid="post-phone" />
              </Form.Item>
            </Space>
            <Space size={12} className="town-admin-row">
              <Form.Item name="aPersonId" label={p.fields.a} rules={[{ required: true, message: p.aRequired }]}>
                <Select style={{ width: 240 }} showSearch={{ optionFilterProp: 'label' }} options={holderOptions([current?.aPersonId ?? null])} data-testid="post-a-holder" />
              </Form.Item>
              <Form.Item name="bPersonId" label={p.fields.b}>
                <Select
                  allowClear
                  style={{ width: 240 }}
                  placeholder={p.bNone}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={holderOptions([current?.bPersonId ?? null])}
                  data-testid="post-b-holder"
                />
              </Form.Item>
            </Space>
          </>
        ),
      }}
    />
  );
}
