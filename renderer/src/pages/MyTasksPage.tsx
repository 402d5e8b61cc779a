/**
 * 我的任务 (issue #17, reaching people): the signed-in person's own open tasks — events dispatched to
 * their post, plan tasks they hold, alarms escalated to them — with 签收 right there, the clock in
 * Beijing time, and the escalation marked (「已升级给你：带班领导」). The list is ConsoleShell's (one
 * load for the page and the notifications); the browser's notification permission is asked here, on a click.
 */
import { App as AntApp, Alert, Button, Empty, Space, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import type { MyTaskItem } from '../../../preload/contract/task-schemas';
import { api } from '../api';
import { useVoiceMessages } from '../components/voice/voice-locales';
import { useDesk } from '../context/Desk';
import { useServerClock } from '../context/ServerClock';
import { formatShort } from '../lib/beijing-time';
import { useIntentIds } from '../lib/command-id';
import { askNotificationAccess, notificationAccess, type NotificationAccess } from '../lib/notify';
import { fill, nameOf, useMessages } from '../locales';
import { LEVEL_COLORS } from '../theme';
import { useMyTasksMessages } from './my-tasks/my-tasks-locales';
import './my-tasks/my-tasks.css';

export function MyTasksPage({ tasks, onChanged, onOpenEvent }: { tasks: readonly MyTaskItem[] | null; onChanged(): void; onOpenEvent(eventId: string): void }) {
  const t = useMyTasksMessages();
  const m = useMessages();
  const kinds = useVoiceMessages().kinds;
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const { now } = useServerClock();
  const intents = useIntentIds();
  const [busy, setBusy] = useState<string | null>(null);
  const [access, setAccess] = useState<NotificationAccess>(notificationAccess);

  const ack = async (x: MyTaskItem) => {
    setBusy(x.key);
    // One 签收 per line: a second click while the first is on its way is the same intent.
    const res =
      x.source === 'plan'
        ? await intents.send(x.key, (commandId) => api.plans.ackTask({ runId: x.runId!, taskId: x.taskId!, commandId }))
        : await intents.send(x.key, (commandId) => api.events.acknowledge({ eventId: x.eventId!, postId: x.postId!, commandId }));
    setBusy(null);
    if (res.ok) void message.success(fill(t.acked, { title: x.title }));
    else desk.report(res.error, { subject: x.source === 'plan' ? 'task' : 'event' });
    onChanged();
  };

  const enable = async () => {
    const answer = await askNotificationAccess();
    setAccess(answer);
    // What is open now is told at once (the notifier marks nothing told until it may notify).
    if (answer === 'granted') onChanged();
  };

  // What the person may still 签收 (an escalation they follow up is not theirs to take): the tab's count too.
  const waiting = tasks?.filter((x) => x.canAck).length ?? 0;
  return (
    <div className="my-tasks-page" data-testid="my-tasks-page">
      <div className="my-tasks-head">
        <div>
          <h2 className="my-tasks-title">{t.title}</h2>
          <p className="my-tasks-intro">{t.intro}</p>
        </div>
        <div className="my-tasks-notify" data-testid="my-tasks-notify" data-access={access}>
          {access === 'default' && (
            <Button type="primary" onClick={() => void enable()} data-testid="my-tasks-enable-notify">
              {t.notify.enable}
            </Button>
          )}
          {(access === 'granted' || access === 'electron') && <Tag color="green">{t.notify.enabled}</Tag>}
        </div>
      </div>
      {access === 'denied' && <Alert type="warning" showIcon className="my-tasks-alert" data-testid="my-tasks-notify-denied" title={t.notify.denied} />}
      {access === 'unsupported' && <Alert type="info" showIcon className="my-tasks-alert" title={t.notify.unsupported} />}
      {tasks && tasks.length > 0 && (
        <div className="my-tasks-count" data-testid="my-tasks-count">
          {fill(t.count, { count: tasks.length, waiting })}
        </div>
      )}
      <Table<MyTaskItem>
        rowKey="key"
        size="middle"
        pagination={false}
        dataSource={tasks ? [...tasks] : []}
        loading={tasks === null}
        scroll={{ x: 960 }}
        locale={{ emptyText: <Empty description={t.none} /> }}
        rowClassName={(x) => (x.escalation ? 'my-task-row is-escalated' : 'my-task-row')}
        onRow={(x) =>
          ({
            'data-testid': 'my-task',
            'data-key': x.key,
            'data-event-id': x.eventId ?? undefined,
            'data-task-id': x.taskId ?? undefined,
            'data-state': x.state,
          }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t.columns.task,
            render: (_: unknown, x) => (
              <div className="my-task-title">
                <Space size={4} wrap>
                  <Tag>{t.source[x.source]}</Tag>
                  {x.level && (
                    <Tag color={LEVEL_COLORS[x.level]} variant="solid" className="level-tag">
                      {nameOf(m.levels, x.level)}
                    </Tag>
                  )}
                  {x.drill && <Tag color="purple">{t.drill}</Tag>}
                  <span className="my-task-name" data-testid="my-task-title">
                    {x.title}
                  </span>
                </Space>
                {x.runName && <div className="my-task-sub">{x.runName}</div>}
                {x.escalation && (
                  <Tooltip title={fill(t.escalatedTitle, { kind: kinds[x.escalation.kind] ?? '', time: formatShort(x.escalation.at) })}>
                    <Tag color="volcano" className="my-task-escalated" data-testid="my-task-escalated">
                      {fill(t.escalated, { to: t.target[x.escalation.to] })}
                    </Tag>
                  </Tooltip>
                )}
              </div>
            ),
          },
          {
            title: t.columns.post,
            width: 200,
            render: (_: unknown, x) => (
              <div data-testid="my-task-post">
                <div>{x.postName ?? t.noDue}</div>
                <Space size={4}>
                  {x.as && <Tag color="blue">{t.as[x.as]}</Tag>}
                  {x.role && <Tag>{t.role[x.role]}</Tag>}
                </Space>
              </div>
            ),
          },
          {
            title: t.columns.state,
            width: 110,
            render: (_: unknown, x) => (
              <Tag color={x.state === 'awaiting_ack' ? 'orange' : 'processing'} data-testid="my-task-state">
                {x.as === null && x.role === null && x.eventState ? nameOf(m.states, x.eventState) : t.state[x.state]}
              </Tag>
            ),
          },
          {
            title: t.columns.due,
            width: 190,
            render: (_: unknown, x) => {
              if (!x.dueAt || !x.dueKind) return <span className="my-task-due">{t.noDue}</span>;
              const late = Date.parse(x.dueAt) < now;
              return (
                <span className={late ? 'my-task-due is-late' : 'my-task-due'} data-testid="my-task-due">
                  <span className="num">{fill(t.dueBy, { time: formatShort(x.dueAt), clock: t.dueKind[x.dueKind] })}</span>
                  {late && (
                    <Tag color="red" className="my-task-late">
                      {t.overdue}
                    </Tag>
                  )}
                </span>
              );
            },
          },
          {
            title: t.columns.actions,
            width: 150,
            render: (_: unknown, x) => (
              <Space size={4}>
                {x.canAck && (
                  <Button size="small" type="primary" loading={busy === x.key} onClick={() => void ack(x)} data-testid="my-task-ack">
                    {t.ack}
                  </Button>
                )}
                {x.eventId && desk.can('read') && (
                  <Tooltip title={t.openHint}>
                    <Button size="small" onClick={() => onOpenEvent(x.eventId!)} data-testid="my-task-open">
                      {t.open}
                    </Button>
                  </Tooltip>
                )}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}
