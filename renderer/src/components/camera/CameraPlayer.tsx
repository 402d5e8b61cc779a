/**
 * A camera's live picture (issue #18): muted, WebRTC (WHEP) when the camera has it, else HLS through
 * hls.js or HTTP-FLV through mpegts.js (stream-source.ts pickSource).
 * - A stream that fails (the library gives up, or the picture stops moving) shows 信号中断 with the
 *   Beijing time it dropped and retries by itself after 1 s, 2 s, 4 s … at most 30 s; the first
 *   moving picture again is 正常 (playing) and the delays start over.
 * - Off screen (IntersectionObserver), on a hidden page, or unmounted, the player stops and releases
 *   its decoder.
 * - A page runs at most decoderCap() decoders (decoder-slots.ts); a player over it shows 等待解码资源.
 * - An address is never logged or shown: texts are Chinese sentences without it.
 * data-state: connecting | playing | interrupted | waiting | stopped | unsupported (for tests).
 */
import { useEffect, useRef, useState } from 'react';
import { useServerClock } from '../../context/ServerClock';
import { formatClock } from '../../lib/beijing-time';
import { fill } from '../../locales';
import { acquireDecoder } from './decoder-slots';
import { openStream } from './stream-engine';
import { usePlayerMessages } from './player-locales';
import { pickSource, retryDelayMs } from './stream-source';
import './camera-player.css';

export type PlayerState = 'connecting' | 'playing' | 'interrupted' | 'waiting' | 'stopped' | 'unsupported';

export interface CameraPlayerProps {
  readonly name: string;
  readonly hlsUrl?: string | null;
  readonly flvUrl?: string | null;
  /** WebRTC (WHEP): preferred when given (lower latency). */
  readonly whepUrl?: string | null;
  /** No moving picture for this long while playing: 信号中断. */
  readonly stallMs?: number;
  /** No first picture for this long after opening: 信号中断. */
  readonly connectMs?: number;
  readonly className?: string;
}

