/**
 * 摄像头 on the maps (issue #18) on a real core: a wall page's grid map gets the enabled cameras'
 * places and grids — never an address — for its own token's screens only, 显示摄像头 off shows none,
 * 按网格筛选 keeps those grids' cameras, a disabled camera is not drawn; a touch on a point gets that
 * camera's stream only when the page's map shows it. The desk's maps: the same places for any desk
 * reader, and one camera's stream.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../main/core/errors';
import { tileCameraPoints } from '../../main/core/wall/wall-map-cameras';
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

/** s1: a grid map with the given options; s2: a clock only. */
function mapWall(options: Record<string, unknown>): WallDefinition {
  const screen = (id: string, col: number, tile: WallDefinition['screens'][number]['pages'][number]['tiles'][number]) => ({
    id,
    col,
    row: 0,
    grid: { columns: 2, rows: 2 },
    rotateSeconds: 0,
    pages: [{ id: 'p1', tiles: [tile] }],
  });
  return {
    theme: 'dark',
    wall: { columns: 2, rows: 1 },
    screenSize: { width: 1920, height: 1080 },
    screens: [
      screen('s1', 0, { id: 'map', panel: 'gridMap', x: 0, y: 0, w: 2, h: 2, options }),
      screen('s2', 1, { id: 'clock', panel: 'clock', x: 0, y: 0, w: 2, h: 2, options: {} }),
    ],
  };
}

async function withCameras(t: TestCore): Promise<[string, string]> {
  const [g1, g2] = [...t.core.town.grids.keys()] as [string, string];
  const camera = (code: string, gridCode: string, lng: number): AddCameraRequest => ({
    code,
    name: `摄像头${code}`,
    lng,
    lat: 29.93,
    gridCode,
    hlsUrl: `https://viewer:pw@video.example/live/${code}.m3u8?token=t-${code}`,
    flvUrl: null,
    whepUrl: null,
    snapshotUrl: null,
  });
  await t.core.cameras.add(t.admin, camera('CAM-A', g1, 120.17));
  await t.core.cameras.add(t.admin, camera('CAM-B', g2, 120.18));
  await t.core.cameras.add(t.admin, camera('CAM-C', g2, 120.19));
  return [g1, g2];
}

describe('cameras on the maps', () => {
  it("a wall token's map gets the enabled cameras' places without addresses, its own screens only", async () => {
    const t = await makeCore();
    cleanup.push(() => t.close());
    const [g1, g2] = await withCameras(t);
    const { id } = await t.core.wall.save(t.officer, { name: '地图', definition: mapWall({ metric: 'open' }) });
    const viewer = t.core.wall.viewerActor(t.core.wall.verifyToken((await t.core.wall.issueToken(t.officer, id, 's1')).token)!);

    const points = await t.core.wall.cameraPoints(viewer, id, ['s1']);
    expect(points.cameras).toEqual([
      { code: 'CAM-A', name: '摄像头CAM-A', lng: 120.17, lat: 29.93, gridCode: g1 },
      { code: 'CAM-B', name: '摄像头CAM-B', lng: 120.18, lat: 29.93, gridCode: g2 },
      { code: 'CAM-C', name: '摄像头CAM-C', lng: 120.19, lat: 29.93, gridCode: g2 },
    ]);
    expect(JSON.stringify(points)).not.toMatch(/video\.example|token|m3u8/);
    // Another screen's token is refused; a screen without a map shows no camera.
    expect(await refusal(() => t.core.wall.cameraPoints(viewer, id, ['s2']))).toBe('forbidden');
    expect((await t.core.wall.cameraPoints(t.officer, id, ['s2'])).cameras).toEqual([]);

    // A touch on a point: that camera's stream, and only a camera the page's map shows.
    expect(await t.core.wall.cameraStream(viewer, id, ['s1'], 'CAM-B')).toEqual({
      code: 'CAM-B',
      name: '摄像头CAM-B',
      hlsUrl: 'https://viewer:pw@video.example/live/CAM-B.m3u8?token=t-CAM-B',
      flvUrl: null,
    });
    expect(await refusal(() => t.core.wall.cameraStream(t.officer, id, ['s2'], 'CAM-B'))).toBe('not_found');

    // A disabled camera is not drawn, and its stream is not given.
    await t.core.cameras.setEnabled(t.admin, 'CAM-B', false);
    expect((await t.core.wall.cameraPoints(viewer, id, ['s1'])).cameras.map((c) => c.code)).toEqual(['CAM-A', 'CAM-C']);
    expect(await refusal(() => t.core.wall.cameraStream(viewer, id, ['s1'], 'CAM-B'))).toBe('not_found');
  });

  it('显示摄像头 off shows none; 按网格筛选 keeps only those grids', async () => {
    const t = await makeCore();
    cleanup.push(() => t.close());
    const [g1, g2] = await withCameras(t);
    const off = await t.core.wall.save(t.officer, { name: '无摄像头', definition: mapWall({ showCameras: false }) });
    expect((await t.core.wall.cameraPoints(t.officer, off.id, ['s1'])).cameras).toEqual([]);
    const only = await t.core.wall.save(t.officer, { name: '筛选', definition: mapWall({ cameraGrids: [g2] }) });
    const shown = (await t.core.wall.cameraPoints(t.officer, only.id, ['s1'])).cameras;
    expect(shown.map((c) => c.code)).toEqual(['CAM-B', 'CAM-C']);
    expect(await refusal(() => t.core.wall.cameraStream(t.officer, only.id, ['s1'], 'CAM-A'))).toBe('not_found');
    // Each tile applies its own options to the page's points.
    expect(tileCameraPoints({ cameraGrids: [g1] }, [{ gridCode: g1 }, { gridCode: g2 }])).toEqual([{ gridCode: g1 }]);
    expect(tileCameraPoints({ showCameras: false }, [{ gridCode: g1 }])).toEqual([]);
    // The options are checked: a wrong value is refused.
    expect((await t.core.wall.check(mapWall({ showCameras: 'yes' }))).map((i) => [i.code, i.option])).toEqual([['bad_option', 'showCameras']]);
    expect((await t.core.wall.check(mapWall({ cameraGrids: 'G1' }))).map((i) => [i.code, i.option])).toEqual([['bad_option', 'cameraGrids']]);
  });

  it("the desk's maps: any desk reader gets the places (no address) and one camera's stream", async () => {
    const t = await makeCore();
    cleanup.push(() => t.close());
    const [g1] = await withCameras(t);
    await t.core.cameras.setEnabled(t.admin, 'CAM-C', false);
    const points = await t.core.cameras.points(t.officer);
    expect(points.map((c) => c.code)).toEqual(['CAM-A', 'CAM-B']);
    expect(points[0]).toEqual({ code: 'CAM-A', name: '摄像头CAM-A', lng: 120.17, lat: 29.93, gridCode: g1 });
    expect(JSON.stringify(points)).not.toMatch(/video\.example|token|m3u8/);
    expect((await t.core.cameras.stream(t.officer, 'CAM-A')).hlsUrl).toBe('https://viewer:pw@video.example/live/CAM-A.m3u8?token=t-CAM-A');
    expect(await refusal(() => t.core.cameras.stream(t.officer, 'CAM-C'))).toBe('not_found');
    // A wall token is no desk reader.
    expect(await refusal(() => t.core.cameras.points(t.wall))).toBe('forbidden');
  });
});
