/**
 * The role table (preload/contract/permissions.ts, shared with the renderer) enforced: every
 * service refuses a command its actor's roles do not allow, with the same words.
 */
import { allows, type Permission } from '../../../preload/contract/permissions';
import type { Role } from '../../../preload/contract/schemas';
import { refuse } from '../errors';

export { allows, PERMISSIONS, type Permission } from '../../../preload/contract/permissions';

/** The core's own actor (sweeps, sync): allowed everything. */
export const SYSTEM_ACTOR_ID = 'system';

/** Refuses with `forbidden` unless one of the actor's roles has the permission. */
export function permit(actor: { readonly id: string; readonly roles: readonly Role[] }, permission: Permission): void {
  if (actor.id === SYSTEM_ACTOR_ID) return;
  if (!allows(actor.roles, permission)) refuse('forbidden', `role ${actor.roles.join(',')} may not ${permission}`, { permission });
}
