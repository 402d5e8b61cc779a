/** redactUrl (preload/contract/camera-schemas.ts): what of a camera address may be logged, audited or exported. */
import { describe, expect, it } from 'vitest';
import { redactUrl, urlFault } from '../../preload/contract/camera-schemas';

describe('redactUrl', () => {
  it('hides a user and password', () => {
    expect(redactUrl('https://viewer:s3cret@video.example/live/a.m3u8')).toBe('https://***:***@video.example/live/a.m3u8');
    expect(redactUrl('http://admin@10.0.0.5:8080/a.flv')).toBe('http://***@10.0.0.5:8080/a.flv');
  });
  it('hides token-like query values and keeps the others', () => {
    expect(redactUrl('https://video.example/live/a.m3u8?token=abc123&channel=2')).toBe('https://video.example/live/a.m3u8?token=***&channel=2');
    expect(redactUrl('https://v.example/a.flv?Access_Token=x&sign=y&pwd=z#t=1')).toBe('https://v.example/a.flv?Access_Token=***&sign=***&pwd=***#t=1');
  });
  it('leaves an address without credentials as it is', () => {
    expect(redactUrl('https://video.example/live/a.m3u8?channel=2')).toBe('https://video.example/live/a.m3u8?channel=2');
  });
  it('hides credentials in a text that is not a valid address too', () => {
    const out = redactUrl('//u:p@host/a b?token=zz');
    expect(out).not.toContain('u:p');
    expect(out).not.toContain('zz');
  });
});

describe('urlFault', () => {
  it('takes http and https only, an HLS address ending in .m3u8', () => {
    expect(urlFault('hlsUrl', 'https://v.example/a.m3u8?x=1')).toBeNull();
    expect(urlFault('hlsUrl', 'https://v.example/a.flv')).toBe('not_m3u8');
    expect(urlFault('flvUrl', 'rtsp://v.example/a')).toBe('not_http');
    expect(urlFault('snapshotUrl', 'not an address')).toBe('not_url');
  });
});
