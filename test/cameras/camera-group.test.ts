/**
 * 摄像头轮巡 (issue #18): the layout rules of a camera-group tile (size 2 or 3, 1–64 distinct cameras,
 * a turn every 10–600 s; no camera, an unknown or a disabled one refused with its code), the cameras a
 * wall page gets for it, and which group shows at a tick.
 */
import { describe, expect, it } from 'vitest';
import { camerasOnScreens, validateLayout } from '../../main/core/wall/wall-layout';
import type { WallDefinition } from '../../preload/contract/wall-schemas';
import { groupAt, groupCameras, groupCount, groupOptions } from '../../renderer/src/wall/panels/camera-group';

function groupWall(options: Record<string, unknown>): WallDefinition {
  return {
    theme: 'dark',
    wall: { columns: 1, rows: 1 },
    screenSize: { width: 1920, height: 1080 },
    screens: [
      {
        id: 's1',
        col: 0,
        row: 0,
        grid: { columns: 2, rows: 2 },
        rotateSeconds: 0,
        pages: [{ id: 'p1', tiles: [{ id: 'g', panel: 'cameraGroup', x: 0, y: 0, w: 2, h: 2, options }] }],
      },
    ],
  };
}
const register = new Map([
  ['CAM-1', true],
  ['CAM-2', true],
  ['CAM-OFF', false],
]);
const codes = (def: WallDefinition) => validateLayout(def, register).map((i) => [i.code, i.option ?? i.camera ?? null]);

describe('camera group tile', () => {
  it('takes size 2 or 3, distinct cameras and 10–600 s', () => {
    expect(codes(groupWall({ size: 3, cameras: ['CAM-1', 'CAM-2'], rotateSeconds: 10 }))).toEqual([]);
    expect(codes(groupWall({ cameras: ['CAM-1'] }))).toEqual([]);
    expect(codes(groupWall({ size: 4, cameras: ['CAM-1'] }))).toEqual([['bad_option', 'size']]);
    expect(codes(groupWall({ cameras: ['CAM-1', 'CAM-1'] }))).toEqual([['bad_option', 'cameras']]);
    expect(codes(groupWall({ cameras: ['CAM-1'], rotateSeconds: 5 }))).toEqual([['bad_option', 'rotateSeconds']]);
    expect(codes(groupWall({ cameras: ['CAM-1'], rotateSeconds: 601 }))).toEqual([['bad_option', 'rotateSeconds']]);
  });
  it('refuses no camera, an unknown and a disabled camera, each named', () => {
    expect(codes(groupWall({}))).toEqual([['camera_missing', null]]);
    expect(codes(groupWall({ cameras: ['CAM-1', 'CAM-9', 'CAM-OFF'] }))).toEqual([
      ['unknown_camera', 'CAM-9'],
      ['camera_disabled', 'CAM-OFF'],
    ]);
    // Without the register (another console's layout), only the option's form is checked.
    expect(validateLayout(groupWall({ cameras: ['CAM-9'] }))).toEqual([]);
  });
  it("gives a wall page its group tiles' cameras with its single tiles' ones", () => {
    const def = groupWall({ cameras: ['CAM-2', 'CAM-1'] });
    def.screens[0]!.pages.push({ id: 'p2', tiles: [{ id: 'c', panel: 'camera', x: 0, y: 0, w: 1, h: 1, options: { camera: 'CAM-3' } }] });
    expect(camerasOnScreens(def, ['s1']).sort()).toEqual(['CAM-1', 'CAM-2', 'CAM-3']);
    expect(camerasOnScreens(def, ['s2'])).toEqual([]);
  });
  it('turns through its groups of size² cameras', () => {
    const twelve = Array.from({ length: 12 }, (_, i) => `CAM-${i + 1}`);
    expect(groupOptions({})).toEqual({ size: 2, cameras: [], rotateSeconds: 30 });
    expect(groupCount(12, 3)).toBe(2);
    expect(groupCount(0, 2)).toBe(1);
    expect(groupCameras(twelve, 3, 0)).toHaveLength(9);
    expect(groupCameras(twelve, 3, 1)).toEqual(['CAM-10', 'CAM-11', 'CAM-12']);
    expect([0, 9, 10, 19, 20, 30].map((t) => groupAt(t, 10, 2))).toEqual([0, 0, 1, 1, 0, 1]);
    expect(groupAt(0, 10, 2, 1)).toBe(1);
    expect(groupAt(500, 10, 1)).toBe(0);
  });
});
