/**
 * The wall's side of the cameras (issue #18) on a real core: a wall page gets the addresses of the
 * cameras its own screens' tiles name and nothing else (a viewer token only its own screens), a
 * camera disabled since drops out, a save naming a disabled camera is refused, and the decoder cap is
 * a wall setting kept across a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../main/core/errors';
import type { AddCameraRequest } from '../../preload/contract/camera-schemas';
import type { WallDefinition } from '../../preload/contract/wall-schemas';
import { makeCore, type TestCore } from '../support/core';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function refusal(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }
  throw new Error('expected a refusal');
}

function twoScreens(first: string, second: string): WallDefinition {
  const screen = (id: string, col: number, camera: string) => ({
    id,
    col,
    row: 0,
    grid: { columns: 2, rows: 2 },
    rotateSeconds: 0,
    pages: [{ id: 'p1', tiles: [{ id: 'cam', panel: 'camera', x: 0, y: 0, w: 2, h: 2, options: { camera } }] }],
  });
  return { theme: 'dark', wall: { columns: 2, rows: 1 }, screenSize: { width: 1920, height: 1080 }, screens: [screen('s1', 0, first), screen('s2', 1, second)] };
}

async function withCameras(t: TestCore): Promise<void> {
  const grid = [...t.core.town.grids.keys()][0]!;
  const camera = (code: string): AddCameraRequest => ({
    code,
    name: `摄像头${code}`,
    lng: 120.17,
    lat: 29.93,
    gridCode: grid,
    hlsUrl: `https://viewer:pw@video.example/live/${code}.m3u8?token=t-${code}`,
    flvUrl: null,
    whepUrl: null,
    snapshotUrl: null,
  });
  for (const code of ['CAM-A', 'CAM-B', 'CAM-C']) await t.core.cameras.add(t.admin, camera(code));
}

describe('the wall and its cameras', () => {
  it('a page gets the cameras of its own screens only; a viewer token only its own screens', async () => {
    const t = await makeCore();
    cleanup.push(() => t.close());
    await withCameras(t);
    const { id } = await t.core.wall.save(t.officer, { name: '摄像头', definition: twoScreens('CAM-A', 'CAM-B') });

    const s1 = await t.core.wall.cameras(t.officer, id, ['s1']);
    expect(s1).toEqual({ cameras: [{ code: 'CAM-A', name: '摄像头CAM-A', hlsUrl: 'https://viewer:pw@video.example/live/CAM-A.m3u8?token=t-CAM-A', flvUrl: null }], decoders: 4 });
    expect((await t.core.wall.cameras(t.officer, id, ['s1', 's2'])).cameras.map((c) => c.code)).toEqual(['CAM-A', 'CAM-B']);

    const issued = await t.core.wall.issueToken(t.officer, id, 's2');
    const viewer = t.core.wall.viewerActor(t.core.wall.verifyToken(issued.token)!);
    expect((await t.core.wall.cameras(viewer, id, ['s2'])).cameras.map((c) => c.code)).toEqual(['CAM-B']);
    expect(await refusal(() => t.core.wall.cameras(viewer, id, ['s1']))).toBe('forbidden');
    // The editor's choice names the enabled cameras without any address.
    expect(await t.core.wall.cameraChoices(t.officer)).toEqual([
      { code: 'CAM-A', name: '摄像头CAM-A' },
      { code: 'CAM-B', name: '摄像头CAM-B' },
      { code: 'CAM-C', name: '摄像头CAM-C' },
    ]);
    expect(await refusal(() => t.core.wall.cameraChoices(viewer))).toBe('forbidden');

    // Disabled since: gone from the page's answer, and a save naming it is refused.
    await t.core.cameras.setEnabled(t.admin, 'CAM-A', false);
    expect((await t.core.wall.cameras(t.officer, id, ['s1'])).cameras).toEqual([]);
    expect(await refusal(() => t.core.wall.save(t.officer, { layoutId: id, name: '摄像头', definition: twoScreens('CAM-A', 'CAM-B') }))).toBe('invalid_layout');
    expect((await t.core.wall.check(twoScreens('CAM-A', 'CAM-X'))).map((i) => [i.screenId, i.code, i.camera])).toEqual([
      ['s1', 'camera_disabled', 'CAM-A'],
      ['s2', 'unknown_camera', 'CAM-X'],
    ]);
  });

  it('the decoder cap is a wall setting, refused out of 1–16, kept across a restart', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-wall-cameras-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const t = await makeCore(undefined, dir);
    expect(t.core.wall.cameraSettings(t.officer)).toEqual({ decoders: 4 });
    expect(await t.core.wall.setCameraSettings(t.officer, 9)).toEqual({ decoders: 9 });
    expect(await refusal(() => t.core.wall.setCameraSettings(t.officer, 17))).toBe('invalid');
    expect(await refusal(() => t.core.wall.setCameraSettings(t.wall, 5))).toBe('forbidden');
    await t.close();
    const again = await makeCore(undefined, dir);
    cleanup.push(() => again.close());
    expect(again.core.wall.cameraSettings(again.officer)).toEqual({ decoders: 9 });
  });
});
