/**
 * Who is on duty: the current shift from the roster (`duty:board`: its name and hours, the duty
 * leader, the officers, the on-call person of each board) and the acting holder of every post at
 * this moment (`duty:actingAt`: A, else B, else the board's on-call — the roster's AB rule), paging
 * every few seconds when the posts do not all fit. Without a roster (none generated for the month,
 * or an older main), the posts' standing A/B holders from `town:get`.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ActingAt, DutyBoard } from '../../../../preload/contract';
import { api } from '../../api';
import { useServerClock } from '../../context/ServerClock';
import { formatClock } from '../../lib/beijing-time';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { useRenderedEffect } from '../use-wall-data';
import { panelLoaded, panelUpdated } from '../wall-stats';
import { useWallMessages, wfill } from '../wall-locales';
import { PanelFrame } from './PanelFrame';
import { bodySize, type PanelProps } from './types';

const ROW = 50;
const PAGE_SECONDS = 8;

interface PostRow {
  id: string;
  code: string;
  name: string;
  boardCode: string;
  who: string | null;
  as: 'A' | 'B' | 'on_call' | null;
}

interface Duty {
  shift: DutyBoard['current'];
  posts: PostRow[];
  boards: string[];
  fromRoster: boolean;
}

async function loadDuty(): Promise<Duty | null> {
  const [board, acting, town] = await Promise.all([api.duty.board({}), api.duty.actingAt({}), api.town.get({})]);
  if (!town.ok) return null;
  const boards = town.data.boards.map((b) => b.code);
  const fromRoster = acting.ok && (acting.data as ActingAt).shift !== null;
  const posts: PostRow[] = fromRoster
    ? acting.data.posts.map((p) => ({ id: p.postId, code: p.postCode, name: p.postName, boardCode: p.boardCode, who: p.acting.name, as: p.acting.as }))
    : town.data.posts.map((p) => ({ id: p.id, code: p.code, name: p.name, boardCode: p.boardCode, who: p.acting.name, as: p.acting.as }));
  return { shift: board.ok ? board.data.current : null, posts, boards, fromRoster };
}

export function OnDutyPanel({ size }: PanelProps) {
  const w = useWallMessages();
  const { tick } = useServerClock();
  const [duty, setDuty] = useState<Duty | null>(null);
  // The shift changes with the time: read again when the clock moves (and every minute, below).
  const load = useFeedLoad(loadDuty, {
    apply: (d) => {
      if (d) {
        panelLoaded();
        setDuty(d);
      }
    },
    feed: { town: true, roster: (m) => m.parts.includes('roster') || m.parts.includes('absences') || m.parts.includes('setup'), clock: true },
    minGapMs: 1000,
  });
  useEffect(() => {
    if (tick > 0 && tick % 60 === 0) load();
  }, [tick, load]);
  useRenderedEffect(
    duty,
    useCallback(() => panelUpdated('onDuty', 0), []),
  );

  const shift = duty?.shift ?? null;
  const columns = size.width >= 900 ? 2 : 1;
  const shiftRows = shift ? 2 : 0;
  const perColumn = Math.max(1, Math.floor((bodySize(size).height - 40 - shiftRows * ROW) / ROW));
  const perPage = perColumn * columns;
  const order = new Map((duty?.boards ?? []).map((b, i) => [b, i]));
  const posts = [...(duty?.posts ?? [])].sort((a, b) => (order.get(a.boardCode) ?? 9) - (order.get(b.boardCode) ?? 9) || a.code.localeCompare(b.code));
  const pages = Math.max(1, Math.ceil(posts.length / perPage));
  const page = Math.floor(tick / PAGE_SECONDS) % pages;
  const shown = posts.slice(page * perPage, (page + 1) * perPage);
  const people = (r: NonNullable<typeof shift>['roles'][number]): string => (r.people.length ? r.people.map((p) => p.name).join('、') : w.onDuty.nobody);

  return (
    <PanelFrame
      title={shift ? `${w.panels.onDuty} · ${shift.name}` : w.panels.onDuty}
      meta={pages > 1 ? wfill(w.onDuty.page, { i: page + 1, n: pages }) : undefined}
      testId="wall-panel-onDuty"
    >
      {shift && (
        <div className="wall-duty-shift" style={{ height: shiftRows * ROW }} data-testid="wall-duty-shift">
          <div className="wall-duty-shift-time num">
            {formatClock(shift.startsAt).slice(0, 5)}–{formatClock(shift.endsAt).slice(0, 5)}
          </div>
          <div className="wall-duty-roles">
            {shift.roles
              .filter((r) => r.kind !== 'on_call')
              .map((r) => (
                <span key={r.key} className={r.empty ? 'wall-duty-role bad' : 'wall-duty-role'}>
                  <span className="wall-duty-post">{r.label}</span> <strong>{people(r)}</strong>
                </span>
              ))}
          </div>
        </div>
      )}
      <div className="wall-duty" style={{ gridTemplateColumns: `repeat(${columns}, 1fr)`, gridTemplateRows: `repeat(${perColumn}, ${ROW}px)` }}>
        {shown.map((p) => (
          <div key={p.id} className="wall-duty-row" data-testid="wall-duty-row">
            <span className="wall-duty-post">{p.name}</span>
            <span className={p.as === null ? 'wall-duty-who bad' : 'wall-duty-who'}>{p.who ?? w.onDuty.nobody}</span>
            {p.as === 'B' && <span className="wall-tag warn">{w.onDuty.b}</span>}
            {p.as === 'on_call' && <span className="wall-tag warn">{w.onDuty.onCall}</span>}
          </div>
        ))}
      </div>
      <div className="wall-note">{duty?.fromRoster ? w.onDuty.rosterNote : w.onDuty.standingNote}</div>
    </PanelFrame>
  );
}
