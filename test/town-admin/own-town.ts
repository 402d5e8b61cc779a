/**
 * A town of its own for the admin pages' tests (never the demo town): an empty console set up the way
 * the first start does it (东湖街道 and its first administrator), then filled by hand by the tests.
 */
import path from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../main/core/app-core';
import type { Actor } from '../../main/core/kernel/actor';
import type { Clock } from '../../main/core/kernel/clock';
import { callApi, type Session } from '../../main/ipc/handlers';

export const OWN_TOWN = { townCode: '420106008000', townName: '东湖街道' };
export const FIRST_ADMIN = { name: '周敏', username: 'zhoumin', password: 'donghu-2026' };

/** A Polygon around a point of 武汉 (a square of about 1 km). */
export function square(lng = 114.36, lat = 30.54, d = 0.01): { type: 'Polygon'; coordinates: number[][][] } {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lng, lat],
        [lng + d, lat],
        [lng + d, lat + d],
        [lng, lat + d],
        [lng, lat],
      ],
    ],
  };
}

export async function ownTown(dir: string, clock: Clock, extra: Partial<CoreOptions> = {}): Promise<{ core: Core; admin: Actor }> {
  const core = await createCore({ dataDir: path.join(dir, extra.nodeId ?? 'town'), clock, kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, startSync: false, ...extra });
  await core.setUpTown({ townCode: OWN_TOWN.townCode, townName: OWN_TOWN.townName, admin: FIRST_ADMIN });
  const admin = [...core.town.people.values()].find((p) => p.username === FIRST_ADMIN.username)!;
  return { core, admin: { id: admin.id, roles: admin.roles } };
}

/** One call through the door, as a signed-in session of the actor (answers checked against their schemas). */
export function asDoor(core: Core, actor: Actor | null) {
  const session: Session = { actor };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers are checked against their schemas (checkResponses)
  return (channel: string, request: unknown = {}) => callApi(core, session, channel, request, { checkResponses: true }) as Promise<any>;
}
