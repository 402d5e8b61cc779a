/**
 * WebRTC (WHEP) cameras (issue #18), the parts without a browser: the CSP's camera origins include the
 * WHEP addresses', the player prefers WHEP, and one WHEP attempt (whep.ts) against a fake
 * RTCPeerConnection and fetch — the offer POSTed as application/sdp with the credentials as a header,
 * the answer applied, the session DELETEd at its Location on stop; a refusal or a failed connection
 * reported once, nothing after stop. The real exchange: test/e2e/camera-whep.spec.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cameraMediaOrigins } from '../../main/core/town/cameras/camera-origins';
import { contentSecurityPolicy } from '../../main/web/csp';
import { pickSource } from '../../renderer/src/components/camera/stream-source';
import { openWhep } from '../../renderer/src/components/camera/whep';

describe('WHEP addresses in the CSP and the choice of stream', () => {
  it('admits the origin of a WHEP address (no user, password or path), beside HLS and FLV', () => {
    const origins = cameraMediaOrigins([
      { hlsUrl: 'http://10.0.0.5:8080/live/a.m3u8', flvUrl: null, whepUrl: 'https://viewer:s3cret@rtc.example:8443/whep/a?token=x' },
      { hlsUrl: null, flvUrl: 'http://10.0.0.5:8080/live/b.flv', whepUrl: 'http://10.0.0.5:8080/whep/b' },
      { hlsUrl: 'http://10.0.0.6/c.m3u8', flvUrl: null },
    ]);
    expect(origins).toEqual(['http://10.0.0.5:8080', 'http://10.0.0.6', 'https://rtc.example:8443']);
    const policy = contentSecurityPolicy([], origins);
    expect(policy).toContain("connect-src 'self' http://10.0.0.5:8080 http://10.0.0.6 https://rtc.example:8443;");
    expect(policy).not.toContain('s3cret');
    expect(cameraMediaOrigins([{ hlsUrl: null, flvUrl: null, whepUrl: 'webrtc://10.0.0.5/a' }])).toEqual([]);
  });
  it('plays WHEP when the camera has it, else HLS, else FLV', () => {
    const all = { hlsUrl: 'http://a/x.m3u8', flvUrl: 'http://a/x.flv', whepUrl: 'http://a/whep/x' };
    expect(pickSource(all)).toEqual({ kind: 'whep', url: 'http://a/whep/x' });
    expect(pickSource({ ...all, whepUrl: null })).toEqual({ kind: 'hls', url: 'http://a/x.m3u8' });
    expect(pickSource({ hlsUrl: null, flvUrl: 'http://a/x.flv', whepUrl: '' })).toEqual({ kind: 'flv', url: 'http://a/x.flv' });
  });
});

class FakePeer {
  static last: FakePeer | null = null;
  transceivers: Array<{ kind: string; direction: string | undefined }> = [];
  localDescription: { type: string; sdp: string } | null = null;
  remote: { type: string; sdp: string } | null = null;
  iceGatheringState = 'complete';
  connectionState = 'new';
  closed = false;
  ontrack: ((e: unknown) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  constructor() {
    FakePeer.last = this;
  }
  addTransceiver(kind: string, init?: { direction?: string }): void {
    this.transceivers.push({ kind, direction: init?.direction });
  }
  async createOffer(): Promise<{ type: string; sdp: string }> {
    return { type: 'offer', sdp: 'v=0 offer' };
  }
  async setLocalDescription(d: { type: string; sdp: string }): Promise<void> {
    this.localDescription = d;
  }
  async setRemoteDescription(d: { type: string; sdp: string }): Promise<void> {
    this.remote = d;
  }
  async getStats(): Promise<Map<string, unknown>> {
    return new Map();
  }
  addEventListener(): void {}
  removeEventListener(): void {}
  close(): void {
    this.closed = true;
  }
  /** The connection's state changing (as the engine would). */
  become(state: string): void {
    this.connectionState = state;
    this.onconnectionstatechange?.();
  }
}

