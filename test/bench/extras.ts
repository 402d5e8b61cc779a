/**
 * The other benchmarks of `npm run bench`, one per capability, each owned next to its code and
 * runnable alone: sync (test/sync/sync-bench.ts and bench-record-push.ts), roster (test/roster/bench-roster.ts), product
 * (test/product/bench-product.ts), plans (test/plans/bench-plans.ts), town (test/town/bench-town-import.ts), voice (test/alarms/bench-voice.ts), assessment (test/bench/assessment-bench.ts), wall (test/wall/bench-wall.ts), camera (test/cameras/bench-camera.ts, test/cameras/wall-camera-soak.ts). Each returns flat figures that
 * go into the JSON as they are; each has targets printed as PASS/FAIL (never an exit code).
 */
export interface Extra {
  readonly name: string;
  readonly run: () => Promise<Record<string, unknown>>;
  /** key → [comparison, target] */
  readonly targets: Readonly<Record<string, readonly ['<' | '>=' | '==', number]>>;
}

export const EXTRAS: readonly Extra[] = [
  {
    name: 'sync',
    run: async () => ({ ...(await (await import('../sync/sync-bench')).runSyncBench()), ...(await (await import('../sync/bench-record-push')).recordPushBench()) }),
    targets: {
      sync_push_ops_per_s: ['>=', 5000],
      sync_pull_ops_per_s: ['>=', 10000],
      sync_pull_ratio_vs_raw: ['>=', 0.9],
      sync_live_p99_ms: ['<', 200],
      sync_record_push_p99_ms: ['<', 1000],
    },
  },
  {
    name: 'sync-kinds',
    run: async () => (await import('../sync-kinds/bench-two-console')).twoConsoleBench(),
    targets: { sync_two_console_visible_p99_ms: ['<', 2000] },
  },
  {
    name: 'roster',
    run: async () => (await import('../roster/bench-roster')).rosterBench(),
    targets: { roster_generate_ms: ['<', 50], acting_holder_10k_ms: ['<', 50] },
  },
  {
    name: 'product',
    run: async () => {
      const { kill9_runs, kill9_lost_commands, cold_start_ms } = await (await import('../product/bench-product')).benchProduct();
      return { kill9_runs, kill9_lost_commands, cold_start_ms };
    },
    targets: { kill9_lost_commands: ['==', 0], cold_start_ms: ['<', 2000] },
  },
  {
    name: 'plans',
    run: async () => ({ ...(await (await import('../plans/bench-plans')).plansBench()) }),
    targets: { plan_dispatch_40_ms: ['<', 200] },
  },
  {
    name: 'town',
    run: async () => ({ ...(await (await import('../town/bench-town-import')).townImportBench()) }),
    targets: { town_import_ms: ['<', 5000] },
  },
  {
    name: 'voice',
    run: async () => ({ ...(await (await import('../alarms/bench-voice')).voiceBench()) }),
    targets: { tts_first_audio_ms: ['<', 300], alarm_storm_ms: ['<', 500] },
  },
  {
    name: 'assessment',
    run: async () => ({ ...(await (await import('./assessment-bench')).assessmentBench()) }),
    targets: { assessment_month_ms: ['<', 500] },
  },
  {
    name: 'wall',
    run: async () => ({ ...(await (await import('../wall/bench-wall')).wallBench()) }),
    targets: {
      wall_heap_growth_pct: ['<', 10],
      wall_echarts_instances_growth: ['==', 0],
      panel_update_ms: ['<', 50],
      wall_longest_task_ms: ['<', 100],
    },
  },
  {
    name: 'camera',
    run: async () => ({ ...(await (await import('../cameras/bench-camera')).cameraBench()), ...(await (await import('../cameras/wall-camera-soak')).wallCameraSoak()) }),
    targets: {
      camera_first_frame_ms: ['<', 1500],
      wall_camera_heap_growth_pct: ['<', 10],
      wall_camera_videos_after_layout_change: ['==', 0],
      wall_camera_decoders_after_layout_change: ['==', 0],
    },
  },
];

export function meets(value: unknown, [op, target]: readonly ['<' | '>=' | '==', number]): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  return op === '<' ? value < target : op === '>=' ? value >= target : value === target;
}

/** Runs the chosen extras one after the other; a failing one is reported and the others still run. */
export async function runExtras(names: readonly string[] | 'all', log: (line: string) => void): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const extra of EXTRAS) {
    if (names !== 'all' && !names.includes(extra.name)) continue;
    log(`${extra.name}: running`);
    const started = performance.now();
    try {
      const figures = await extra.run();
      for (const [key, value] of Object.entries(figures)) {
        out[key] = value;
        const target = extra.targets[key];
        const shown = typeof value === 'number' ? (Number.isInteger(value) ? value.toLocaleString('en') : value.toFixed(2)) : JSON.stringify(value);
        log(`  ${key.padEnd(32)} ${shown.padStart(12)}${target ? `   target ${target[0]} ${target[1]}  ${meets(value, target) ? 'PASS' : 'FAIL'}` : ''}`);
      }
      log(`${extra.name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      log(`${extra.name}: FAILED — ${error instanceof Error ? error.message : String(error)}`);
      out[`${extra.name}_error`] = error instanceof Error ? error.message : String(error);
    }
  }
  return out;
}
