/**
 * `npm run bench -- --json` is an interface (its keys are read by whoever tracks the figures): the
 * entry point loads outside vitest and prints one JSON object with the named keys on standard
 * output. Run with the quick parts only (the roster, the plans, the town import, the voice, the assessment over 20,000 events); the figures themselves are not
 * judged here — a benchmark never fails a build.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

it('prints the figures as one JSON object with the keys the issues name', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'test/bench/run.ts', '--no-core', '--extras', 'roster,plans,town,voice,assessment', '--json'],
    {
      cwd: root,
      // The assessment part over a small database (its 1,000,000 events are the bench's, not the test's).
      env: { ...process.env, DD_BENCH_ASSESSMENT_ROWS: '20000' },
      timeout: 170_000,
    },
  );
  const figures = JSON.parse(stdout) as Record<string, unknown>;
  for (const key of [
    'roster_generate_ms',
    'acting_holder_10k_ms',
    'plan_dispatch_40_ms',
    'town_import_ms',
    'town_import_baseline_ms',
    'tts_first_audio_ms',
    'alarm_storm_ms',
    'assessment_month_ms',
    'assessment_month_raw_ms',
  ])
    expect(typeof figures[key], key).toBe('number');
  // The engine the product runs, as the install built it (scripts/sqlite-engine.mjs).
  expect(figures.sqlite_version).toBe('3.53.4');
});
