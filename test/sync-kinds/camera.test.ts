/**
 * The `camera` record (town-authoritative, like `grid`) through a real district server: a camera an
 * administrator adds on console 1 is on console 2 after a sync, its stream addresses as they were
 * given (console 2 must be able to play them); an edit and a disable follow; a district upsert that
 * is not a usable camera is kept in 同步问题, never dropped, and changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { cameraEntityId } from '../../main/core/town/cameras/camera-sync';
import { sampleTown } from '../support/sample-town-core';
import { BEFORE_JANUARY } from '../roster/helpers';
import { districtUpsert, noProblems, syncAll, twoConsoles } from './two-consoles';

const consoles = twoConsoles(BEFORE_JANUARY);

describe('camera', () => {
  it('a camera added on console 1 is on console 2, and its edit and disable follow', async () => {
    const t = consoles();
    const adminA = sampleTown(t.a).admin;
    const adminB = sampleTown(t.b).admin;
    const gridCode = sampleTown(t.a).gridCode;
    await t.a.cameras.add(adminA, {
      code: 'SYNC-CAM1',
      name: '同步测试摄像头',
      lng: 120.17,
      lat: 29.93,
      gridCode,
      hlsUrl: 'https://viewer:pw@video.example/live/s1.m3u8',
      flvUrl: null,
      whepUrl: 'https://video.example/whep/s1',
      snapshotUrl: null,
    });
    await syncAll(t);
    expect(await t.b.cameras.list(adminB)).toEqual([
      expect.objectContaining({
        code: 'SYNC-CAM1',
        name: '同步测试摄像头',
        lng: 120.17,
        lat: 29.93,
        gridCode,
        hlsUrl: 'https://viewer:pw@video.example/live/s1.m3u8',
        whepUrl: 'https://video.example/whep/s1',
        enabled: true,
      }),
    ]);
    const synced = await t.b.audit.list(adminB, { kinds: ['camera.synced'], limit: 10 });
    expect(synced.rows).toHaveLength(1);
    expect(JSON.stringify(synced.rows)).not.toContain('viewer:pw');

    await t.a.cameras.edit(adminA, {
      code: 'SYNC-CAM1',
      name: '桥头',
      lng: 120.18,
      lat: 29.94,
      gridCode,
      hlsUrl: null,
      flvUrl: 'https://video.example/flv/s1.flv',
      whepUrl: null,
      snapshotUrl: null,
    });
    await t.a.cameras.setEnabled(adminA, 'SYNC-CAM1', false);
    await syncAll(t);
    expect(await t.b.cameras.list(adminB)).toEqual([
      expect.objectContaining({ code: 'SYNC-CAM1', name: '桥头', hlsUrl: null, flvUrl: 'https://video.example/flv/s1.flv', enabled: false }),
    ]);
    expect(await noProblems(t)).toEqual([]);
  });

  it('a district upsert that is not a usable camera is kept in 同步问题 and changes nothing', async () => {
    const t = consoles();
    const adminB = sampleTown(t.b).admin;
    const results = await districtUpsert(t, [
      {
        entity: 'camera',
        entityId: cameraEntityId('BAD-CAM'),
        payload: { code: 'BAD-CAM', name: '坏', lng: 120.1, lat: 29.9, gridCode: 'BL-G01', hlsUrl: 'rtsp://x/a', enabled: true },
      },
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied']);
    await t.b.sync!.syncOnce();
    expect(await t.b.cameras.list(adminB)).toEqual([]);
    const problems = await t.b.sync!.problems();
    expect(problems).toHaveLength(1);
    expect(JSON.stringify(problems[0])).toContain('hlsUrl');
  });
});