type Call = { url: string; method: string; headers: Record<string, string>; body?: string };

function fakeFetch(status: number, location: string | null): { calls: Call[] } {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => {
    calls.push({ url, method: init.method, headers: init.headers, body: init.body });
    if (init.method === 'DELETE') return new Response(null, { status: 200 });
    return new Response(status === 201 ? 'v=0 answer' : null, { status, headers: location ? { Location: location } : {} });
  });
  return { calls };
}

const video = (): HTMLVideoElement => ({ srcObject: null, play: () => Promise.resolve() }) as unknown as HTMLVideoElement;

describe('openWhep', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    FakePeer.last = null;
  });

  it('POSTs the offer as application/sdp with the credentials as a header, applies the answer, DELETEs the session on stop', async () => {
    vi.stubGlobal('RTCPeerConnection', FakePeer);
    const { calls } = fakeFetch(201, 'session/42');
    const onFail = vi.fn();
    const opened = openWhep(video(), 'http://10.0.0.5:8889/whep/cam', 'Basic dmlld2VyOnMzY3JldA==', onFail);
    expect(opened.ok).toBe(true);
    const pc = FakePeer.last!;
    await vi.waitFor(() => expect(pc.remote).toEqual({ type: 'answer', sdp: 'v=0 answer' }));
    expect(pc.transceivers).toEqual([
      { kind: 'video', direction: 'recvonly' },
      { kind: 'audio', direction: 'recvonly' },
    ]);
    expect(calls).toEqual([
      {
        url: 'http://10.0.0.5:8889/whep/cam',
        method: 'POST',
        headers: { Authorization: 'Basic dmlld2VyOnMzY3JldA==', 'Content-Type': 'application/sdp' },
        body: 'v=0 offer',
      },
    ]);
    if (opened.ok) opened.stop();
    expect(pc.closed).toBe(true);
    expect(calls[1]).toMatchObject({ url: 'http://10.0.0.5:8889/whep/session/42', method: 'DELETE', headers: { Authorization: 'Basic dmlld2VyOnMzY3JldA==' } });
    // The connection closing after stop is not a drop.
    pc.become('closed');
    expect(onFail).not.toHaveBeenCalled();
  });

  it('reports a refused offer (503) once and applies nothing', async () => {
    vi.stubGlobal('RTCPeerConnection', FakePeer);
    fakeFetch(503, null);
    const onFail = vi.fn();
    const opened = openWhep(video(), 'http://10.0.0.5:8889/whep/cam', null, onFail);
    await vi.waitFor(() => expect(onFail).toHaveBeenCalledTimes(1));
    expect(FakePeer.last!.remote).toBeNull();
    FakePeer.last!.become('failed');
    expect(onFail).toHaveBeenCalledTimes(1);
    if (opened.ok) opened.stop();
  });

  it('reports a connection that fails or disconnects, once', async () => {
    vi.stubGlobal('RTCPeerConnection', FakePeer);
    const { calls } = fakeFetch(201, 'http://10.0.0.5:8889/whep/cam/s1');
    const onFail = vi.fn();
    const opened = openWhep(video(), 'http://10.0.0.5:8889/whep/cam', null, onFail);
    const pc = FakePeer.last!;
    await vi.waitFor(() => expect(pc.remote).not.toBeNull());
    expect(calls[0]!.headers).toEqual({ 'Content-Type': 'application/sdp' });
    pc.become('disconnected');
    pc.become('failed');
    expect(onFail).toHaveBeenCalledTimes(1);
    if (opened.ok) opened.stop();
    expect(calls[1]).toMatchObject({ url: 'http://10.0.0.5:8889/whep/cam/s1', method: 'DELETE' });
  });

  it('is unsupported without RTCPeerConnection', () => {
    vi.stubGlobal('RTCPeerConnection', undefined);
    expect(openWhep(video(), 'http://10.0.0.5/whep/cam', null, () => undefined)).toEqual({ ok: false, reason: 'unsupported' });
  });
});
