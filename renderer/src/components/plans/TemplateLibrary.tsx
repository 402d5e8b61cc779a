/**
 * 预案库: every plan template (the town's and the district's) with its triggers; start one by hand
 * (the leader: a real run at once, after one confirmation), start a drill (asks for the scenario),
 * open it in the editor, or archive it.
 */
import { ExperimentOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Empty, Modal, Popconfirm, Space, Table, Tag, type ButtonProps } from 'antd';
import { useState } from 'react';
import type { PlanTemplateSummary } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { newCommandId, useIntentIds } from '../../lib/command-id';
import { fill, nameOf, useMessages } from '../../locales';
import { triggersText } from './plan-text';
import { ReasonDialog } from './ReasonDialog';
import { useCatalogueNames } from './use-catalogue';

export function TemplateLibrary({
  templates,
  onOpen,
  onCreate,
  onStarted,
  onChanged,
}: {
  templates: readonly PlanTemplateSummary[] | null;
  onOpen(templateId: string): void;
  onCreate(): void;
  onStarted(runId: string): void;
  onChanged(): void;
}) {
  const m = useMessages();
  const l = m.plans.library;
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const [starting, setStarting] = useState<PlanTemplateSummary | null>(null);
  const [drilling, setDrilling] = useState<PlanTemplateSummary | null>(null);
  const [busy, setBusy] = useState(false);
  /** The start or drill dialog's intent: made when it opens, sent with every confirm of it. */
  const [commandId, setCommandId] = useState<string | undefined>(undefined);
  const intents = useIntentIds();
  const canStart = desk.can('startPlan');
  const canDrill = desk.can('startDrill');
  const canEdit = desk.can('editPlans');
  const catalogue = useCatalogueNames();

  const start = async (t: PlanTemplateSummary, drill: boolean, scenario?: string): Promise<boolean> => {
    setBusy(true);
    const r = await api.plans.start({ templateId: t.id, drill, ...(scenario ? { scenario } : {}), commandId });
    setBusy(false);
    if (!r.ok) {
      desk.report(r.error, { subject: 'plan' });
      return false;
    }
    void message.success(fill(m.plans.proposals.started, { plan: t.name }));
    onChanged();
    onStarted(r.data.runId);
    return true;
  };

  const rows = (templates ?? []).filter((t) => !t.archived);
  return (
    <div className="plan-library" data-testid="plan-library">
      <div className="plan-toolbar">
        {canEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={onCreate} data-testid="plan-template-create">
            {l.create}
          </Button>
        )}
        {!canStart && <span className="muted">{l.leaderOnly}</span>}
      </div>
      <Table<PlanTemplateSummary>
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: <Empty description={l.none} /> }}
        onRow={(t) => ({ 'data-testid': 'plan-template', 'data-template-id': t.id, 'data-source': t.source }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: l.name,
            render: (_: unknown, t) => (
              <a onClick={() => onOpen(t.id)} data-testid="plan-template-name">
                {t.name}
              </a>
            ),
          },
          { title: l.kind, width: 120, render: (_: unknown, t) => <Tag color="volcano">{nameOf(m.plans.kinds, t.kind)}</Tag> },
          { title: l.triggers, render: (_: unknown, t) => <span className="plan-trigger-text">{triggersText(m, t.triggers, catalogue.name)}</span> },
          { title: l.steps, width: 80, dataIndex: 'steps', align: 'right' },
          {
            title: l.source,
            width: 140,
            render: (_: unknown, t) => (
              <span>
                <Tag color={t.source === 'district' ? 'gold' : 'blue'}>{nameOf(l.sources, t.source)}</Tag>
                <span className="muted num">{fill(l.versionN, { v: t.version })}</span>
              </span>
            ),
          },
          {
            title: l.running,
            width: 80,
            align: 'right',
            render: (_: unknown, t) => (t.running > 0 ? <Tag color="processing">{t.running}</Tag> : <span className="muted">0</span>),
          },
          {
            title: l.actions,
            width: 300,
            render: (_: unknown, t) => (
              <Space size={4} wrap>
                {canStart && (
                  <Button
                    size="small"
                    type="primary"
                    danger
                    icon={<ThunderboltOutlined />}
                    onClick={() => {
                      setCommandId(newCommandId());
                      setStarting(t);
                    }}
                    data-testid="plan-template-start"
                  >
                    {l.start}
                  </Button>
                )}
                {canDrill && (
                  <Button
                    size="small"
                    icon={<ExperimentOutlined />}
                    onClick={() => {
                      setCommandId(newCommandId());
                      setDrilling(t);
                    }}
                    data-testid="plan-template-drill"
                  >
                    {l.drill}
                  </Button>
                )}
                <Button size="small" onClick={() => onOpen(t.id)} data-testid="plan-template-edit">
                  {canEdit && t.source === 'local' ? l.edit : l.view}
                </Button>
                {canEdit && t.source === 'local' && (
                  <Popconfirm
                    title={l.archiveConfirm}
                    onConfirm={async () => {
                      const r = await intents.send(`archive:${t.id}`, (commandId) => api.plans.archiveTemplate({ templateId: t.id, commandId }));
                      if (!r.ok) return desk.report(r.error, { subject: 'plan' });
                      void message.info(l.archived);
                      onChanged();
                    }}
                  >
                    <Button size="small" type="text" data-testid="plan-template-archive">
                      {l.archive}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {starting && (
        <Modal
          open
          title={fill(l.startTitle, { name: starting.name })}
          okText={l.start}
          okButtonProps={{ danger: true, loading: busy, autoFocus: true, 'data-testid': 'plan-start-ok' } as ButtonProps}
          onOk={async () => {
            if (await start(starting, false)) setStarting(null);
          }}
          onCancel={() => setStarting(null)}
        >
          <p data-testid="plan-start-confirm">{l.startBody}</p>
        </Modal>
      )}
      {drilling && (
        <ReasonDialog
          title={fill(l.drillTitle, { name: drilling.name })}
          placeholder={l.scenarioPlaceholder}
          okText={l.drillStart}
          required
          maxLength={500}
          note={l.drillNote}
          testId="plan-drill"
          onClose={() => setDrilling(null)}
          onConfirm={(scenario) => start(drilling, true, scenario)}
        />
      )}
    </div>
  );
}
