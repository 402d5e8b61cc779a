/**
 * 联动 (issue #18) on the sample town 白鹭镇, a real SQLite file: an event that links (a sensor alert,
 * or major and above, with a location) opens the nearest enabled cameras — within the radius, nearest
 * first, at most the count, each with its great-circle distance — until the event is acknowledged
 * (接单) or the set time after it was reported (the injectable clock moved on). The settings are the
 * administrator's, refused out of bounds with nothing changed; a malformed call is refused at the door.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import type { Actor } from '../../main/core/kernel/actor';
import { ManualClock } from '../../main/core/kernel/clock';
import { haversineM } from '../../main/core/town/cameras/camera-linkage';
import { callApi, type Session } from '../../main/ipc/handlers';
import type { AddCameraRequest, CameraLinked } from '../../preload/contract/camera-schemas';
import type { Level, Source } from '../../preload/contract/schemas';
import { refusedWith } from '../support/refused';
import { sampleTown, sampleTownCore, type SampleTown } from '../support/sample-town-core';

let dir: string;
let core: Core;
let clock: ManualClock;
let town: SampleTown;
let admin: Actor;
let officer: Actor;

/** The event's place, and metres along a meridian (one degree of latitude is R·π/180 m on the sphere). */
const PLACE = { lng: 120.17, lat: 29.93 };
const M_PER_DEG_LAT = (6_371_008.8 * Math.PI) / 180;
const north = (m: number) => ({ lng: PLACE.lng, lat: PLACE.lat + m / M_PER_DEG_LAT });
const east = (m: number) => ({ lng: PLACE.lng + m / (M_PER_DEG_LAT * Math.cos((PLACE.lat * Math.PI) / 180)), lat: PLACE.lat });

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-camera-linkage-'));
  clock = new ManualClock('2026-11-23T01:00:00.000Z');
  core = await sampleTownCore({ dataDir: dir, clock, kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, backupIntervalMs: 0, startSync: false });
  town = sampleTown(core);
  ({ admin, officer } = town);
  // 100 m, 400 m (two: north and east-ish), 1.5 km away; one disabled at 50 m.
  await addCamera('L-100', '桥头北', north(100));
  await addCamera('L-400', '河堤北', north(400));
  await addCamera('L-250E', '路口东', east(250));
  await addCamera('L-1500', '村口北', north(1500));
  await addCamera('L-OFF', '已停用', north(50));
  await core.cameras.setEnabled(admin, 'L-OFF', false);
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

function addCamera(code: string, name: string, at: { lng: number; lat: number }): Promise<void> {
  const req: AddCameraRequest = { code, name, ...at, gridCode: town.gridCode, hlsUrl: `https://video.example/live/${code}.m3u8`, flvUrl: null, whepUrl: null, snapshotUrl: null };
  return core.cameras.add(admin, req);
}

function report(source: Source, level: Level, location: { lng: number; lat: number } | null = PLACE): Promise<string> {
  const sensor = source === 'sensor' ? { sensor: { type: 'smoke', value: 0.9, unit: '置信度' } } : {};
  const categoryCode = source === 'sensor' ? (town.sensorItemCodes.smoke ?? town.itemCode) : town.itemCode;
  return core.events.report(officer, { title: `联动测试 ${source} ${level}`, categoryCode, level, source, gridCode: town.gridCode, ...(location ? { location } : {}), ...sensor });
}

const linked = (eventId: string): Promise<CameraLinked> => core.cameraLinkage.linked(officer, eventId);
const codes = (l: CameraLinked) => l.cameras.map((c) => c.code);

