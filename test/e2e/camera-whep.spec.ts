/**
 * A camera played over WebRTC (WHEP, RFC 9725; issue #18) in Chromium, all on loopback. The camera
 * platform is the test itself: a second page is the sender (a canvas with moving content →
 * captureStream(25) → an RTCPeerConnection per viewer), and a node:http server on 127.0.0.1 answers
 * `POST /whep/<camera>` by handing the offer to that page, which answers once its ICE gathering is
 * complete: 201, the answer SDP and a Location; `DELETE <Location>` ends the session. The camera has
 * an HLS address as well (the register wants HLS or FLV) that is never fetched: WHEP is preferred.
 * - The tile plays: 正常, the video's currentTime advances and a sampled frame is not uniform; the
 *   credentials in the address went as a Basic Authorization header, never into the page's logs.
 * - The sender stops and the server answers 503: 信号中断 with the Beijing time, the session DELETEd,
 *   the retries refused; the server answers again: the tile plays by itself.
 * - The console's CSP admits the WHEP origin for fetches (connect-src).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from '@playwright/test';
import type { WallDefinition } from '../../preload/contract/wall-schemas';
import { cameraTile, expectCameraPlaying } from './camera-tiles';
import { expect, test } from './fixtures';
import { openWall } from './wall-support';

test.use({ viewport: { width: 1366, height: 768 } });

const CODE = 'BL-CAM-RTC';
const USER = 'viewer';
const SECRET = 'whep-secret-5c1d';

function whepWall(): WallDefinition {
  return {
    theme: 'dark',
    wall: { columns: 1, rows: 1 },
    screenSize: { width: 1920, height: 1080 },
    screens: [
      {
        id: 's1-1',
        col: 0,
        row: 0,
        grid: { columns: 2, rows: 2 },
        rotateSeconds: 0,
        pages: [{ id: 'p1', tiles: [{ id: 'rtc', panel: 'camera', x: 0, y: 0, w: 1, h: 2, options: { camera: CODE } }] }],
      },
    ],
  };
}

/** The sender page: a 320×180 canvas redrawn 25 times a second (a moving bar over a gradient), captured as a stream. */
async function startSender(page: Page): Promise<void> {
  await page.setContent('<canvas id="c" width="320" height="180"></canvas>');
  await page.evaluate(() => {
    const canvas = document.getElementById('c') as HTMLCanvasElement;
    const g = canvas.getContext('2d')!;
    let n = 0;
    setInterval(() => {
      n++;
      const grad = g.createLinearGradient(0, 0, 320, 0);
      grad.addColorStop(0, '#204060');
      grad.addColorStop(1, '#e0c080');
      g.fillStyle = grad;
      g.fillRect(0, 0, 320, 180);
      g.fillStyle = '#ffffff';
      g.fillRect((n * 7) % 320, 40, 40, 100);
      g.fillStyle = '#000000';
      g.font = '24px sans-serif';
      g.fillText(String(n), 10, 30);
    }, 40);
    const w = window as unknown as { stream: MediaStream; pcs: RTCPeerConnection[] };
    w.stream = canvas.captureStream(25);
    w.pcs = [];
  });
}

/** The sender's answer to one viewer's offer, once its ICE gathering is complete (non-trickle, as WHEP). */
function answer(page: Page, offer: string): Promise<string> {
  return page.evaluate(async (sdp) => {
    const w = window as unknown as { stream: MediaStream; pcs: RTCPeerConnection[] };
    const pc = new RTCPeerConnection();
    w.pcs.push(pc);
    await pc.setRemoteDescription({ type: 'offer', sdp });
    for (const track of w.stream.getVideoTracks()) pc.addTrack(track, w.stream);
    await pc.setLocalDescription(await pc.createAnswer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') resolve();
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve();
      });
      setTimeout(resolve, 3000);
    });
    return pc.localDescription!.sdp;
  }, offer);
}

interface WhepServer {
  readonly origin: string;
  /** 503 to every offer (false) or answers (true). */
  answering: boolean;
  readonly posts: Array<{ status: number; contentType: string | undefined; authorization: string | undefined }>;
  readonly deletes: string[];
  /** Requests for anything else (the camera's HLS address): none while WHEP is preferred. */
  readonly others: string[];
  close(): Promise<void>;
}

