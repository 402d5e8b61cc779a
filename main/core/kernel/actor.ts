/**
 * Who does a command: a person with their roles, or the core itself. Every feature takes an Actor;
 * the kernel's runner checks it with the one permit().
 */
import type { Role } from '../../../preload/contract/schemas';
import { SYSTEM_ACTOR_ID } from './permissions';

export interface Actor {
  readonly id: string;
  readonly roles: readonly Role[];
}

/** The system itself (SLA sweeps, sync): acts with no person, and no role check. */
export const SYSTEM: Actor = { id: SYSTEM_ACTOR_ID, roles: ['leader'] };