describe('which cameras an event opens', () => {
  it('the enabled ones within the radius, nearest first, at most the count, with their distances', async () => {
    expect(Math.round(haversineM(PLACE, north(400)))).toBe(400);
    const id = await report('sensor', 'general');
    const l = await linked(id);
    expect(l).toMatchObject({ links: true, open: true, radiusM: 1000, closesAt: '2026-11-23T01:30:00.000Z' });
    // The disabled camera at 50 m is not among them; the one 1.5 km away is outside 1000 m.
    expect(l.cameras).toEqual([
      expect.objectContaining({ code: 'L-100', name: '桥头北', gridCode: town.gridCode, distanceM: 100 }),
      expect.objectContaining({ code: 'L-250E', distanceM: 250 }),
      expect.objectContaining({ code: 'L-400', distanceM: 400 }),
    ]);
    expect(new Set(l.cameras.map((c) => c.id)).size).toBe(3);

    await core.cameraLinkage.saveSettings(admin, { count: 2, radiusM: 2000, closeAfterMinutes: 30 });
    expect(codes(await linked(id))).toEqual(['L-100', 'L-250E']);
    await core.cameraLinkage.saveSettings(admin, { count: 9, radiusM: 2000, closeAfterMinutes: 30 });
    expect(codes(await linked(id))).toEqual(['L-100', 'L-250E', 'L-400', 'L-1500']);
    await core.cameraLinkage.saveSettings(admin, { count: 9, radiusM: 50, closeAfterMinutes: 30 });
    expect(await linked(id)).toMatchObject({ links: true, open: true, cameras: [], radiusM: 50 });

    // Enabled again, the camera 50 m away is the nearest.
    await core.cameras.setEnabled(admin, 'L-OFF', true);
    expect(codes(await linked(id))).toEqual(['L-OFF']);
  });

  it('a sensor alert of any level links, and an event of level major and above; a general hotline order does not, nor one without a place', async () => {
    expect(await linked(await report('hotline', 'general'))).toEqual({ links: false, open: false, closesAt: null, radiusM: 1000, cameras: [] });
    expect(await linked(await report('sensor', 'general', null))).toMatchObject({ links: false, open: false, cameras: [] });
    expect(codes(await linked(await report('sensor', 'general')))).toEqual(['L-100', 'L-250E', 'L-400']);
    expect(codes(await linked(await report('phone', 'major')))).toEqual(['L-100', 'L-250E', 'L-400']);
    expect(codes(await linked(await report('hotline', 'serious')))).toEqual(['L-100', 'L-250E', 'L-400']);
  });
});

describe('when a linkage closes', () => {
  it('stays open through acceptance and dispatch, and closes when the event is acknowledged (接单)', async () => {
    const id = await report('sensor', 'general');
    const proposal = await core.events.proposeDispatch(officer, id);
    await core.events.acceptAndDispatch(officer, { eventId: id, leadPostId: proposal.lead.id, cooperatingPostIds: proposal.cooperating.map((c) => c.id) });
    expect((await core.events.detail(officer, id)).state).toBe('dispatched');
    expect(await linked(id)).toMatchObject({ open: true, cameras: [expect.objectContaining({ code: 'L-100' }), expect.anything(), expect.anything()] });
    await core.events.acknowledge(officer, id, proposal.lead.id);
    expect(await linked(id)).toMatchObject({ links: true, open: false, cameras: [] });
  });

  it('closes the set number of minutes after the event was reported', async () => {
    await core.cameraLinkage.saveSettings(admin, { count: 4, radiusM: 1000, closeAfterMinutes: 10 });
    const id = await report('phone', 'major');
    clock.advance(9 * 60_000 + 59_000);
    expect(await linked(id)).toMatchObject({ open: true, closesAt: '2026-11-23T01:10:00.000Z' });
    clock.advance(1000);
    expect(await linked(id)).toMatchObject({ links: true, open: false, closesAt: '2026-11-23T01:10:00.000Z', cameras: [] });
    // A longer time reopens it: open or closed is computed when asked, from the state and the clock.
    await core.cameraLinkage.saveSettings(admin, { count: 4, radiusM: 1000, closeAfterMinutes: 30 });
    expect(await linked(id)).toMatchObject({ open: true });
  });
});

