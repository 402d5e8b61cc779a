/**
 * Playing cameras (issue #18), the pure parts: the CSP's camera origins, the wall's camera tile rules,
 * the player's retry delays, credentials moved out of an address, and the page's decoder cap.
 */
import { describe, expect, it } from 'vitest';
import { cameraMediaOrigins } from '../../main/core/town/cameras/camera-origins';
import { camerasOnScreens, validateLayout } from '../../main/core/wall/wall-layout';
import { contentSecurityPolicy } from '../../main/web/csp';
import type { WallDefinition } from '../../preload/contract/wall-schemas';
import { acquireDecoder, decodersInUse, setDecoderCap } from '../../renderer/src/components/camera/decoder-slots';
import { pickSource, retryDelayMs, withoutCredentials } from '../../renderer/src/components/camera/stream-source';

describe('cameraMediaOrigins', () => {
  it('keeps scheme, host and port only: no user, password, path or query, each origin once', () => {
    expect(
      cameraMediaOrigins([
        { hlsUrl: 'https://viewer:s3cret@video.example/live/a.m3u8?token=abc', flvUrl: 'http://10.0.0.5:8080/live/a.flv' },
        { hlsUrl: 'https://video.example/live/b.m3u8', flvUrl: null },
        { hlsUrl: null, flvUrl: 'https://video.example:443/c.flv' },
      ]),
    ).toEqual(['http://10.0.0.5:8080', 'https://video.example']);
  });
  it('ignores what is not an http(s) address', () => {
    expect(cameraMediaOrigins([{ hlsUrl: 'not an address', flvUrl: 'rtsp://10.0.0.5/a' }])).toEqual([]);
  });
  it('the CSP admits exactly those origins for media and fetches, nothing else', () => {
    const policy = contentSecurityPolicy(['ws://127.0.0.1:5000'], ['http://10.0.0.5:8080', 'https://video.example']);
    expect(policy).toContain("connect-src 'self' ws://127.0.0.1:5000 http://10.0.0.5:8080 https://video.example;");
    expect(policy).toContain("media-src 'self' data: blob: http://10.0.0.5:8080 https://video.example;");
    expect(policy).toContain("default-src 'self';");
    expect(policy).toContain("script-src 'self';");
    // A value that is not an origin never reaches the policy.
    expect(contentSecurityPolicy([], ["https://x.example; script-src 'unsafe-eval'"])).not.toContain('unsafe-eval');
  });
});

function wallWith(tiles: Array<{ id: string; options: Record<string, unknown> }>): WallDefinition {
  return {
    theme: 'dark',
    wall: { columns: 1, rows: 1 },
    screenSize: { width: 1920, height: 1080 },
    screens: [
      {
        id: 's1',
        col: 0,
        row: 0,
        grid: { columns: 4, rows: 3 },
        rotateSeconds: 0,
        pages: [{ id: 'p1', tiles: tiles.map((t, i) => ({ id: t.id, panel: 'camera', x: (i % 2) * 2, y: Math.floor(i / 2), w: 2, h: 1, options: t.options })) }],
      },
    ],
  };
}

describe('the camera tile', () => {
  const register = new Map([
    ['CAM-01', true],
    ['CAM-02', false],
  ]);
  it('must name an enabled camera of the register', () => {
    const def = wallWith([
      { id: 'a', options: { camera: 'CAM-01' } },
      { id: 'b', options: { camera: 'CAM-02' } },
      { id: 'c', options: { camera: 'CAM-99' } },
      { id: 'd', options: {} },
    ]);
    const issues = validateLayout(def, register);
    expect(issues.map((i) => [i.tileId, i.code, i.camera])).toEqual([
      ['b', 'camera_disabled', 'CAM-02'],
      ['c', 'unknown_camera', 'CAM-99'],
      ['d', 'camera_missing', undefined],
    ]);
    // Without the register (a layout from another console, a draft), only the option's form is checked.
    expect(validateLayout(def)).toEqual([]);
    expect(validateLayout(wallWith([{ id: 'a', options: { camera: 'no spaces allowed' } }]), register).map((i) => i.code)).toEqual(['bad_option']);
  });
  it('lists the cameras of the asked screens only', () => {
    const def = wallWith([
      { id: 'a', options: { camera: 'CAM-01' } },
      { id: 'b', options: { camera: 'CAM-02' } },
    ]);
    expect(camerasOnScreens(def, ['s1'])).toEqual(['CAM-01', 'CAM-02']);
    expect(camerasOnScreens(def, ['s2'])).toEqual([]);
  });
});

describe('the player', () => {
  it('retries after 1 s, 2 s, 4 s … at most 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 40].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });
  it('plays HLS when there is one, else HTTP-FLV', () => {
    expect(pickSource({ hlsUrl: 'http://a/x.m3u8', flvUrl: 'http://a/x.flv' })).toEqual({ kind: 'hls', url: 'http://a/x.m3u8' });
    expect(pickSource({ hlsUrl: null, flvUrl: 'http://a/x.flv' })).toEqual({ kind: 'flv', url: 'http://a/x.flv' });
    expect(pickSource({ hlsUrl: null, flvUrl: null })).toBeNull();
  });
  it('moves a user and password out of the address into a Basic header', () => {
    expect(withoutCredentials('http://viewer:p%40ss@10.0.0.5:8080/live/a.m3u8?channel=2')).toEqual({
      url: 'http://10.0.0.5:8080/live/a.m3u8?channel=2',
      authorization: `Basic ${Buffer.from('viewer:p@ss').toString('base64')}`,
    });
    expect(withoutCredentials('http://10.0.0.5/a.flv')).toEqual({ url: 'http://10.0.0.5/a.flv', authorization: null });
  });
  it('runs at most the cap of decoders; the next waits until one is given back', () => {
    setDecoderCap(2);
    const granted: string[] = [];
    const a = acquireDecoder(() => granted.push('a'));
    const b = acquireDecoder(() => granted.push('b'));
    const c = acquireDecoder(() => granted.push('c'));
    const d = acquireDecoder(() => granted.push('d'));
    expect(granted).toEqual(['a', 'b']);
    expect(decodersInUse()).toBe(2);
    d(); // d leaves the queue before its turn
    a();
    expect(granted).toEqual(['a', 'b', 'c']);
    a(); // twice: nothing
    expect(decodersInUse()).toBe(2);
    b();
    c();
    expect(decodersInUse()).toBe(0);
    setDecoderCap(4);
  });
});
