/**
 * 语音播报 and the grouped view's figures (a benchmark, not a test: `npx tsx test/alarms/bench-voice.ts
 * [--json f]`, and `voiceBench()` for `npm run bench`), on a console of 白鹭镇 with a manual clock.
 *
 * - tts_first_audio_ms (median of 15; tts_first_audio_p95_ms beside it): a new serious event is
 *   reported (its alarm raised in the report's command) → the desk reads the grouped view through the
 *   door (alarms:groups) → asks for the line's audio (voice:audio, a text never spoken before: no
 *   cache) → the WAV is in hand and turned into the float samples an AudioBuffer holds. Warm: the
 *   engine has spoken once and its next instance is ready (waited for between runs, as between
 *   alarms). The template names the event's title, so each sentence is new. The browser's own decodeAudioData of the WAV is not in it (a few ms for seconds of audio).
 * - alarm_storm_ms (median of 3): 1,000 alarms raised over one simulated minute (20 sweeps of 50,
 *   3 s apart, across 5 posts) → from the last commit to the grouped view holding all 1,000 as the
 *   desk reads it (alarms:groups through the door). alarm_storm_raise_ms: the 20 sweeps themselves.
 * Targets: first audio < 300 ms, storm < 500 ms.
 */
import { writeFileSync } from 'node:fs';
import { SYSTEM } from '../../main/core/kernel/actor';
import { callApi } from '../../main/ipc/handlers';
import type { AlarmGroup } from '../../preload/contract/voice-schemas';
import { voiceDesk, type VoiceDesk } from './voice-support';

export interface VoiceBenchFigures {
  tts_first_audio_ms: number;
  tts_first_audio_p95_ms: number;
  alarm_storm_ms: number;
  alarm_storm_raise_ms: number;
}

const round = (x: number) => Math.round(x * 10) / 10;
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

/** A 16-bit PCM WAV's samples as floats (what decodeAudioData gives an AudioBuffer). */
function samples(wav: Buffer): Float32Array {
  const data = wav.subarray(44);
  const out = new Float32Array(data.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = data.readInt16LE(i * 2) / 32768;
  return out;
}

async function firstAudio(t: VoiceDesk, runs: number): Promise<number[]> {
  const session = { actor: t.town.officer };
  // A template naming the event's title: every run's sentence is new (never from the cache).
  await t.core.voice.saveTemplate(t.town.admin, { kind: 'new_serious', template: '紧急：{grid}{title}，{level}事件，请立即处置', enabled: true });
  await t.core.voice.audio(t.town.officer, '值班台语音播报预热');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await t.core.voice.engine.warm();
    const started = performance.now();
    const eventId = await t.core.events.report(t.town.officer, {
      title: `山林冒烟第${i + 1}处`,
      categoryCode: t.town.itemCode,
      level: 'serious',
      source: 'phone',
      gridCode: t.town.gridCode,
    });
    const groups = await callApi(t.core, session, 'alarms:groups', {});
    if (!groups.ok) throw new Error(groups.error.message);
    const line = (groups.data as AlarmGroup[]).find((g) => g.head.eventId === eventId && g.spoken);
    if (!line) throw new Error('the serious event has no spoken line');
    const audio = await callApi(t.core, session, 'voice:audio', { text: line.spoken });
    if (!audio.ok) throw new Error(audio.error.message);
    const pcm = samples(Buffer.from((audio.data as { wav: string }).wav, 'base64'));
    times.push(performance.now() - started);
    if (pcm.length === 0) throw new Error('empty audio');
    await t.core.alarms.ackGroup(t.town.officer, line.alarmIds, undefined);
  }
  return times;
}

async function storm(t: VoiceDesk, round_: number): Promise<{ view: number; raise: number }> {
  const posts = t.town.posts.slice(0, 5);
  const raiseStarted = performance.now();
  for (let sweep = 0; sweep < 20; sweep++) {
    await t.core.kernel.run({ name: 'bench.sweep', actor: SYSTEM, audit: false }, async (tx) => {
      for (let i = 0; i < 50; i++) {
        const n = sweep * 50 + i;
        await tx.raiseAlarm({
          key: `storm:${round_}:${n}`,
          kind: 'overdue',
          eventId: null,
          detail: { dueKind: 'resolve', dueAt: tx.at, postId: posts[n % posts.length]!.id },
          at: tx.at,
        });
      }
      tx.emit({ topic: 'alarms' });
    });
    t.clock.advance(3000);
  }
  const lastCommit = performance.now();
  const groups = await callApi(t.core, { actor: t.town.officer }, 'alarms:groups', {});
  const view = performance.now() - lastCommit;
  if (!groups.ok) throw new Error(groups.error.message);
  const lines = groups.data as AlarmGroup[];
  const counted = lines.reduce((n, g) => n + g.count, 0);
  if (counted !== 1000 || lines.length !== 5) throw new Error(`the view holds ${counted} alarms in ${lines.length} lines`);
  for (const line of lines) await t.core.alarms.ackGroup(t.town.officer, line.alarmIds, undefined);
  return { view, raise: lastCommit - raiseStarted };
}

export async function voiceBench(log: (line: string) => void = () => undefined): Promise<VoiceBenchFigures> {
  const t = await voiceDesk();
  try {
    const first = await firstAudio(t, 15);
    log(`voice: first audio ${first.map((x) => x.toFixed(0)).join(' ')} ms`);
    const storms: { view: number; raise: number }[] = [];
    for (let r = 0; r < 3; r++) {
      storms.push(await storm(t, r));
      t.clock.advance(30 * 60_000);
    }
    log(`voice: storm view ${storms.map((s) => s.view.toFixed(0)).join(' ')} ms, raise ${storms.map((s) => s.raise.toFixed(0)).join(' ')} ms`);
    return {
      tts_first_audio_ms: round(quantile(first, 0.5)),
      tts_first_audio_p95_ms: round(quantile(first, 0.95)),
      alarm_storm_ms: round(
        quantile(
          storms.map((s) => s.view),
          0.5,
        ),
      ),
      alarm_storm_raise_ms: round(
        quantile(
          storms.map((s) => s.raise),
          0.5,
        ),
      ),
    };
  } finally {
    await t.close();
  }
}

if (require.main === module) {
  const jsonAt = process.argv.indexOf('--json');
  void voiceBench((line) => console.error(line)).then((figures) => {
    console.log(JSON.stringify(figures, null, 2));
    if (jsonAt >= 0 && process.argv[jsonAt + 1]) writeFileSync(process.argv[jsonAt + 1]!, JSON.stringify(figures, null, 2));
  });
}