describe('the settings', () => {
  const everything = () =>
    core.db.read(async (q) => ({
      meta: await q.all(`SELECT * FROM meta WHERE key = 'camera.linkage'`),
      audit: await q.all(`SELECT action, detail FROM audit_log WHERE action = 'camera.linkage'`),
    }));

  it('are saved by the administrator, audited with before and after; out of bounds refused, naming the field, nothing changed', async () => {
    expect(await core.cameraLinkage.settings(officer)).toEqual({ count: 4, radiusM: 1000, closeAfterMinutes: 30 });
    await core.cameraLinkage.saveSettings(admin, { count: 3, radiusM: 800, closeAfterMinutes: 45 });
    expect(await core.cameraLinkage.settings(officer)).toEqual({ count: 3, radiusM: 800, closeAfterMinutes: 45 });
    const before = await everything();
    expect(before.audit).toHaveLength(1);
    expect(JSON.parse(String((before.audit[0] as { detail: string }).detail))).toEqual({
      before: { count: 4, radiusM: 1000, closeAfterMinutes: 30 },
      after: { count: 3, radiusM: 800, closeAfterMinutes: 45 },
    });

    const refused = async (s: { count: number; radiusM: number; closeAfterMinutes: number }) => (await refusedWith(core.cameraLinkage.saveSettings(admin, s), 'invalid')).params;
    expect(await refused({ count: 0, radiusM: 800, closeAfterMinutes: 45 })).toMatchObject({ linkage: 'count', min: 1, max: 9 });
    expect(await refused({ count: 10, radiusM: 800, closeAfterMinutes: 45 })).toMatchObject({ linkage: 'count' });
    expect(await refused({ count: 2.5, radiusM: 800, closeAfterMinutes: 45 })).toMatchObject({ linkage: 'count' });
    expect(await refused({ count: 3, radiusM: 49, closeAfterMinutes: 45 })).toMatchObject({ linkage: 'radiusM', min: 50, max: 5000 });
    expect(await refused({ count: 3, radiusM: 5001, closeAfterMinutes: 45 })).toMatchObject({ linkage: 'radiusM' });
    expect(await refused({ count: 3, radiusM: 800, closeAfterMinutes: 241 })).toMatchObject({ linkage: 'closeAfterMinutes', min: 1, max: 240 });
    expect(await refused({ count: 3, radiusM: 800, closeAfterMinutes: 0 })).toMatchObject({ linkage: 'closeAfterMinutes' });
    await refusedWith(core.cameraLinkage.saveSettings(officer, { count: 3, radiusM: 800, closeAfterMinutes: 45 }), 'forbidden');
    expect(await everything()).toEqual(before);
  });
});

describe('the channels', () => {
  const as = (actor: Actor): Session => ({ actor: { id: actor.id, roles: [...actor.roles] } });

  it('any desk reader asks for an event’s linked cameras; settings are saved by the administrator only', async () => {
    const id = await report('sensor', 'general');
    for (const reader of [officer, town.leader, town.heldPost.a, admin]) {
      const r = await callApi(core, as(reader), 'cameras:linked', { eventId: id }, { checkResponses: true });
      expect(r).toMatchObject({ ok: true, data: { open: true, cameras: [{ code: 'L-100', distanceM: 100 }, { code: 'L-250E' }, { code: 'L-400' }] } });
    }
    expect(await callApi(core, as(officer), 'cameras:linkageSettings', {}, { checkResponses: true })).toEqual({
      ok: true,
      data: { count: 4, radiusM: 1000, closeAfterMinutes: 30 },
    });
    expect(await callApi(core, as(officer), 'cameras:saveLinkageSettings', { count: 2, radiusM: 500, closeAfterMinutes: 20 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await callApi(core, as(admin), 'cameras:saveLinkageSettings', { count: 2, radiusM: 500, closeAfterMinutes: 20 })).toEqual({ ok: true, data: { ok: true } });
    expect(await callApi(core, { actor: null }, 'cameras:linked', { eventId: id })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await callApi(core, as(officer), 'cameras:linked', { eventId: 'no-such-event' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses malformed calls with a clear error and changes nothing', async () => {
    const id = await report('sensor', 'general');
    const state = () =>
      core.db.read((q) => q.all(`SELECT key, value FROM meta WHERE key = 'camera.linkage' UNION ALL SELECT action, detail FROM audit_log WHERE action = 'camera.linkage'`));
    const before = await state();
    const bad = async (channel: string, request: unknown) => {
      const r = await callApi(core, as(channel === 'cameras:linked' ? officer : admin), channel, request);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('bad_request');
        expect(r.error.message).toContain(channel);
      }
    };
    await bad('cameras:linked', {});
    await bad('cameras:linked', { eventId: 42 });
    await bad('cameras:linked', { eventId: id, extra: true });
    await bad('cameras:linked', { eventId: 'x'.repeat(65) });
    await bad('cameras:saveLinkageSettings', { count: '4', radiusM: 1000, closeAfterMinutes: 30 });
    await bad('cameras:saveLinkageSettings', { count: 4, radiusM: 1000 });
    await bad('cameras:saveLinkageSettings', { count: 4, radiusM: 1000, closeAfterMinutes: 30, town: 'x' });
    await bad('cameras:saveLinkageSettings', null);
    // Numbers out of bounds pass the door and are refused by the core, in words the console says in Chinese.
    expect(await callApi(core, as(admin), 'cameras:saveLinkageSettings', { count: 4, radiusM: 9000, closeAfterMinutes: 30 })).toMatchObject({
      ok: false,
      error: { code: 'invalid', params: { linkage: 'radiusM', min: 50, max: 5000 } },
    });
    expect(await state()).toEqual(before);
    expect(await core.cameraLinkage.settings(officer)).toEqual({ count: 4, radiusM: 1000, closeAfterMinutes: 30 });
  });
});
