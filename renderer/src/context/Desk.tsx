/**
 * The signed-in desk: who is signed in, the town's standing data (boards, posts, grids), what the
 * person's roles let them see, and one way to show a refused call as a sentence.
 */
import { App as AntApp } from 'antd';
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { allows, type ApiError, type Permission, type PostInfo, type SessionInfo, type TownInfo } from '../../../preload/contract';
import { api } from '../api';
import { errorText, useMessages, type Subject } from '../locales';
import { useFeedLoad } from '../hooks/use-feed-load';

/**
 * Which roles may do what — the same table main enforces (preload/contract/permissions.ts); here it
 * only shows or hides controls.
 */
export type UiPermission = Permission;

export interface DeskValue {
  readonly session: SessionInfo;
  readonly town: TownInfo | null;
  can(permission: UiPermission): boolean;
  post(id: string | null | undefined): PostInfo | undefined;
  gridName(code: string | null | undefined): string | undefined;
  /** The sentence for a refused call (params filled with names; `about`: what the command acted on). */
  describe(error: ApiError, about?: { subject?: Subject }): string;
  /** Shows the refusal as a message; signs out on `unauthenticated`. */
  report(error: ApiError, about?: { subject?: Subject }): void;
  signOut(reason?: 'expired'): void;
}

const DeskContext = createContext<DeskValue | null>(null);

const loadTown = () => api.town.get({});

export function DeskProvider({ session, onSignedOut, children }: { session: SessionInfo; onSignedOut: (reason?: 'expired') => void; children: ReactNode }) {
  const m = useMessages();
  const { message } = AntApp.useApp();
  const [town, setTown] = useState<TownInfo | null>(null);

  useFeedLoad(loadTown, {
    apply: (result) => {
      if (result.ok) setTown(result.data);
    },
    feed: { town: true },
  });

  const value = useMemo<DeskValue>(() => {
    const posts = new Map((town?.posts ?? []).map((p) => [p.id, p]));
    const grids = new Map((town?.grids ?? []).map((g) => [g.code, g.name]));
    const describe = (error: ApiError, about: { subject?: Subject } = {}): string => errorText(m, error, { postName: (id) => posts.get(id)?.name, ...about });
    return {
      session,
      town,
      can: (permission) => allows(session.person.roles, permission),
      post: (id) => (id ? posts.get(id) : undefined),
      gridName: (code) => (code ? grids.get(code) : undefined),
      describe,
      report: (error, about) => {
        if (error.code === 'unauthenticated') {
          onSignedOut('expired');
          return;
        }
        // The idle lock's overlay is up (it says so itself): a command from behind it is no news.
        if (error.code === 'screen_locked') return;
        void message.error(describe(error, about));
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
