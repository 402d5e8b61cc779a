/**
 * 联动画面 and 推送到大屏 (issue #18) on the sample town 白鹭镇, a real SQLite file and the injectable clock:
 * - the wall's linkage (wall:linkage) is the desk's rule (camera-linkage.ts `linkageOpen`): the newest
 *   event in linkage with its nearest enabled cameras and their addresses, given only to screens with a
 *   linkage tile (a viewer token: its own screens only); it ends at 接单 or at the set time;
 * - a leader pins a camera to a screen and takes it off, each audited; every refusal (another role, an
 *   unknown or disabled camera, an unknown screen or layout, nothing pinned, a malformed call at the
 *   door) changes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import type { Actor } from '../../main/core/kernel/actor';
import { ManualClock } from '../../main/core/kernel/clock';
import { callApi, type Session } from '../../main/ipc/handlers';
import type { AddCameraRequest } from '../../preload/contract/camera-schemas';
import type { Level, Source } from '../../preload/contract/schemas';
import type { WallDefinition, WallTile } from '../../preload/contract/wall-schemas';
import { refusedWith } from '../support/refused';
import { sampleTown, sampleTownCore, type SampleTown } from '../support/sample-town-core';

let dir: string;
let core: Core;
let clock: ManualClock;
let town: SampleTown;
let admin: Actor;
let officer: Actor;
let leader: Actor;

const PLACE = { lng: 120.17, lat: 29.93 };
const M_PER_DEG_LAT = (6_371_008.8 * Math.PI) / 180;
const north = (m: number) => ({ lng: PLACE.lng, lat: PLACE.lat + m / M_PER_DEG_LAT });
const FAR = { lng: 120.3, lat: 30.1 };

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-camera-wall-linkage-'));
  clock = new ManualClock('2026-11-23T01:00:00.000Z');
  core = await sampleTownCore({ dataDir: dir, clock, kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, backupIntervalMs: 0, startSync: false });
  town = sampleTown(core);
  ({ admin, officer, leader } = town);
  await addCamera('W-100', '桥头北', north(100));
  await addCamera('W-400', '河堤北', north(400));
  await addCamera('W-FAR', '远处', FAR);
  await addCamera('W-OFF', '已停用', north(50));
  await core.cameras.setEnabled(admin, 'W-OFF', false);
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

function addCamera(code: string, name: string, at: { lng: number; lat: number }): Promise<void> {
  const req: AddCameraRequest = { code, name, ...at, gridCode: town.gridCode, hlsUrl: `https://video.example/live/${code}.m3u8`, flvUrl: null, whepUrl: null, snapshotUrl: null };
  return core.cameras.add(admin, req);
}

function report(source: Source, level: Level, location: { lng: number; lat: number } | null = PLACE, title = `联动 ${source} ${level}`): Promise<string> {
  const sensor = source === 'sensor' ? { sensor: { type: 'smoke', value: 0.9, unit: '置信度' } } : {};
  const categoryCode = source === 'sensor' ? (town.sensorItemCodes.smoke ?? town.itemCode) : town.itemCode;
  return core.events.report(officer, { title, categoryCode, level, source, gridCode: town.gridCode, ...(location ? { location } : {}), ...sensor });
}

/** Two screens: s1 with a 联动画面 tile, s2 with a clock only. */
function wall(s1: WallTile[] = [{ id: 'link', panel: 'cameraLinkage', x: 0, y: 0, w: 1, h: 1, options: {} }]): WallDefinition {
  const screen = (id: string, col: number, tiles: WallTile[]) => ({ id, col, row: 0, grid: { columns: 1, rows: 1 }, rotateSeconds: 0, pages: [{ id: 'p1', tiles }] });
  return {
    theme: 'dark',
    wall: { columns: 2, rows: 1 },
    screenSize: { width: 1920, height: 1080 },
    screens: [screen('s1', 0, s1), screen('s2', 1, [{ id: 'clock', panel: 'clock', x: 0, y: 0, w: 1, h: 1, options: {} }])],
  };
}