async function startWhepServer(sender: Page): Promise<WhepServer> {
  let sessions = 0;
  const state = {
    answering: true,
    posts: [] as WhepServer['posts'],
    deletes: [] as string[],
    others: [] as string[],
  };
  const server = http.createServer((req, res) => {
    // CORS, as a platform serving a browser must: the page's origin is the console's, not this one.
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
    res.setHeader('Access-Control-Allow-Methods', 'POST, DELETE, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
    res.setHeader('Access-Control-Expose-Headers', 'Location');
    const path = (req.url ?? '').split('?')[0]!;
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'POST' && path === `/whep/${CODE}`) {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const post = { status: 503, contentType: req.headers['content-type'], authorization: req.headers.authorization };
        state.posts.push(post);
        if (!state.answering) {
          res.writeHead(503).end();
          return;
        }
        answer(sender, Buffer.concat(chunks).toString('utf8')).then(
          (sdp) => {
            post.status = 201;
            res.writeHead(201, { 'Content-Type': 'application/sdp', Location: `/whep/${CODE}/session/${++sessions}` }).end(sdp);
          },
          () => res.writeHead(500).end(),
        );
      });
      return;
    }
    if (req.method === 'DELETE' && path.startsWith(`/whep/${CODE}/session/`)) {
      state.deletes.push(path);
      res.writeHead(200).end();
      return;
    }
    state.others.push(`${req.method} ${path}`);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

test('a camera with a WHEP address plays over WebRTC, shows 信号中断 when the sender stops and recovers by itself', async ({ browser, townDesk, guard }) => {
  const { core, town } = townDesk;
  const contexts: BrowserContext[] = [];
  let whep: WhepServer | null = null;
  try {
    const senderContext = await browser.newContext();
    contexts.push(senderContext);
    const sender = await senderContext.newPage();
    await startSender(sender);
    whep = await startWhepServer(sender);
    const withCredentials = whep.origin.replace('http://', `http://${USER}:${SECRET}@`);
    await core.cameras.add(town.admin, {
      code: CODE,
      name: '白鹭桥南（WebRTC）',
      lng: 120.17,
      lat: 29.93,
      gridCode: town.gridCode,
      hlsUrl: `${whep.origin}/live/unused.m3u8`,
      flvUrl: null,
      whepUrl: `${withCredentials}/whep/${CODE}`,
      snapshotUrl: null,
    });
    const { id } = await core.wall.save(town.leader, { name: 'WebRTC 摄像头', definition: whepWall() });
    const url = new URL(townDesk.web.url).origin + (await core.wall.issueToken(town.leader, id, 's1-1')).path;

    // The CSP admits the WHEP origin for the offer's fetch, and never its credentials.
    const csp = (await fetch(townDesk.web.url)).headers.get('content-security-policy') ?? '';
    const connectSrc =
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith('connect-src ')) ?? '';
    expect(connectSrc.split(' ')).toContain(whep.origin);
    expect(csp).not.toContain(SECRET);

    const page = await openWall(browser, guard, url, contexts, { width: 1366, height: 768 });
    const logged: string[] = [];
    page.on('console', (m) => logged.push(m.text()));

    // (a) It plays over WebRTC: time moves and the picture is not one colour; HLS was never asked for.
    await expectCameraPlaying(page, CODE);
    const t = cameraTile(page, CODE);
    await expect(t.player).toHaveAttribute('data-kind', 'whep');
    expect(whep.others).toEqual([]);
    const first = whep.posts.find((p) => p.status === 201)!;
    expect(first.contentType).toBe('application/sdp');
    expect(first.authorization).toBe(`Basic ${Buffer.from(`${USER}:${SECRET}`).toString('base64')}`);

    // (b) The sender stops and the platform refuses: 信号中断 with the Beijing time, the session deleted.
    whep.answering = false;
    await sender.evaluate(() => {
      const w = window as unknown as { pcs: RTCPeerConnection[] };
      for (const pc of w.pcs) pc.close();
      w.pcs = [];
    });
    await expect(t.player).toHaveAttribute('data-state', 'interrupted', { timeout: 30_000 });
    await expect(t.player.getByTestId('camera-overlay')).toContainText('信号中断');
    await expect(t.player.getByTestId('camera-overlay-sub')).toContainText(/中断于 \d{2}:\d{2}:\d{2}/);
    await expect.poll(() => whep!.deletes.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    expect(whep.deletes[0]).toBe(`/whep/${CODE}/session/1`);
    // A retry is refused (503) and the tile stays 信号中断.
    await expect.poll(() => whep!.posts.filter((p) => p.status === 503).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    await expect(t.player).toHaveAttribute('data-state', 'interrupted');

    // (c) The platform answers again: the tile plays by itself.
    whep.answering = true;
    await expectCameraPlaying(page, CODE);
    expect(whep.others).toEqual([]);

    // No credential ever reached the page's console.
    expect(logged.filter((l) => l.includes(SECRET))).toEqual([]);
  } finally {
    for (const c of contexts) await c.close();
    await whep?.close();
  }
});
