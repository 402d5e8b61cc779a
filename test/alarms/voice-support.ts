/** 语音播报's tests: a console of 白鹭镇 on a real SQLite file with a manual clock, and alarms raised through the kernel. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '../../main/core/app-core';
import { SYSTEM } from '../../main/core/kernel/actor';
import type { AlarmKind } from '../../main/core/kernel/alarm.repository';
import { ManualClock } from '../../main/core/kernel/clock';
import { sampleTown, sampleTownCore, type SampleTown } from '../support/sample-town-core';

export const START = '2026-11-23T01:00:00.000Z'; // Monday 09:00 Beijing

export interface VoiceDesk {
  core: Core;
  clock: ManualClock;
  town: SampleTown;
  dir: string;
  /** Raises an alarm as a sweep would (the kernel's one write path), now. */
  raise(kind: AlarmKind, key: string, eventId: string | null, detail?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export async function voiceDesk(): Promise<VoiceDesk> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-voice-'));
  const clock = new ManualClock(START);
  const core = await sampleTownCore({ dataDir: dir, clock, kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false });
  return {
    core,
    clock,
    town: sampleTown(core),
    dir,
    raise: async (kind, key, eventId, detail = {}) => {
      await core.kernel.run({ name: 'test.raise', actor: SYSTEM, audit: false }, async (tx) => {
        await tx.raiseAlarm({ key, kind, eventId, detail, at: tx.at });
        tx.emit({ topic: 'alarms' });
      });
    },
    close: async () => {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SoxFigures {
  seconds: number;
  rms: number;
  sampleRate: number;
  channels: number;
}

/** What Debian's sox says of a WAV (only to check it, never to make what the product plays). */
export function soxFigures(wav: Buffer, dir: string): SoxFigures {
  const file = path.join(dir, `check-${Math.random().toString(36).slice(2)}.wav`);
  writeFileSync(file, wav);
  const info = (flag: string) => execFileSync('soxi', [flag, file], { encoding: 'utf8' }).trim();
  // sox prints its statistics on standard error
  const statText = spawnSync('sox', [file, '-n', 'stat'], { encoding: 'utf8' }).stderr;
  const rms = Number(/RMS\s+amplitude:\s+([\d.]+)/.exec(statText)?.[1] ?? NaN);
  return { seconds: Number(info('-D')), rms, sampleRate: Number(info('-r')), channels: Number(info('-c')) };
}
