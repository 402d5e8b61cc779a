/**
 * The plans data the page and the console's banner read: each list loaded once, then re-read
 * (coalesced) when the feed's `plans` topic names its part — and on a clock move, since a manual
 * clock that jumps past a limit makes tasks late without anyone touching them.
 */
import { useState } from 'react';
import type { MyTask, PlanProposal, PlanRunSummary, PlanTemplateSummary, Result } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';

type Part = 'templates' | 'proposals' | 'runs';

function usePlanList<T>(part: Part, load: () => Promise<Result<T>>, enabled: boolean, onClock = false) {
  const desk = useDesk();
  const [data, setData] = useState<T | null>(null);
  const refresh = useFeedLoad(load, {
    enabled,
    apply: (r) => {
      if (r.ok) setData(r.data);
      else if (r.error.code === 'unauthenticated') desk.report(r.error);
      // Other refusals (the core not ready yet, a role that may not read this) leave the list as it was.
    },
    feed: onClock ? { plans: (msg) => msg.parts.includes(part), clock: true } : { plans: (msg) => msg.parts.includes(part) },
  });
  return { data, refresh };
}

const loadProposals = () => api.plans.proposals({});
const loadTemplates = () => api.plans.templates({});
const loadActive = () => api.plans.runs({ activeOnly: true, includeDrills: true });
const loadHistory = () => api.plans.runs({ activeOnly: false, includeDrills: true, limit: 200 });
const loadMine = () => api.plans.myTasks({});

export function useProposals(enabled = true) {
  const { data, refresh } = usePlanList<PlanProposal[]>('proposals', loadProposals, enabled);
  return { proposals: (data ?? []).filter((p) => p.status === 'pending'), refresh };
}

export function useTemplates(enabled = true) {
  const { data, refresh } = usePlanList<PlanTemplateSummary[]>('templates', loadTemplates, enabled);
  return { templates: data, refresh };
}

/** Running plans, real ones first, then drills; newest first within each. */
export function useActiveRuns(enabled = true) {
  const { data, refresh } = usePlanList<PlanRunSummary[]>('runs', loadActive, enabled, true);
  const runs = data ? [...data].filter((r) => r.status === 'running').sort(byActiveFirst) : null;
  return { runs, refresh };
}

export function useRunHistory(enabled = true) {
  const { data, refresh } = usePlanList<PlanRunSummary[]>('runs', loadHistory, enabled);
  return { runs: data ? data.filter((r) => r.status !== 'running').sort((a, b) => b.startedAt.localeCompare(a.startedAt)) : null, refresh };
}

export function useMyTasks(enabled = true) {
  const { data, refresh } = usePlanList<MyTask[]>('runs', loadMine, enabled, true);
  return { tasks: data, refresh };
}

export function byActiveFirst(a: PlanRunSummary, b: PlanRunSummary): number {
  if ((a.status === 'running') !== (b.status === 'running')) return a.status === 'running' ? -1 : 1;
  if (a.drill !== b.drill) return a.drill ? 1 : -1;
  return b.startedAt.localeCompare(a.startedAt);
}
