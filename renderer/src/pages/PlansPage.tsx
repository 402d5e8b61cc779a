/**
 * 数字预案: pending proposals on top (the leader starts one with Enter), then four sections — the
 * running plans (a list and the chosen run), the library of templates (start, drill, edit), the
 * signed-in person's own tasks, and the history with each run's review (复盘). Everything is
 * re-read when the feed's `plans` topic names it.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Badge, Button, Segmented } from 'antd';
import { useEffect, useState } from 'react';
import { MyTasks } from '../components/plans/MyTasks';
import { ProposalCards } from '../components/plans/ProposalCards';
import { ReviewView } from '../components/plans/ReviewView';
import { RunHistory } from '../components/plans/RunHistory';
import { RunList } from '../components/plans/RunList';
import { RunView } from '../components/plans/RunView';
import { TemplateEditor } from '../components/plans/TemplateEditor';
import { TemplateLibrary } from '../components/plans/TemplateLibrary';
import { useActiveRuns, useMyTasks, useProposals, useRunHistory, useTemplates } from '../components/plans/use-plans';
import '../components/plans/plans.css';
import { useMessages } from '../locales';

type Section = 'runs' | 'library' | 'mine' | 'history';
type View = { kind: 'editor'; templateId: string | null } | { kind: 'review'; runId: string } | { kind: 'run'; runId: string } | null;

export function PlansPage() {
  const m = useMessages();
  const p = m.plans;
  const [section, setSection] = useState<Section>('runs');
  const [view, setView] = useState<View>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const { proposals, refresh: refreshProposals } = useProposals();
  const { runs, refresh: refreshRuns } = useActiveRuns();
  const { templates, refresh: refreshTemplates } = useTemplates(section === 'library');
  const { tasks, refresh: refreshTasks } = useMyTasks();
  const { runs: history } = useRunHistory(section === 'history');

  // The first running plan is shown until someone picks another.
  useEffect(() => {
    if (!selected && runs && runs.length > 0) setSelected(runs[0]!.id);
  }, [runs, selected]);

  const openRun = (runId: string) => {
    setSection('runs');
    setView(null);
    setSelected(runId);
    refreshRuns();
  };
  const go = (next: Section) => {
    setSection(next);
    setView(null);
  };
  // The person's tasks they can act on now (the core's allowedActions: 签收 / 完成 / 跳过).
  const openTasks = (tasks ?? []).filter((t) => t.allowedActions.length > 0).length;

  return (
    <div className="page-pad plans-page" data-testid="plans-page" data-section={section}>
      <div className="plans-head">
        <h2 className="page-title">{p.title}</h2>
        <Segmented<Section>
          size="large"
          value={section}
          onChange={go}
          data-testid="plans-sections"
          options={[
            { value: 'runs', label: <SectionLabel text={p.sections.runs!} count={runs?.length ?? 0} testId="plans-section-runs" /> },
            { value: 'library', label: <SectionLabel text={p.sections.library!} count={0} testId="plans-section-library" /> },
            { value: 'mine', label: <SectionLabel text={p.sections.mine!} count={openTasks} testId="plans-section-mine" /> },
            { value: 'history', label: <SectionLabel text={p.sections.history!} count={0} testId="plans-section-history" /> },
          ]}
        />
      </div>

      <ProposalCards proposals={proposals} onStarted={openRun} onChanged={refreshProposals} />

      {view?.kind === 'editor' ? (
        <TemplateEditor
          templateId={view.templateId}
          onBack={() => setView(null)}
          onSaved={(id) => {
            refreshTemplates();
            setView({ kind: 'editor', templateId: id });
          }}
        />
      ) : view?.kind === 'review' ? (
        <div className="plans-sub">
          <BackButton onClick={() => setView(null)} />
          <ReviewView runId={view.runId} />
        </div>
      ) : view?.kind === 'run' ? (
        <div className="plans-sub">
          <BackButton onClick={() => setView(null)} />
          <RunView runId={view.runId} onReview={(runId) => setView({ kind: 'review', runId })} />
        </div>
      ) : section === 'runs' ? (
        <div className="plans-split">
          <aside className="plans-split-list">
            <RunList runs={runs ?? []} selected={selected} onSelect={setSelected} />
          </aside>
          <section className="plans-split-main">
            {selected ? <RunView runId={selected} onReview={(runId) => setView({ kind: 'review', runId })} /> : <div className="muted plans-pick">{p.runs.pick}</div>}
          </section>
        </div>
      ) : section === 'library' ? (
        <TemplateLibrary
          templates={templates}
          onOpen={(templateId) => setView({ kind: 'editor', templateId })}
          onCreate={() => setView({ kind: 'editor', templateId: null })}
          onStarted={openRun}
          onChanged={refreshTemplates}
        />
      ) : section === 'mine' ? (
        <MyTasks tasks={tasks} onOpenRun={openRun} onChanged={refreshTasks} />
      ) : (
        <RunHistory runs={history} onReview={(runId) => setView({ kind: 'review', runId })} onOpen={(runId) => setView({ kind: 'run', runId })} />
      )}
    </div>
  );
}

function SectionLabel({ text, count, testId }: { text: string; count: number; testId: string }) {
  return (
    <span className="plans-section-label" data-testid={testId}>
      {text}
      {count > 0 && <Badge count={count} size="small" offset={[6, -2]} color="#1d4ed8" />}
    </span>
  );
}

function BackButton({ onClick }: { onClick(): void }) {
  const m = useMessages();
  return (
    <div>
      <Button icon={<ArrowLeftOutlined />} onClick={onClick} data-testid="plans-back">
        {m.plans.runs.back}
      </Button>
    </div>
  );
}
