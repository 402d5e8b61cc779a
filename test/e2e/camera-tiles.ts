/**
 * A wall page's camera tile in the e2e specs (issue #18): its player, its video's time and the
 * variance of a frame's luminance (a uniform picture is 0), and "it plays": 正常 (data-state
 * playing), the time advancing and a frame that is not one colour. camera-play.spec.ts,
 * camera-whep.spec.ts.
 */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** The tile of one camera: its player's state, its video's time, and the variance of a frame's luminance. */
export function cameraTile(page: Page, code: string) {
  const body = page.locator(`.wall-camera-body[data-camera="${code}"]`);
  const player = body.getByTestId('camera-player');
  return {
    player,
    time: () => player.getByTestId('camera-video').evaluate((v: HTMLVideoElement) => v.currentTime),
    frameVariance: () =>
      player.getByTestId('camera-video').evaluate((v: HTMLVideoElement) => {
        const canvas = document.createElement('canvas');
        canvas.width = 160;
        canvas.height = 90;
        const g = canvas.getContext('2d')!;
        g.drawImage(v, 0, 0, canvas.width, canvas.height);
        const { data } = g.getImageData(0, 0, canvas.width, canvas.height);
        let sum = 0;
        let sq = 0;
        const n = data.length / 4;
        for (let i = 0; i < data.length; i += 4) {
          const y = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
          sum += y;
          sq += y * y;
        }
        return sq / n - (sum / n) ** 2;
      }),
  };
}

export async function expectCameraPlaying(page: Page, code: string): Promise<void> {
  const t = cameraTile(page, code);
  await expect(t.player).toHaveAttribute('data-state', 'playing', { timeout: 30_000 });
  const from = await t.time();
  await expect.poll(t.time, { timeout: 15_000 }).toBeGreaterThan(from + 0.5);
  await expect.poll(t.frameVariance, { timeout: 10_000 }).toBeGreaterThan(0);
}
