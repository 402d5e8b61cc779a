/**
 * What the sections of the town kept by hand share: the people and posts (re-read when the feed says
 * the town changed), the boards' names, a refusal shown as a sentence, and the confirm-and-toggle of
 * 停用 / 启用.
 */
import { App as AntApp, Form, type ButtonProps, type FormInstance } from 'antd';
import { useMemo, useState } from 'react';
import type { ApiError, PersonAdmin, PostAdmin } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { fill, nameOf, useMessages } from '../../locales';
import { townAdminErrorText, useTownAdminMessages } from './town-admin-locales';

const loadPeople = () => api.townAdmin.people({});
const loadPosts = () => api.townAdmin.posts({});

export function useTownPeople(): { people: PersonAdmin[]; reload(): void } {
  const desk = useDesk();
  const [people, setPeople] = useState<PersonAdmin[]>([]);
  const reload = useFeedLoad(loadPeople, { apply: (r) => (r.ok ? setPeople(r.data) : desk.report(r.error)), feed: { town: true, accounts: true } });
  return { people, reload };
}

export function useTownPosts(): { posts: PostAdmin[]; reload(): void } {
  const desk = useDesk();
  const [posts, setPosts] = useState<PostAdmin[]>([]);
  const reload = useFeedLoad(loadPosts, { apply: (r) => (r.ok ? setPosts(r.data) : desk.report(r.error)), feed: { town: true } });
  return { posts, reload };
}

/** The town's boards as options (their names from the town, else the standard names). */
export function useBoards(): { options: { value: string; label: string }[]; name(code: string | null): string } {
  const desk = useDesk();
  const m = useMessages();
  return useMemo(() => {
    const boards = desk.town?.boards ?? [];
    const byCode = new Map(boards.map((b) => [b.code, b.name]));
    return {
      options: boards.map((b) => ({ value: b.code, label: b.name })),
      name: (code) => (code ? (byCode.get(code) ?? nameOf(m.boards as Record<string, string>, code)) : ''),
    };
  }, [desk.town, m]);
}

/** Shows a refusal of the admin pages (the shape's fault, the holder's role in words). */
export function useAdminReport(): (error: ApiError) => void {
  const desk = useDesk();
  const t = useTownAdminMessages();
  const { message } = AntApp.useApp();
  return (error) => {
    if (error.code === 'unauthenticated' || error.code === 'screen_locked') return desk.report(error);
    void message.error({ content: townAdminErrorText(t, error, (e) => desk.describe(e)), duration: 8 });
  };
}

/** Asks, then runs a 停用 / 启用; says what happened. */
export function useToggleActive() {
  const { modal, message } = AntApp.useApp();
  const t = useTownAdminMessages();
  const report = useAdminReport();
  return async (options: { active: boolean; title: string; body?: string; done: string; run(): Promise<{ ok: true } | { ok: false; error: ApiError }> }) => {
    const okButtonProps: ButtonProps & { 'data-testid': string } = { danger: !options.active, 'data-testid': 'town-admin-confirm-ok' };
    const confirmed = await modal.confirm({
      title: options.title,
      content: options.body,
      okText: options.active ? t.common.reactivate : t.common.deactivate,
      cancelText: t.common.cancel,
      okButtonProps,
    });
    if (!confirmed) return false;
    const r = await options.run();
    if (!r.ok) {
      report(r.error);
      return false;
    }
    void message.success(options.done);
    return true;
  };
}

/** The words of a section's 停用 / 启用 (its confirmation and what happened). */
export interface ActiveWords {
  readonly deactivateConfirm: string;
  readonly deactivateBody: string;
  readonly reactivateConfirm: string;
  readonly deactivated: string;
  readonly reactivated: string;
}

/** 停用 / 启用 of one record of a section: asks in its words, runs it, and reads the list again. */
export function useSetActive<T extends { name: string }>(
  words: ActiveWords,
  run: (record: T, active: boolean) => Promise<{ ok: true } | { ok: false; error: ApiError }>,
  reload: () => void,
): (record: T, active: boolean) => void {
  const toggle = useToggleActive();
  return (record, active) =>
    void toggle({
      active,
      title: fill(active ? words.reactivateConfirm : words.deactivateConfirm, { name: record.name }),
      body: active ? undefined : words.deactivateBody,
      done: fill(active ? words.reactivated : words.deactivated, { name: record.name }),
      run: () => run(record, active),
    }).then((done) => done && reload());
}

/** A section's edit dialog: what it edits (null: closed, 'new': a new record), whether it is saving, its form. */
export interface AdminDialog<T, F> {
  readonly editing: T | 'new' | null;
  setEditing(editing: T | 'new' | null): void;
  readonly saving: boolean;
  setSaving(saving: boolean): void;
  readonly form: FormInstance<F>;
}

export function useAdminDialog<T, F>(): AdminDialog<T, F> {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<F>();
  return { editing, setEditing, saving, setSaving, form };
}

/** `13 条` */
export function useCountText(): (count: number) => string {
  const t = useTownAdminMessages();
  return (count) => fill(t.common.count, { count });
}
