/** 我的任务: the open plan tasks of the signed-in person (as the acting holder of their posts), with their clocks and actions. */
import { Empty, Table } from 'antd';
import { useState } from 'react';
import type { MyTask } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { newCommandId } from '../../lib/command-id';
import { fill, useMessages } from '../../locales';
import { DrillTag } from './DrillTag';
import { ReasonDialog } from './ReasonDialog';
import { TaskActions, TaskStatusTags } from './RunView';
import { TaskClock } from './TaskClock';

export function MyTasks({ tasks, onOpenRun, onChanged }: { tasks: readonly MyTask[] | null; onOpenRun(runId: string): void; onChanged(): void }) {
  const m = useMessages();
  const t = m.plans.task;
  const desk = useDesk();
  const [pending, setPending] = useState<{ kind: 'complete' | 'skip'; task: MyTask; commandId: string } | null>(null);
  return (
    <div data-testid="plan-my-tasks">
      <Table<MyTask>
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={tasks ?? []}
        loading={tasks === null}
        locale={{ emptyText: <Empty description={m.plans.mine.none} /> }}
        rowClassName={(x) => (x.late || x.ackLate ? 'plan-task-row is-late' : 'plan-task-row')}
        onRow={(x) => ({ 'data-testid': 'plan-my-task', 'data-task-id': x.id, 'data-run-id': x.runId }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: m.plans.mine.run,
            render: (_: unknown, x) => (
              <span>
                {x.drill && <DrillTag />}
                <a onClick={() => onOpenRun(x.runId)}>{x.runName}</a>
              </span>
            ),
          },
          { title: t.step, render: (_: unknown, x) => x.title },
          { title: t.post, width: 150, dataIndex: 'postName' },
          { title: t.status, width: 130, render: (_: unknown, x) => <TaskStatusTags task={x} /> },
          {
            title: t.ackDue,
            width: 150,
            render: (_: unknown, x) => <TaskClock dueAt={x.ackDueAt} metAt={x.ackedAt} startedAt={x.releasedAt} open={x.status === 'dispatched'} testId="plan-task-ack-clock" />,
          },
          {
            title: t.due,
            width: 150,
            render: (_: unknown, x) => (
              <TaskClock dueAt={x.dueAt} metAt={x.doneAt} startedAt={x.releasedAt} open={x.status === 'dispatched' || x.status === 'acknowledged'} testId="plan-task-clock" />
            ),
          },
          {
            title: t.actions,
            width: 230,
            render: (_: unknown, x) => <TaskActions runId={x.runId} task={x} onAsk={(kind) => setPending({ kind, task: x, commandId: newCommandId() })} onDone={onChanged} />,
          },
        ]}
      />
      {pending?.kind === 'complete' && (
        <ReasonDialog
          title={fill(t.completeTitle, { step: pending.task.title })}
          placeholder={t.notePlaceholder}
          okText={t.complete}
          testId="plan-complete"
          onClose={() => setPending(null)}
          onConfirm={async (note) => {
            const res = await api.plans.completeTask({ runId: pending.task.runId, taskId: pending.task.id, ...(note ? { note } : {}), commandId: pending.commandId });
            if (!res.ok) desk.report(res.error, { subject: 'task' });
            onChanged();
          }}
        />
      )}
      {pending?.kind === 'skip' && (
        <ReasonDialog
          title={fill(t.skipTitle, { step: pending.task.title })}
          placeholder={t.skipReason}
          okText={t.skip}
          required
          danger
          testId="plan-skip"
          onClose={() => setPending(null)}
          onConfirm={async (reason) => {
            const res = await api.plans.skipTask({ runId: pending.task.runId, taskId: pending.task.id, reason, commandId: pending.commandId });
            if (!res.ok) {
              desk.report(res.error, { subject: 'task' });
              return false;
            }
            onChanged();
          }}
        />
      )}
    </div>
  );
}
