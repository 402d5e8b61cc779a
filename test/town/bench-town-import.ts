/**
 * The import's figure: `town_import_ms` — 200 people, 60 posts, 30 grids with shapes (400 points
 * each) and a 512-item catalogue, from the spreadsheets' bytes into an empty console (set up with
 * only its administrator): reading the workbooks and the GeoJSON, every check, the preview and the
 * apply's one command with its audit and outbox ops. Target: under 5,000 ms. Median of 3, each into a
 * fresh console; the files are made in memory by the sample town's generator beforehand (not timed).
 *
 * Baseline in the same run: `town_import_baseline_ms` — the same records written the way the demo
 * town is seeded (TownRepository inserts in one kernel command: no file, no check), into a fresh
 * console. The difference is what reading and checking the town's own files costs.
 *
 *   npx tsx test/town/bench-town-import.ts [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../../main/core/app-core';
import { SYSTEM } from '../../main/core/kernel/actor';
import { ManualClock } from '../../main/core/kernel/clock';
import { newId } from '../../main/core/kernel/ids';
import { parseDuration } from '../../main/core/town/import/durations';
import { TownRepository } from '../../main/core/town/town.repository';
import type { Level } from '../../preload/contract/schemas';
import { generator, type TownData } from '../support/sample-town';

export const TOWN_IMPORT_TARGET_MS = 5000;
const RUNS = 3;
const SIZE = { people: 200, posts: 60, grids: 30, items: 512, vertices: 400 };
const ADMIN = { name: '基准管理员', username: 'benchadmin', password: 'bench-admin-2026' };

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number): number => Math.round(x * 10) / 10;

async function freshConsole(): Promise<{ core: Core; close: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-bench-town-'));
  const core = await createCore({ dataDir: dir, clock: new ManualClock('2026-11-23T01:00:00.000Z'), kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, startSync: false });
  await core.setUpTown({ townCode: '330110109000', townName: '基准镇', admin: ADMIN });
  return {
    core,
    close: async () => {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const LEVELS: Record<string, Level> = { 一般: 'general', 较大: 'major', 重大: 'serious', 特别重大: 'especially_serious' };
const BOARDS: Record<string, string> = { 党的建设: 'party', 经济发展: 'economy', 民生服务: 'livelihood', 平安法治: 'safety' };

/** The same records straight into the tables, as the demo seed writes its town. */
async function seedDirectly(core: Core, data: TownData): Promise<void> {
  const repo = new TownRepository();
  const s = data.sheets;
  const personId = new Map(s['人员']!.map((r) => [r[0]!, newId()]));
  const postId = new Map(s['岗位']!.map((r) => [r[0]!, newId()]));
  const village = new Map(s['村社区']!.map((r) => [r[0]!, r[1]!]));
  const category = new Map(s['分类']!.map((r) => [r[0]!, r]));
  const shape = new Map(data.shapes.features.map((f) => [String(f.properties.code), f.geometry]));
  const limit = (text: string) => {
    const parsed = parseDuration(text);
    if ('reason' in parsed) throw new Error(parsed.reason);
    return parsed.limit;
  };
  await core.kernel.run({ name: 'bench.seed', actor: SYSTEM, audit: false }, async (tx) => {
    for (const r of s['人员']!)
      await repo.insertPerson(tx.sql, { id: personId.get(r[0]!)!, name: r[1]!, phone: r[2]!, username: `~${r[0]}`, passwordHash: 'x', roles: ['board_staff'] });
    for (const r of s['岗位']!)
      await repo.insertPost(tx.sql, {
        id: postId.get(r[0]!)!,
        code: r[0]!,
        name: r[1]!,
        boardCode: BOARDS[r[2]!]!,
        kind: 'board_post',
        aPersonId: personId.get(r[5]!)!,
        bPersonId: personId.get(r[6]!)!,
        phone: r[4]!,
      });
    for (const r of s['网格']!)
      await repo.insertGrid(tx.sql, {
        code: r[0]!,
        name: r[1]!,
        village: village.get(r[2]!)!,
        households: Number(r[3]),
        gridWorkerId: personId.get(r[4]!)!,
        geometry: JSON.stringify(shape.get(r[0]!)),
      });
    for (const r of s['事项']!) {
      const c = category.get(r[2]!)!;
      await repo.insertCatalogueItem(tx.sql, {
        code: r[0]!,
        name: r[1]!,
        pinyin: '',
        categoryCode: c[0]!,
        categoryName: c[1]!,
        boardCode: BOARDS[c[2]!]!,
        standard: r[10]!,
        leadPostId: postId.get(r[3]!)!,
        cooperatingPostIds: r[4]!
          .split('、')
          .filter(Boolean)
          .map((code) => postId.get(code)!),
        defaultLevel: LEVELS[r[5]!]!,
        limits: { accept: limit(r[6]!), acknowledge: limit(r[7]!), onScene: limit(r[8]!), resolve: limit(r[9]!) },
        answerTemplate: r[11]!,
        sensorTypes: [],
      });
    }
  });
  await core.town.reload();
}

export async function townImportBench(): Promise<{ town_import_ms: number; town_import_preview_ms: number; town_import_apply_ms: number; town_import_baseline_ms: number }> {
  const gen = await generator();
  const data = gen.syntheticTown(SIZE);
  const files = Object.entries(await gen.townFiles(data)).map(([fileName, bytes]) => ({ fileName, bytes }));
  const totals: number[] = [];
  const previews: number[] = [];
  const applies: number[] = [];
  const baselines: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const desk = await freshConsole();
    try {
      const admin = [...desk.core.town.people.values()].find((p) => p.username === ADMIN.username)!;
      const actor = { id: admin.id, roles: admin.roles };
      const started = performance.now();
      const preview = await desk.core.townImport.preview(actor, files);
      const previewed = performance.now();
      if (!preview.previewId) throw new Error(`the benchmark's town was refused: ${JSON.stringify(preview.faults.slice(0, 3))}`);
      await desk.core.townImport.apply(actor, preview.previewId);
      const done = performance.now();
      totals.push(done - started);
      previews.push(previewed - started);
      applies.push(done - previewed);
      const imported = desk.core.town;
      if (imported.catalogue.size !== SIZE.items || imported.postsByCode.size !== SIZE.posts || imported.grids.size !== SIZE.grids) throw new Error('not everything was imported');
    } finally {
      await desk.close();
    }
    const base = await freshConsole();
    try {
      const started = performance.now();
      await seedDirectly(base.core, data);
      baselines.push(performance.now() - started);
    } finally {
      await base.close();
    }
  }
  return {
    town_import_ms: round(median(totals)),
    town_import_preview_ms: round(median(previews)),
    town_import_apply_ms: round(median(applies)),
    town_import_baseline_ms: round(median(baselines)),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  void townImportBench().then((figures) => {
    if (process.argv.includes('--json')) console.log(JSON.stringify(figures));
    else for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(28)} ${v}`);
  });
}