export function CameraPlayer({ name, hlsUrl, flvUrl, whepUrl, stallMs = 5000, connectMs = 12_000, className }: CameraPlayerProps) {
  const t = usePlayerMessages();
  const { now } = useServerClock();
  const nowRef = useRef(now);
  useEffect(() => {
    nowRef.current = now;
  }, [now]);
  const box = useRef<HTMLDivElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  // Without IntersectionObserver (no engine the console supports lacks it) the player just plays.
  const [visible, setVisible] = useState(typeof IntersectionObserver === 'undefined');
  // A hidden page (a minimised window, a background tab) shows nothing either: stopped too.
  const [pageShown, setPageShown] = useState(typeof document === 'undefined' || !document.hidden);
  const [state, setState] = useState<PlayerState>('stopped');
  const [droppedAt, setDroppedAt] = useState<number | null>(null);
  const [firstFrameMs, setFirstFrameMs] = useState<number | null>(null);
  const source = pickSource({ hlsUrl, flvUrl, whepUrl });
  const sourceKey = source ? `${source.kind} ${source.url}` : '';

  useEffect(() => {
    const el = box.current;
    if (!el || typeof IntersectionObserver === 'undefined') return undefined;
    const observer = new IntersectionObserver((entries) => {
      for (const e of entries) setVisible(e.isIntersecting);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    const onChange = (): void => setPageShown(!document.hidden);
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  const onScreen = visible && pageShown;

  useEffect(() => {
    const el = video.current;
    const src = pickSource({ hlsUrl, flvUrl, whepUrl });
    if (!onScreen || !src || !el) {
      setState('stopped');
      return undefined;
    }
    const openedAt = performance.now();
    let live = true;
    let attempt = 0;
    let failing = false;
    let firstFrame = false;
    let release: (() => void) | null = null;
    let stop: (() => void) | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    let watchdog: ReturnType<typeof setInterval> | null = null;
    let lastTime = -1;
    let lastMove = 0;
    let startedAt = 0;
    let playing = false;
    /** Each start's number: an open that resolves after a newer start (or a failure) is stopped at once. */
    let generation = 0;

    // The first decoded frame since the tile opened (the bench's camera_first_frame_ms).
    const onFirstFrame = (): void => {
      if (firstFrame) return;
      firstFrame = true;
      setFirstFrameMs(Math.round(performance.now() - openedAt));
    };
    const teardown = (): void => {
      if (watchdog !== null) clearInterval(watchdog);
      watchdog = null;
      el.removeEventListener('timeupdate', onTime);
      el.removeEventListener('loadeddata', onFirstFrame);
      stop?.();
      stop = null;
      release?.();
      release = null;
    };
    const fail = (): void => {
      if (!live || failing) return;
      failing = true;
      playing = false;
      teardown();
      setDroppedAt((d) => d ?? nowRef.current);
      setState('interrupted');
      const wait = retryDelayMs(attempt++);
      retryTimer = setTimeout(() => {
        retryTimer = null;
        if (live) ask();
      }, wait);
    };
    function onTime(): void {
      if (!el) return;
      const time = el.currentTime;
      if (time !== lastTime) {
        if (lastTime >= 0 && el.readyState >= 2 && !playing) {
          playing = true;
          attempt = 0;
          setDroppedAt(null);
          setState('playing');
        }
        lastTime = time;
        lastMove = performance.now();
      }
    }
    const start = async (): Promise<void> => {
      const mine = ++generation;
      failing = false;
      lastTime = -1;
      startedAt = performance.now();
      lastMove = startedAt;
      setState((s) => (s === 'interrupted' ? s : 'connecting'));
      el.addEventListener('timeupdate', onTime);
      el.addEventListener('loadeddata', onFirstFrame);
      let opened;
      try {
        opened = await openStream(el, src, fail);
      } catch {
        // The player's chunk did not load (an update under way): as a dropped stream, retried.
        if (live && mine === generation) fail();
        return;
      }
      // Unmounted meanwhile, failed while opening (fail() ran before there was anything to stop), or superseded.
      if (!live || failing || mine !== generation) {
        if (opened.ok) opened.stop();
        return;
      }
      if (!opened.ok) {
        teardown();
        setState('unsupported');
        return;
      }
      stop = opened.stop;
      watchdog = setInterval(() => {
        const quiet = performance.now() - (playing ? lastMove : startedAt);
        if (quiet > (playing ? stallMs : connectMs)) fail();
        // A paused element (the browser paused it) is asked to play again: it is muted, so it may.
        else if (el.paused) void el.play().catch(() => undefined);
      }, 1000);
    };
    const ask = (): void => {
      setState((s) => (s === 'interrupted' ? s : 'waiting'));
      release = acquireDecoder(() => {
        if (live) void start();
      });
    };
    ask();
    return () => {
      live = false;
      if (retryTimer !== null) clearTimeout(retryTimer);
      teardown();
      // Back on screen later, a new drop is timed afresh.
      setDroppedAt(null);
    };
    // sourceKey stands for hlsUrl, flvUrl and whepUrl.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [onScreen, sourceKey, stallMs, connectMs]);

  const overlay = ((): { text: string; sub?: string; tone: string } | null => {
    if (!source) return { text: t.noStream, tone: 'muted' };
    switch (state) {
      case 'playing':
        return null;
      case 'interrupted':
        return { text: t.interrupted, sub: droppedAt !== null ? `${fill(t.droppedAt, { time: formatClock(droppedAt) })} · ${t.retrying}` : t.retrying, tone: 'bad' };
      case 'waiting':
        return { text: t.waiting, sub: t.waitingHint, tone: 'muted' };
      case 'unsupported':
        return { text: t.unsupported, tone: 'bad' };
      case 'stopped':
        return { text: t.stopped, tone: 'muted' };
      default:
        return { text: t.connecting, tone: 'muted' };
    }
  })();

  return (
    <div
      ref={box}
      className={`camera-player ${className ?? ''}`}
      data-testid="camera-player"
      data-state={source ? state : 'stopped'}
      data-kind={source?.kind}
      data-first-frame-ms={firstFrameMs ?? undefined}
    >
      <video ref={video} className="camera-player-video" muted playsInline aria-label={fill(t.video, { name })} data-testid="camera-video" />
      {overlay && (
        <div className={`camera-player-overlay ${overlay.tone}`} role={overlay.tone === 'bad' ? 'status' : undefined} data-testid="camera-overlay">
          <div className="camera-player-overlay-text">{overlay.text}</div>
          {overlay.sub && (
            <div className="camera-player-overlay-sub num" data-testid="camera-overlay-sub">
              {overlay.sub}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
