/**
 * The core under load, to be killed with SIGKILL at any moment (test/product/kill9-runner.ts).
 * Starts the core the way the product does (integrity check first), then runs commands from two
 * loops at once — report a call, one-key dispatch it — and now and then an online backup. Each
 * command's id is written to stdout (synchronously) the moment the command resolved, i.e. the moment
 * an officer would have seen it acknowledged.
 *
 *   node kill9-child.cjs <dataDir> <resourcesDir> <seed>
 */
import { writeSync } from 'node:fs';
import { createCore } from '../../main/core/app-core';
import type { Actor } from '../../main/core/kernel/actor';

function say(line: string): void {
  writeSync(1, `${line}\n`);
}

async function main(): Promise<void> {
  const [dataDir, resourcesDir, seedText] = process.argv.slice(2);
  if (!dataDir || !resourcesDir) throw new Error('usage: kill9-child <dataDir> <resourcesDir> <seed>');
  let seed = Number(seedText ?? 1) || 1;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return Math.floor((seed / 2 ** 31) * n);
  };
  const core = await createCore({ demo: true, dataDir, resourcesDir, kdfLogN: 10, sweepIntervalMs: 0, backupIntervalMs: 0 });
  const officer = [...core.town.people.values()].find((p) => p.roles.includes('officer'))!;
  const actor: Actor = { id: officer.id, roles: officer.roles };
  const items = [...core.town.catalogue.values()].filter((i) => i.leadPostId);
  const grids = [...core.town.grids.values()];
  say(`ready ${core.backups.startup?.integrity ?? 'none'}`);

  let n = 0;
  const loop = async (lane: number): Promise<never> => {
    for (;;) {
      const item = items[rnd(items.length)]!;
      const grid = grids[rnd(grids.length)]!;
      const id = await core.events.report(actor, {
        title: `${grid.village}${item.name} #${lane}-${n++}`,
        categoryCode: item.code,
        level: rnd(10) === 0 ? 'major' : 'general',
        source: 'grid',
        gridCode: grid.code,
      });
      say(`R ${id}`);
      if (rnd(2) === 0) {
        const p = await core.events.proposeDispatch(actor, id);
        await core.events.acceptAndDispatch(actor, { eventId: id, leadPostId: p.lead.id, cooperatingPostIds: p.cooperating.map((c) => c.id) });
        say(`D ${id}`);
      }
      if (lane === 0 && rnd(25) === 0) {
        void core.backups.create('manual').then((b) => say(`B ${b.name}`));
      }
    }
  };
  await Promise.all([loop(0), loop(1)]);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
