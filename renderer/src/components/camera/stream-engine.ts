/**
 * One attempt at playing a stream into a <video>: WebRTC (WHEP) through the engine's own
 * RTCPeerConnection (whep.ts), hls.js for HLS (.m3u8), mpegts.js for HTTP-FLV, each library loaded
 * on first use (its own chunk). `open` resolves to a stop function that destroys the
 * library's player and releases the video's decoder (src removed, load()). A failure the library
 * gives up on is reported once through `onFail`; the caller retries. Neither library logs: hls.js
 * runs with debug off, mpegts.js's logging is switched off, and nothing here prints an address.
 */
import { withoutCredentials, type StreamSource } from './stream-source';
import { openWhep } from './whep';

export type OpenResult = { ok: true; stop: () => void } | { ok: false; reason: 'unsupported' };

/** Releases the element's decoder: no source, and load() so the browser frees the media pipeline. */
export function releaseVideo(video: HTMLVideoElement): void {
  try {
    video.pause();
  } catch {
    // a detached element
  }
  // A WebRTC stream (WHEP) is the element's srcObject rather than its src.
  video.srcObject = null;
  video.removeAttribute('src');
  video.load();
}

export async function openStream(video: HTMLVideoElement, source: StreamSource, onFail: () => void): Promise<OpenResult> {
  const { url, authorization } = withoutCredentials(source.url);
  video.muted = true;
  video.defaultMuted = true;
  video.playsInline = true;
  if (source.kind === 'whep') {
    const opened = openWhep(video, url, authorization, onFail);
    if (!opened.ok) return opened;
    return {
      ok: true,
      stop: () => {
        opened.stop();
        releaseVideo(video);
      },
    };
  }
  if (source.kind === 'hls') {
    const { default: Hls } = await import('hls.js');
    if (!Hls.isSupported()) {
      if (!authorization && video.canPlayType('application/vnd.apple.mpegurl')) {
        // An engine with HLS of its own (Safari): the element plays the address itself.
        const failed = (): void => onFail();
        video.addEventListener('error', failed);
        video.src = url;
        void video.play().catch(() => undefined);
        return {
          ok: true,
          stop: () => {
            video.removeEventListener('error', failed);
            releaseVideo(video);
          },
        };
      }
      return { ok: false, reason: 'unsupported' };
    }
    const hls = new Hls({
      debug: false,
      // A worker would be a blob: script, which the console's CSP does not admit; the main thread is enough.
      enableWorker: false,
      lowLatencyMode: false,
      // Give up fast: the player's own retry (with backoff, 信号中断 shown) takes over.
      manifestLoadingMaxRetry: 1,
      levelLoadingMaxRetry: 1,
      fragLoadingMaxRetry: 1,
      manifestLoadingTimeOut: 8000,
      levelLoadingTimeOut: 8000,
      fragLoadingTimeOut: 10_000,
      liveSyncDurationCount: 2,
      xhrSetup: authorization ? (xhr) => xhr.setRequestHeader('Authorization', authorization) : undefined,
    });
    let failed = false;
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal || failed) return;
      failed = true;
      onFail();
    });
    hls.attachMedia(video);
    hls.loadSource(url);
    void video.play().catch(() => undefined);
    return {
      ok: true,
      stop: () => {
        failed = true;
        hls.destroy();
        releaseVideo(video);
      },
    };
  }
  const { default: mpegts } = await import('mpegts.js');
  mpegts.LoggingControl.applyConfig({ enableAll: false, enableDebug: false, enableVerbose: false, enableInfo: false, enableWarn: false, enableError: false });
  if (!mpegts.isSupported()) return { ok: false, reason: 'unsupported' };
  const player = mpegts.createPlayer(
    { type: 'flv', isLive: true, url },
    {
      enableWorker: false,
      lazyLoad: false,
      liveBufferLatencyChasing: true,
      headers: authorization ? { Authorization: authorization } : undefined,
    },
  );
  let failed = false;
  player.on(mpegts.Events.ERROR, () => {
    if (failed) return;
    failed = true;
    onFail();
  });
  player.attachMediaElement(video);
  player.load();
  void Promise.resolve(player.play()).catch(() => undefined);
  return {
    ok: true,
    stop: () => {
      failed = true;
      try {
        player.pause();
        player.unload();
        player.detachMediaElement();
      } finally {
        player.destroy();
        releaseVideo(video);
      }
    },
  };
}
