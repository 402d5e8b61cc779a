/**
 * 我的任务 for the whole console (ConsoleShell holds it once): the signed-in person's own open tasks,
 * re-read when the feed names events, alarms or plan runs, and a desktop notification for every line
 * they have not been told of (lib/notify.ts) — whichever page is open.
 */
import { useEffect, useState } from 'react';
import type { MyTaskItem } from '../../../preload/contract/task-schemas';
import { api } from '../api';
import { useVoiceMessages } from '../components/voice/voice-locales';
import { useDesk } from '../context/Desk';
import { formatShort } from '../lib/beijing-time';
import { notificationAccess, raiseNotification, takeUntold } from '../lib/notify';
import { fill } from '../locales';
import { useMyTasksMessages, type MyTasksMessages } from '../pages/my-tasks/my-tasks-locales';
import { useFeedLoad } from './use-feed-load';

const loadMine = () => api.tasks.mine({});

/** One notice per line and per escalation step: a line escalated to the person later tells them again. */
export const noticeKey = (t: MyTaskItem): string => (t.escalation ? `${t.key}#${t.escalation.alarmId}:${t.escalation.step}` : t.key);

function noticeOf(t: MyTaskItem, m: MyTasksMessages, kinds: Readonly<Record<string, string>>): { title: string; body: string } {
  const due = t.dueAt && t.dueKind ? fill(m.notify.bodyDue, { time: formatShort(t.dueAt), clock: m.dueKind[t.dueKind] }) : '';
  const body = fill(m.notify.body, { title: t.title, post: t.postName ?? t.runName ?? '', due });
  if (!t.escalation) return { title: m.notify.title, body };
  const kind = kinds[t.escalation.kind] ?? '';
  return { title: m.notify.escalatedTitle, body: `${fill(m.escalated, { to: m.target[t.escalation.to] })}${kind ? `（${kind}）` : ''}\n${body}` };
}

export function useMyTasks(enabled: boolean): { tasks: MyTaskItem[] | null; reload(): void } {
  const desk = useDesk();
  const m = useMyTasksMessages();
  const kinds = useVoiceMessages().kinds;
  const [tasks, setTasks] = useState<MyTaskItem[] | null>(null);
  const reload = useFeedLoad(loadMine, {
    enabled,
    apply: (r) => {
      if (r.ok) setTasks(r.data.items);
    },
    feed: { events: true, alarms: true, plans: (message) => message.parts.includes('runs') },
    minGapMs: 500,
  });

  const personId = desk.session.person.id;
  useEffect(() => {
    // Nothing is marked told while this console cannot notify (the browser not allowed yet): once the
    // person allows it (我的任务's button reloads the list), what is open then is told.
    const access = notificationAccess();
    if (!tasks || (access !== 'electron' && access !== 'granted')) return;
    const byKey = new Map(tasks.map((t) => [noticeKey(t), t]));
    const fresh = takeUntold(personId, [...byKey.keys()])
      .map((k) => byKey.get(k)!)
      .filter(Boolean);
    if (fresh.length === 0) return;
    if (fresh.length === 1) {
      const { title, body } = noticeOf(fresh[0]!, m, kinds);
      raiseNotification(title, body, noticeKey(fresh[0]!));
    } else {
      raiseNotification(m.notify.title, fill(m.notify.many, { count: fresh.length, title: fresh[0]!.title }), `many:${noticeKey(fresh[0]!)}`);
    }
    // The strings are read when a list arrives; a change of language alone tells nobody anything.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tasks, personId]);

  return { tasks, reload };
}
