/** Test helpers: a real core on a fresh SQLite file in a temp folder, with a manual clock. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../../main/core/app-core';
import { ManualClock } from '../../main/core/kernel/clock';
import type { Actor } from '../../main/core/kernel/actor';

export interface TestCore {
  core: Core;
  clock: ManualClock;
  dir: string;
  officer: Actor;
  officer2: Actor;
  leader: Actor;
  admin: Actor;
  wall: Actor;
  staffOf(postCode: string, which?: 'A' | 'B'): Actor;
  close(): Promise<void>;
}

/** Monday 2026-11-23 09:00 Beijing time — a working day, inside working hours. */
export const MONDAY_9AM = '2026-11-23T01:00:00.000Z';

export async function makeCore(start: string = MONDAY_9AM, dir?: string): Promise<TestCore> {
  const folder = dir ?? mkdtempSync(path.join(os.tmpdir(), 'duty-desk-test-'));
  const clock = new ManualClock(start);
  const core = await createCore({ demo: true, dataDir: folder, clock, kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false });
  const byRole = (role: string, index = 0): Actor => {
    const people = [...core.town.people.values()].filter((p) => p.roles.includes(role as never));
    const p = people[index];
    if (!p) throw new Error(`demo town has no ${role} #${index}`);
    return { id: p.id, roles: p.roles };
  };
  return {
    core,
    clock,
    dir: folder,
    officer: byRole('officer', 0),
    officer2: byRole('officer', 1),
    leader: byRole('leader', 0),
    admin: byRole('admin', 0),
    wall: byRole('wall_viewer', 0),
    staffOf(postCode, which = 'A') {
      const post = core.town.postsByCode.get(postCode);
      if (!post) throw new Error(`no post ${postCode}`);
      const id = which === 'A' ? post.aPersonId : post.bPersonId;
      const person = id ? core.town.people.get(id) : undefined;
      if (!person) throw new Error(`post ${postCode} has no ${which} holder`);
      return { id: person.id, roles: person.roles };
    },
    async close() {
      await core.close();
      if (!dir) rmSync(folder, { recursive: true, force: true });
    },
  };
}
