/**
 * Camera streams for the tests and the bench (issue #18): Debian's ffmpeg makes, once per machine and
 * parameters (cached under os.tmpdir()), a short H.264 stream of the testsrc2 pattern (moving content)
 * cut into 1 s HLS segments, and an FLV file; a real node:http server on 127.0.0.1 serves them as live
 * streams a camera platform would:
 * - `/live/cam.m3u8`: a sliding live playlist (4 segments) over the segments in a loop, a
 *   discontinuity at each wrap;
 * - `/live/cam.flv`: HTTP-FLV, sent at about real time (a player that chases the live edge stays on it).
 * `refuse()` drops the streams (every request answered 503, open FLV responses cut), `accept()` brings
 * them back. CORS allows any page (hls.js and mpegts.js fetch the media).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface StreamParams {
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  /** Length of the HLS loop (1 s segments). */
  readonly hlsSeconds: number;
  /** Length of the FLV file. */
  readonly flvSeconds: number;
}

export const DEFAULT_STREAM_PARAMS: StreamParams = { width: 320, height: 180, fps: 25, hlsSeconds: 6, flvSeconds: 90 };

export interface CameraMedia {
  readonly dir: string;
  readonly segments: readonly Buffer[];
  readonly flv: Buffer;
}

const made = new Map<string, Promise<CameraMedia>>();

async function ffmpeg(args: string[]): Promise<void> {
  try {
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { timeout: 120_000 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new Error('ffmpeg is not installed: apt-get install -y ffmpeg (the camera tests need it; .ci/run installs it)');
    throw error;
  }
}

/** The media files (made once: cached under os.tmpdir() by their parameters). */
export function cameraMedia(params: StreamParams = DEFAULT_STREAM_PARAMS): Promise<CameraMedia> {
  const key = createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 16);
  let pending = made.get(key);
  if (!pending) {
    pending = make(params, key);
    made.set(key, pending);
  }
  return pending;
}

async function make(p: StreamParams, key: string): Promise<CameraMedia> {
  const dir = path.join(os.tmpdir(), 'duty-desk-camera-streams', key);
  if (!existsSync(path.join(dir, 'done'))) {
    const work = `${dir}.${process.pid}.${Date.now()}`;
    mkdirSync(work, { recursive: true });
    const source = ['-f', 'lavfi', '-i', `testsrc2=size=${p.width}x${p.height}:rate=${p.fps}`];
    const h264 = [
      '-c:v',
      'libx264',
      '-profile:v',
      'baseline',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-g',
      String(p.fps),
      '-keyint_min',
      String(p.fps),
      '-sc_threshold',
      '0',
    ];
    await Promise.all([
      ffmpeg([
        ...source,
        '-t',
        String(p.hlsSeconds),
        ...h264,
        '-f',
        'hls',
        '-hls_time',
        '1',
        '-hls_list_size',
        '0',
        '-hls_segment_filename',
        path.join(work, 'seg_%03d.ts'),
        path.join(work, 'index.m3u8'),
      ]),
      ffmpeg([...source, '-t', String(p.flvSeconds), ...h264, '-f', 'flv', path.join(work, 'cam.flv')]),
    ]);
    readFileSync(path.join(work, 'index.m3u8')); // made
    writeFileSync(path.join(work, 'done'), new Date().toISOString());
    try {
      renameSync(work, dir);
    } catch {
      // Another run made it first: theirs is as good.
      rmSync(work, { recursive: true, force: true });
    }
  }
  const segments: Buffer[] = [];
  for (let i = 0; i < p.hlsSeconds; i++) segments.push(readFileSync(path.join(dir, `seg_${String(i).padStart(3, '0')}.ts`)));
  return { dir, segments, flv: readFileSync(path.join(dir, 'cam.flv')) };
}

export interface CameraStreamServer {
  readonly origin: string;
  readonly hlsUrl: string;
  readonly flvUrl: string;
  /** Requests answered with media (playlists, segments, FLV) since the start. */
  readonly served: () => number;
  /** Drops the streams: 503 to every request, open FLV responses cut. */
  refuse(): void;
  /** Serves again. */
  accept(): void;
  close(): Promise<void>;
}

const WINDOW = 4;

/** A live playlist at `sequence` (the newest segment's number): the last WINDOW segments of the loop. */
export function livePlaylist(sequence: number, loop: number): string {
  const first = Math.max(0, sequence - WINDOW + 1);
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    '#EXT-X-TARGETDURATION:1',
    `#EXT-X-MEDIA-SEQUENCE:${first}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${Math.floor(Math.max(0, first - 1) / loop)}`,
  ];
  for (let k = first; k <= sequence; k++) {
    if (k > 0 && k % loop === 0) lines.push('#EXT-X-DISCONTINUITY');
    lines.push('#EXTINF:1.000,', `seg/${k}.ts`);
  }
  return `${lines.join('\n')}\n`;
}

export async function startCameraStreams(params: StreamParams = DEFAULT_STREAM_PARAMS): Promise<CameraStreamServer> {
  const media = await cameraMedia(params);
  const started = Date.now();
  let refusing = false;
  let served = 0;
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Range');
    res.setHeader('Cache-Control', 'no-store');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (refusing) return void res.writeHead(503).end();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // The newest segment of the live playlist: one a second since the server started (at least WINDOW).
    const sequence = Math.floor((Date.now() - started) / 1000) + WINDOW - 1;
    if (url.pathname === '/live/cam.m3u8') {
      served++;
      return void res.writeHead(200, { 'Content-Type': 'application/vnd.apple.mpegurl' }).end(livePlaylist(sequence, media.segments.length));
    }
    const seg = /^\/live\/seg\/(\d+)\.ts$/.exec(url.pathname);
    if (seg) {
      const k = Number(seg[1]);
      if (k > sequence + 1) return void res.writeHead(404).end();
      served++;
      return void res.writeHead(200, { 'Content-Type': 'video/mp2t' }).end(media.segments[k % media.segments.length]);
    }
    if (url.pathname === '/live/cam.flv') {
      served++;
      res.writeHead(200, { 'Content-Type': 'video/x-flv' });
      open.add(res);
      // About real time, a little ahead: the first second at once, then the rest in 100 ms steps.
      const perSecond = Math.ceil((media.flv.length / params.flvSeconds) * 1.1);
      let at = Math.min(media.flv.length, perSecond);
      res.write(media.flv.subarray(0, at));
      const timer = setInterval(() => {
        if (res.destroyed) return clearInterval(timer);
        const next = Math.min(media.flv.length, at + Math.ceil(perSecond / 10));
        res.write(media.flv.subarray(at, next));
        at = next;
        if (at >= media.flv.length) {
          clearInterval(timer);
          res.end();
        }
      }, 100);
      res.on('close', () => {
        clearInterval(timer);
        open.delete(res);
      });
      return undefined;
    }
    res.writeHead(404).end();
    return undefined;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    hlsUrl: `${origin}/live/cam.m3u8`,
    flvUrl: `${origin}/live/cam.flv`,
    served: () => served,
    refuse() {
      refusing = true;
      for (const res of open) res.destroy();
      open.clear();
    },
    accept() {
      refusing = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
