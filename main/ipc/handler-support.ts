/**
 * What every handler file of the door shares: the session, the handler types, the signed-in actor and
 * the session's description. The handlers themselves: handlers.ts (and the files it spreads in).
 */
import type { z } from 'zod';
import type { API, Channel, ResponseOf } from '../../preload/contract/api';
import type { Role, SessionInfo } from '../../preload/contract/schemas';
import type { Core } from '../core/app-core';
import { refuse } from '../core/errors';
import type { Actor } from '../core/kernel/actor';
import { allows, permit, type Permission } from '../core/kernel/permissions';

/** One signed-in connection: an Electron window or a WebSocket. */
export interface Session {
  actor: Actor | null;
  /** Where it comes from: the web console's remote address; `local` (the default) for Electron's window. Sign-in failures back off per address. */
  address?: string;
  /** Signed in with a one-time password: only the password change (and sign-out) works until it is done. */
  mustChangePassword?: boolean;
  /** The desk locked its screen (idle): the person's commands are refused until the password unlocks it. */
  locked?: boolean;
}

export type Handler<C extends Channel> = (core: Core, session: Session, request: z.output<(typeof API)[C]['request']>) => Promise<ResponseOf<C>>;
export type HandlerTable = { [C in Channel]: Handler<C> };

export const OK = { ok: true } as const;

export function actorOf(session: Session): Actor {
  if (!session.actor) refuse('unauthenticated', 'sign in first');
  return session.actor;
}

export function sessionInfo(core: Core, session: Session, actor: Actor): SessionInfo {
  const person = core.town.person(actor.id);
  if (!person) refuse('unauthenticated', 'this account no longer exists');
  return {
    person,
    username: core.town.people.get(actor.id)?.username ?? '',
    townCode: core.town.town.townCode,
    centreName: core.town.town.centreName,
    mustChangePassword: session.mustChangePassword === true,
    locked: session.locked === true,
    idleLockMinutes: core.auth.idleMinutes(),
    demo: core.town.demo,
  };
}

export function requireRole(roles: readonly Role[], permission: Permission): void {
  permit({ id: '', roles }, permission);
}

/** Refuses unless one of the permissions holds (a reader of the desk or of the wall). */
export function requireAnyRole(roles: readonly Role[], permissions: readonly Permission[]): void {
  if (permissions.some((p) => allows(roles, p))) return;
  requireRole(roles, permissions[0]);
}
