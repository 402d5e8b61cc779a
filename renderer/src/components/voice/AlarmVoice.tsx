/**
 * The sound of the alarms on one screen (the desk, or a wall screen): the most urgent line that
 * speaks is said in Mandarin (the core's WAV, played through Web Audio at the screen's volume) as soon
 * as it appears or grows, and again every repeat interval (server time) until it is acknowledged —
 * unless the desk is muted, the screen is in its quiet hours, or it does not speak. The desk beeps
 * for open alarms that have nothing to say (not while muted). What was played is on the hidden
 * `voice-player` element's data attributes (count, the last buffer's length and text).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AlarmGroup, VoiceState } from '../../../../preload/contract/voice-schemas';
import { silencedBy } from '../../../../preload/contract/voice-rules';
import { api } from '../../api';
import { useServerClock } from '../../context/ServerClock';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { beep } from '../../lib/alarm-sound';
import { playBuffer, voiceBuffer } from '../../lib/voice-player';

async function fetchWav(text: string): Promise<string> {
  const r = await api.voice.audio({ text });
  if (!r.ok) throw new Error(r.error.message);
  return r.data.wav;
}

/** What a screen does (volume, quiet hours, the mute, the repeat), re-read when the feed says the settings changed. */
export function useVoiceState(screen: string): VoiceState | null {
  const [state, setState] = useState<VoiceState | null>(null);
  useFeedLoad(
    useCallback(() => api.voice.state({ screen }), [screen]),
    {
      apply: (r) => {
        if (r.ok) setState(r.data);
      },
      feed: { voice: true, clock: true },
      minGapMs: 1000,
    },
  );
  return state;
}

interface Props {
  groups: readonly AlarmGroup[];
  screen: string;
  state: VoiceState | null;
  /** The desk beeps for open alarms with nothing to say; the wall stays quiet. */
  beepWhenQuiet: boolean;
}

export function AlarmVoice({ groups, screen, state, beepWhenQuiet }: Props) {
  const { now, tick } = useServerClock();
  const [played, setPlayed] = useState({ count: 0, length: 0, text: '' });
  const last = useRef<{ identity: string; atMs: number } | null>(null);
  const busy = useRef(false);

  const target = groups.find((g) => g.spoken !== null) ?? null;
  const identity = target ? `${target.key}|${target.count}` : '';
  const silenced = state ? silencedBy(state, state.mute, new Date(now)) : 'off';

  useEffect(() => {
    if (!target || !state || silenced !== null || busy.current) return;
    const due = !last.current || last.current.identity !== identity || now - last.current.atMs >= state.repeatSeconds * 1000;
    if (!due) return;
    const text = target.spoken!;
    const buffer = voiceBuffer(text, () => fetchWav(text));
    if (!buffer) return;
    busy.current = true;
    buffer
      .then((b) => {
        if (!playBuffer(b, state.volume)) return;
        last.current = { identity, atMs: now };
        setPlayed((p) => ({ count: p.count + 1, length: b.length, text }));
      })
      .catch(() => undefined)
      .finally(() => {
        busy.current = false;
      });
  }, [tick, now, identity, target, state, silenced]);

  // Open alarms with nothing to say (or a screen that does not speak now) still beep on the desk; never while muted.
  const beeps = beepWhenQuiet && groups.length > 0 && silenced !== 'muted' && (!target || silenced !== null);
  useEffect(() => {
    if (beeps && tick % 2 === 0) beep();
  }, [beeps, tick]);

  return (
    <span
      hidden
      data-testid="voice-player"
      data-screen={screen}
      data-played={played.count}
      data-buffer-length={played.length}
      data-text={played.text}
      data-target={target?.spoken ?? ''}
      data-silenced={silenced ?? ''}
    />
  );
}
