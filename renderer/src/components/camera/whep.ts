/**
 * One attempt at playing a camera's WebRTC stream (WHEP, RFC 9725) into a <video> (issue #18):
 * a receive-only peer connection (video, and audio the muted player never sounds), its offer sent
 * once ICE gathering is complete (no trickle; after WHEP_GATHER_MS whatever was gathered goes) as
 * `POST <address>` with `Content-Type: application/sdp` (a `user:pass@` in the address travels as an
 * Authorization header, as for HLS and FLV), the 201's answer applied, the remote stream shown.
 * `stop` closes the connection, releases the video and DELETEs the session (the Location the server
 * gave). A refused offer (not 2xx), a connection that fails, disconnects or closes, or no new decoded
 * frame for WHEP_STALL_MS is reported once through `onFail`; the caller shows 信号中断 and retries.
 * Nothing here logs, and no address is ever printed.
 */
import type { OpenResult } from './stream-engine';

/** ICE gathering longer than this: the offer goes with the candidates gathered so far. */
export const WHEP_GATHER_MS = 2000;
/** A connected stream whose decoded frame count stops for this long has dropped. */
export const WHEP_STALL_MS = 5000;

/** Resolves when the connection has gathered its candidates, or after `ms` (whichever comes first). */
function gathered(pc: RTCPeerConnection, ms: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = (): void => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const timer = setTimeout(done, ms);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

/** The decoded video frames so far (the inbound RTP stream's count), 0 before any. */
async function framesDecoded(pc: RTCPeerConnection): Promise<number> {
  let frames = 0;
  (await pc.getStats()).forEach((s: { type?: string; kind?: string; framesDecoded?: number }) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video' && typeof s.framesDecoded === 'number') frames += s.framesDecoded;
  });
  return frames;
}

export function openWhep(video: HTMLVideoElement, url: string, authorization: string | null, onFail: () => void): OpenResult {
  if (typeof RTCPeerConnection === 'undefined') return { ok: false, reason: 'unsupported' };
  const pc = new RTCPeerConnection();
  const abort = new AbortController();
  const auth: Record<string, string> = authorization ? { Authorization: authorization } : {};
  let stopped = false;
  let failed = false;
  let resource: string | null = null;
  let monitor: ReturnType<typeof setInterval> | null = null;

  const fail = (): void => {
    if (stopped || failed) return;
    failed = true;
    onFail();
  };
  const remove = (at: string): void => {
    // The session is over either way: a server that does not answer the DELETE ends it by its own timeout.
    void fetch(at, { method: 'DELETE', headers: auth, credentials: 'omit', keepalive: true }).catch(() => undefined);
  };

  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  pc.ontrack = (e) => {
    const stream = e.streams[0] ?? new MediaStream([e.track]);
    if (video.srcObject !== stream) video.srcObject = stream;
    void video.play().catch(() => undefined);
  };
  pc.onconnectionstatechange = () => {
    const s = pc.connectionState;
    if (s === 'failed' || s === 'disconnected' || s === 'closed') fail();
  };

  void (async () => {
    try {
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc, WHEP_GATHER_MS);
      const offer = pc.localDescription?.sdp;
      if (stopped || !offer) return;
      const res = await fetch(url, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/sdp' },
        body: offer,
        credentials: 'omit',
        cache: 'no-store',
        signal: abort.signal,
      });
      const location = res.headers.get('Location');
      if (res.ok && location) resource = new URL(location, url).toString();
      if (stopped) {
        if (resource) remove(resource);
        return;
      }
      if (!res.ok) {
        fail();
        return;
      }
      const answer = await res.text();
      if (stopped) return;
      await pc.setRemoteDescription({ type: 'answer', sdp: answer });
      // Connected but no new frame for a while (the camera stopped sending): dropped.
      let last = -1;
      let lastMove = performance.now();
      monitor = setInterval(() => {
        void framesDecoded(pc)
          .then((n) => {
            if (n !== last) {
              last = n;
              lastMove = performance.now();
            } else if (last > 0 && performance.now() - lastMove > WHEP_STALL_MS) fail();
          })
          .catch(() => undefined);
      }, 1000);
    } catch {
      // Refused by the network, a bad answer, or aborted by stop(): as a dropped stream (stop() silences it).
      fail();
    }
  })();

  return {
    ok: true,
    stop: () => {
      stopped = true;
      if (monitor !== null) clearInterval(monitor);
      abort.abort();
      pc.ontrack = null;
      pc.onconnectionstatechange = null;
      pc.close();
      if (resource) remove(resource);
      resource = null;
    },
  };
}
