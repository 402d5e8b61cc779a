/**
 * The town kept by hand (系统设置 → 人员 / 岗位 / 网格) and the audit log viewer: validated by the door
 * (callApi) against preload/contract/town-admin-schemas.ts and audit-schemas.ts, then core. The role
 * is checked by core (manageTown: the administrator; readAudit: leaders and administrators).
 */
import type { z } from 'zod';
import type { API, Channel, ResponseOf } from '../../preload/contract/api';
import type { Core } from '../core/app-core';
import { auditExportFile } from '../core/audit/audit-export';
import { refuse } from '../core/errors';
import type { Actor } from '../core/kernel/actor';

type TownAdminChannel = Extract<Channel, `townAdmin:${string}` | `audit:${string}`>;
/** What these handlers need of a session (the door's Session has more). */
type Signed = { actor: Actor | null };
type Handlers = { [C in TownAdminChannel]: (core: Core, session: Signed, request: z.output<(typeof API)[C]['request']>) => Promise<ResponseOf<C>> };

const OK = { ok: true } as const;

function actorOf(session: Signed): Actor {
  if (!session.actor) refuse('unauthenticated', 'sign in first');
  return session.actor;
}

export const TOWN_ADMIN_HANDLERS: Handlers = {
  'townAdmin:people': (core, s) => core.townAdmin.people(actorOf(s)),
  'townAdmin:addPerson': (core, s, req) => core.townAdmin.addPerson(actorOf(s), req),
  'townAdmin:editPerson': (core, s, req) => core.townAdmin.editPerson(actorOf(s), req),
  'townAdmin:setPersonActive': async (core, s, req) => (await core.townAdmin.setPersonActive(actorOf(s), req.personId, req.active), OK),
  'townAdmin:posts': (core, s) => core.townAdmin.posts(actorOf(s)),
  'townAdmin:addPost': (core, s, req) => core.townAdmin.addPost(actorOf(s), req),
  'townAdmin:editPost': async (core, s, req) => (await core.townAdmin.editPost(actorOf(s), req), OK),
  'townAdmin:setPostActive': async (core, s, req) => (await core.townAdmin.setPostActive(actorOf(s), req.postId, req.active), OK),
  'townAdmin:grids': (core, s) => core.townAdmin.grids(actorOf(s)),
  'townAdmin:grid': (core, s, req) => core.townAdmin.grid(actorOf(s), req.code),
  'townAdmin:addGrid': async (core, s, req) => (await core.townAdmin.addGrid(actorOf(s), req), OK),
  'townAdmin:editGrid': async (core, s, req) => (await core.townAdmin.editGrid(actorOf(s), req), OK),
  'townAdmin:setGridActive': async (core, s, req) => (await core.townAdmin.setGridActive(actorOf(s), req.code, req.active), OK),
  'audit:list': (core, s, req) => core.audit.list(actorOf(s), req),
  'audit:kinds': (core, s) => core.audit.kinds(actorOf(s)),
  'audit:actors': async (core, s) => core.audit.actors(actorOf(s)),
  'audit:record': (core, s, req) => core.audit.record(actorOf(s), req.entity, req.entityId),
  'audit:export': async (core, s, req) => {
    const { rows, total } = await core.audit.all(actorOf(s), req);
    return auditExportFile(rows, {
      centreName: core.town.town.centreName,
      filter: req,
      total,
      exportedAt: core.clock.now(),
      actorName: (id) => core.town.people.get(id)?.name ?? null,
    });
  },
};