const pinState = () =>
  core.db.read(async (q) => ({
    pins: await q.all(`SELECT key, value FROM wall_setting WHERE key LIKE 'camera_pin:%' ORDER BY key`),
    audit: await q.all(`SELECT action, entity_id, detail FROM audit_log WHERE action LIKE 'wall.camera_%' ORDER BY id`),
  }));

describe('the wall’s 联动画面', () => {
  it('shows the newest event in linkage with its nearest enabled cameras and their addresses, to screens with a linkage tile only', async () => {
    const { id } = await core.wall.save(leader, { name: '联动', definition: wall() });
    expect(await core.wall.linkage(leader, id, ['s1'])).toEqual({ linkage: null, pins: [] });

    const first = await report('sensor', 'general', PLACE, '白鹭桥北烟感报警');
    clock.advance(60_000);
    // A general hotline order does not link; a major event 300 m north links and is the newest.
    await report('hotline', 'general');
    clock.advance(60_000);
    const newest = await report('phone', 'major', north(300), '河堤管涌');
    const l = (await core.wall.linkage(leader, id, ['s1'])).linkage;
    expect(l).toMatchObject({
      eventId: newest,
      title: '河堤管涌',
      level: 'major',
      gridCode: town.gridCode,
      gridName: core.town.grids.get(town.gridCode)!.name,
      closesAt: '2026-11-23T01:32:00.000Z',
      radiusM: 1000,
      others: 1,
    });
    // The same cameras, in the same order, as the desk's panel lists for that event (one rule).
    const desk = await core.cameraLinkage.linked(officer, newest);
    expect(l!.cameras.map((c) => [c.code, c.distanceM])).toEqual(desk.cameras.map((c) => [c.code, c.distanceM]));
    expect(l!.cameras.map((c) => c.code)).toEqual(['W-400', 'W-100']);
    expect(l!.cameras[0]).toMatchObject({ name: '河堤北', hlsUrl: 'https://video.example/live/W-400.m3u8', flvUrl: null });

    // Screen s2 has no linkage tile: no event, no camera address.
    expect(await core.wall.linkage(leader, id, ['s2'])).toEqual({ linkage: null, pins: [] });
    // A viewer token of s1 gets it; asking for another screen is refused.
    const viewer = core.wall.viewerActor(core.wall.verifyToken((await core.wall.issueToken(leader, id, 's1')).token)!);
    expect((await core.wall.linkage(viewer, id, ['s1'])).linkage?.eventId).toBe(newest);
    await refusedWith(core.wall.linkage(viewer, id, ['s2']), 'forbidden');

    // The newest is acknowledged (接单): the older sensor alert shows.
    const proposal = await core.events.proposeDispatch(officer, newest);
    await core.events.acceptAndDispatch(officer, { eventId: newest, leadPostId: proposal.lead.id, cooperatingPostIds: proposal.cooperating.map((c) => c.id) });
    expect((await core.wall.linkage(leader, id, ['s1'])).linkage?.eventId).toBe(newest);
    await core.events.acknowledge(officer, newest, proposal.lead.id);
    expect((await core.wall.linkage(leader, id, ['s1'])).linkage).toMatchObject({ eventId: first, others: 0, cameras: [{ code: 'W-100' }, { code: 'W-400' }] });

    // The set time after it was reported (30 min): nothing is in linkage.
    clock.advance(27 * 60_000 + 59_000);
    expect((await core.wall.linkage(leader, id, ['s1'])).linkage?.eventId).toBe(first);
    clock.advance(1000);
    expect(await core.wall.linkage(leader, id, ['s1'])).toEqual({ linkage: null, pins: [] });
  });

  it('a linked event with no camera in range shows itself with no camera; a disabled camera never shows', async () => {
    const { id } = await core.wall.save(leader, { name: '联动', definition: wall() });
    const far = await report('sensor', 'general', { lng: 121.5, lat: 31.2 });
    expect((await core.wall.linkage(leader, id, ['s1'])).linkage).toMatchObject({ eventId: far, cameras: [], others: 0 });
    await report('sensor', 'general', north(40));
    const l = (await core.wall.linkage(leader, id, ['s1'])).linkage!;
    expect(l.cameras.map((c) => c.code)).toEqual(['W-100', 'W-400']);
  });

  it('the tile is a panel of its own: no options, at least 640×420', () => {
    expect(core.wall.validate(wall())).toEqual([]);
    const issues = core.wall.validate(wall([{ id: 'link', panel: 'cameraLinkage', x: 0, y: 0, w: 1, h: 1, options: { camera: 'W-100' } }]));
    expect(issues.map((i) => i.code)).toEqual(['bad_option']);
  });
});

