/**
 * The signed-in desk: who is signed in, the town's standing data (boards, posts, grids), what the
 * person's roles let them see, and one way to show a refused call as a sentence.
 */
import { App as AntApp } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ApiError, PostInfo, Role, SessionInfo, TownInfo } from '../../../preload/contract';
import { api } from '../api';
import { errorText, useMessages } from '../locales';
import { useFeed } from './Feed';

/**
 * Which roles may do what — only to show or hide controls. Main checks every call itself
 * (main/core/auth/permissions.ts); this copy may lag without making anything unsafe.
 */
const UI_PERMISSIONS = {
  read: ['officer', 'leader', 'board_staff', 'admin'],
  report: ['officer', 'leader', 'board_staff'],
  dispatch: ['officer', 'leader'],
  ackAlarm: ['officer', 'leader'],
  decideApproval: ['leader'],
  editCalendar: ['admin'],
  manageWall: ['officer', 'leader', 'admin'],
  // the 24-hour watch
  editRoster: ['leader', 'admin'],
  editShiftTemplates: ['admin'],
  manageAbsences: ['leader', 'admin'],
  decideSwap: ['leader'],
  writeDutyLog: ['officer', 'leader'],
  // product settings
  manageBackups: ['admin'],
  manageUpdates: ['admin'],
  // plans
  readPlans: ['officer', 'leader', 'board_staff', 'admin'],
  editPlans: ['leader', 'admin'],
  startPlan: ['leader'],
  startDrill: ['officer', 'leader'],
  planTask: ['officer', 'leader', 'board_staff'],
  endPlan: ['leader'],
  skipTask: ['leader'],
  dismissProposal: ['officer', 'leader'],
} as const satisfies Record<string, readonly Role[]>;
export type UiPermission = keyof typeof UI_PERMISSIONS;

export interface DeskValue {
  readonly session: SessionInfo;
  readonly town: TownInfo | null;
  can(permission: UiPermission): boolean;
  post(id: string | null | undefined): PostInfo | undefined;
  gridName(code: string | null | undefined): string | undefined;
  /** The sentence for a refused call (params filled with names). */
  describe(error: ApiError): string;
  /** Shows the refusal as a message; signs out on `unauthenticated`. */
  report(error: ApiError): void;
  signOut(reason?: 'expired'): void;
}

const DeskContext = createContext<DeskValue | null>(null);

export function DeskProvider({ session, onSignedOut, children }: { session: SessionInfo; onSignedOut: (reason?: 'expired') => void; children: ReactNode }) {
  const m = useMessages();
  const { message } = AntApp.useApp();
  const [town, setTown] = useState<TownInfo | null>(null);

  const loadTown = useCallback(async () => {
    const result = await api.town.get({});
    if (result.ok) setTown(result.data);
  }, []);
  useEffect(() => {
    void loadTown();
  }, [loadTown]);
  useFeed('town', () => void loadTown());

  const value = useMemo<DeskValue>(() => {
    const posts = new Map((town?.posts ?? []).map((p) => [p.id, p]));
    const grids = new Map((town?.grids ?? []).map((g) => [g.code, g.name]));
    const describe = (error: ApiError): string => errorText(m, error, { postName: (id) => posts.get(id)?.name });
    return {
      session,
      town,
      can: (permission) => session.person.roles.some((r) => (UI_PERMISSIONS[permission] as readonly Role[]).includes(r)),
      post: (id) => (id ? posts.get(id) : undefined),
      gridName: (code) => (code ? grids.get(code) : undefined),
      describe,
      report: (error) => {
        if (error.code === 'unauthenticated') {
          onSignedOut('expired');
          return;
        }
        void message.error(describe(error));
      },
      signOut: (reason) => {
        void api.session.logout({});
        onSignedOut(reason);
      },
    };
  }, [town, session, m, message, onSignedOut]);

  return <DeskContext.Provider value={value}>{children}</DeskContext.Provider>;
}

export function useDesk(): DeskValue {
  const desk = useContext(DeskContext);
  if (!desk) throw new Error('useDesk outside DeskProvider');
  return desk;
}