describe('推送到大屏', () => {
  it('a leader pins a camera to a screen, replaces it and takes it off, each audited; the screen gets its address', async () => {
    const { id } = await core.wall.save(leader, { name: '联动', definition: wall() });
    const targets = await core.wall.pinTargets(leader);
    expect(targets.filter((t) => t.layoutId === id)).toEqual([
      { layoutId: id, layoutName: '联动', screenId: 's1', screenName: null, col: 0, row: 0, linkageTile: true, pinned: null },
      { layoutId: id, layoutName: '联动', screenId: 's2', screenName: null, col: 1, row: 0, linkageTile: false, pinned: null },
    ]);

    await core.wall.pinCamera(leader, { layoutId: id, screenId: 's2', code: 'W-100' });
    const viewer = core.wall.viewerActor(core.wall.verifyToken((await core.wall.issueToken(leader, id, 's2')).token)!);
    expect(await core.wall.linkage(viewer, id, ['s2'])).toEqual({
      linkage: null,
      pins: [{ screenId: 's2', camera: { code: 'W-100', name: '桥头北', hlsUrl: 'https://video.example/live/W-100.m3u8', flvUrl: null }, pinnedAt: '2026-11-23T01:00:00.000Z' }],
    });
    // Another screen's pin is not given to this one.
    expect((await core.wall.linkage(leader, id, ['s1'])).pins).toEqual([]);

    clock.advance(60_000);
    await core.wall.pinCamera(leader, { layoutId: id, screenId: 's2', code: 'W-400' });
    expect((await core.wall.linkage(leader, id, ['s2'])).pins.map((p) => p.camera.code)).toEqual(['W-400']);
    expect((await core.wall.pinTargets(leader)).find((t) => t.layoutId === id && t.screenId === 's2')?.pinned).toEqual({ code: 'W-400', name: '河堤北' });

    await core.wall.unpinCamera(leader, { layoutId: id, screenId: 's2' });
    expect((await core.wall.linkage(leader, id, ['s2'])).pins).toEqual([]);
    const { pins, audit } = await pinState();
    expect(pins).toEqual([]);
    expect(audit.map((a) => [(a as { action: string }).action, JSON.parse((a as { detail: string }).detail)])).toEqual([
      ['wall.camera_pin', { screenId: 's2', before: null, after: 'W-100' }],
      ['wall.camera_pin', { screenId: 's2', before: 'W-100', after: 'W-400' }],
      ['wall.camera_unpin', { screenId: 's2', before: 'W-400', after: null }],
    ]);
  });

  it('refuses another role, an unknown or disabled camera, an unknown screen or layout, and an unpin of nothing — changing nothing', async () => {
    const { id } = await core.wall.save(leader, { name: '联动', definition: wall() });
    await core.wall.pinCamera(leader, { layoutId: id, screenId: 's1', code: 'W-100' });
    const before = await pinState();
    for (const other of [officer, admin, town.heldPost.a]) {
      await refusedWith(core.wall.pinCamera(other, { layoutId: id, screenId: 's2', code: 'W-400' }), 'forbidden');
      await refusedWith(core.wall.unpinCamera(other, { layoutId: id, screenId: 's1' }), 'forbidden');
      await refusedWith(core.wall.pinTargets(other), 'forbidden');
    }
    expect((await refusedWith(core.wall.pinCamera(leader, { layoutId: id, screenId: 's2', code: 'W-NONE' }), 'not_found')).params).toMatchObject({ pin: 'unknown_camera' });
    expect((await refusedWith(core.wall.pinCamera(leader, { layoutId: id, screenId: 's2', code: 'W-OFF' }), 'invalid')).params).toMatchObject({
      pin: 'camera_disabled',
      camera: 'W-OFF',
    });
    expect((await refusedWith(core.wall.pinCamera(leader, { layoutId: id, screenId: 's9', code: 'W-400' }), 'not_found')).params).toMatchObject({ pin: 'unknown_screen' });
    expect((await refusedWith(core.wall.pinCamera(leader, { layoutId: 'no-such-layout', screenId: 's1', code: 'W-400' }), 'not_found')).params).toMatchObject({
      pin: 'unknown_screen',
    });
    expect((await refusedWith(core.wall.unpinCamera(leader, { layoutId: id, screenId: 's2' }), 'not_found')).params).toMatchObject({ pin: 'not_pinned' });
    expect((await refusedWith(core.wall.unpinCamera(leader, { layoutId: id, screenId: 's9' }), 'not_found')).params).toMatchObject({ pin: 'unknown_screen' });
    expect(await pinState()).toEqual(before);

    // A camera disabled after it was pinned is no longer given to the screen.
    await core.cameras.setEnabled(admin, 'W-100', false);
    expect((await core.wall.linkage(leader, id, ['s1'])).pins).toEqual([]);
  });

  it('the channels: validated at the door (malformed: bad_request), a leader’s only, nothing changed by a refusal', async () => {
    const as = (actor: Actor): Session => ({ actor: { id: actor.id, roles: [...actor.roles] } });
    const { id } = await core.wall.save(leader, { name: '联动', definition: wall() });
    expect(await callApi(core, as(leader), 'wall:pinCamera', { layoutId: id, screenId: 's1', code: 'W-400' })).toEqual({ ok: true, data: { ok: true } });
    const before = await pinState();
    const bad = async (channel: string, request: unknown) => {
      const r = await callApi(core, as(leader), channel, request);
      expect(r).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    };
    await bad('wall:pinCamera', { layoutId: id, screenId: 's1' });
    await bad('wall:pinCamera', { layoutId: id, screenId: 's1', code: 'W 400' });
    await bad('wall:pinCamera', { layoutId: id, screenId: 's1', code: 'W-400', extra: 1 });
    await bad('wall:pinCamera', { layoutId: id, screenId: '../s1', code: 'W-400' });
    await bad('wall:unpinCamera', { layoutId: 42, screenId: 's1' });
    await bad('wall:linkage', { layoutId: id, screenIds: [] });
    expect(await callApi(core, as(officer), 'wall:pinCamera', { layoutId: id, screenId: 's2', code: 'W-100' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await callApi(core, as(leader), 'wall:pinCamera', { layoutId: id, screenId: 's2', code: 'W-OFF' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', params: { pin: 'camera_disabled' } },
    });
    expect(await pinState()).toEqual(before);
    expect(await callApi(core, as(leader), 'wall:pinTargets', {}, { checkResponses: true })).toMatchObject({ ok: true });
    expect(await callApi(core, as(leader), 'wall:linkage', { layoutId: id, screenIds: ['s1'] }, { checkResponses: true })).toMatchObject({
      ok: true,
      data: { linkage: null, pins: [{ screenId: 's1', camera: { code: 'W-400' } }] },
    });
    // A wall viewer may read its screen's linkage but never pin.
    const viewer: Session = { actor: core.wall.viewerActor(core.wall.verifyToken((await core.wall.issueToken(leader, id, 's1')).token)!) };
    expect(await callApi(core, viewer, 'wall:linkage', { layoutId: id, screenIds: ['s1'] })).toMatchObject({ ok: true });
    expect(await callApi(core, viewer, 'wall:pinCamera', { layoutId: id, screenId: 's1', code: 'W-100' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
