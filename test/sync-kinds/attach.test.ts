/**
 * Attachments (`attach` + blob, PROTOCOL.md v1.1, issue #15) between two consoles of 白鹭镇 through the
 * real reference district server: a photo attached on console 1 is uploaded before its op, arrives on
 * console 2 in the timeline, and opens there (fetched from the district on open, the same bytes, then
 * kept); the district refuses, by the same lifecycle table, an attach with a bad payload or on an
 * invalid event; an attach op whose blob the district lacks still applies, and opening it says missing.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Of } from '../../main/core/sync/blob-store';
import { callApi } from '../../main/ipc/handlers';
import { photoPng } from '../support/attachment-bytes';
import { sampleTown } from '../support/sample-town-core';
import { BEFORE_JANUARY } from '../roster/helpers';
import { districtActions, noProblems, syncAll, twoConsoles } from './two-consoles';

const consoles = twoConsoles(BEFORE_JANUARY);

describe('attachments, console 1 to console 2', () => {
  it('a photo attached on console 1 is in console 2’s timeline and opens there with the same bytes', async () => {
    const t = consoles();
    const town = sampleTown(t.a);
    const id = await t.a.events.report(town.officer, { title: '白鹭溪河堤渗水', categoryCode: town.itemCode, level: 'major', source: 'phone', gridCode: town.gridCode });
    const photo = photoPng(200, 150, 4);
    const attached = await t.a.events.attach(town.officer, { eventId: id, name: '渗水点.png', bytes: photo });
    expect(attached).toEqual({ sha256: sha256Of(photo), name: '渗水点.png', mime: 'image/png', bytes: photo.length });
    await syncAll(t);

    const b = sampleTown(t.b);
    const entry = (await t.b.events.detail(b.officer, id)).timeline.find((e) => e.action === 'attach');
    expect(entry).toMatchObject({ action: 'attach', payload: attached });
    // Not fetched by the pull: fetched when someone opens it, through the API as the console does.
    expect(existsSync(path.join(t.dir, 'b', 'blobs', attached.sha256))).toBe(false);
    const opened = await callApi(t.b, { actor: b.officer }, 'blobs:open', { sha256: attached.sha256, name: attached.name, mime: attached.mime });
    expect(opened).toMatchObject({ ok: true, data: { missing: false, fileName: '渗水点.png', mimeType: 'image/png' } });
    expect(opened.ok && Buffer.from((opened.data as { dataBase64: string }).dataBase64, 'base64').equals(photo)).toBe(true);
    expect(existsSync(path.join(t.dir, 'b', 'blobs', attached.sha256))).toBe(true);
    expect(await noProblems(t)).toEqual([]);
  });

  it('the district refuses a bad attach payload and one on an invalid event; an attach whose blob it lacks applies and opens as missing', async () => {
    const t = consoles();
    const town = sampleTown(t.a);
    const id = await t.a.events.report(town.officer, { title: '村道塌方', categoryCode: town.itemCode, level: 'general', source: 'phone', gridCode: town.gridCode });
    const wrong = await t.a.events.report(town.officer, { title: '误报：村道塌方', categoryCode: town.itemCode, level: 'general', source: 'phone', gridCode: town.gridCode });
    await t.a.events.markInvalid(town.officer, wrong, '误报');
    await syncAll(t);
    const lacking = sha256Of(Buffer.from('从未上传的照片'));
    const good = { sha256: lacking, name: '照片.jpg', mime: 'image/jpeg', bytes: 1234 };
    const results = await districtActions(t, [
      { entityId: id, action: 'attach', payload: { ...good, sha256: 'ABC' } },
      { entityId: id, action: 'attach', payload: { ...good, bytes: 20 * 1024 * 1024 + 1 } },
      { entityId: id, action: 'attach', payload: { sha256: lacking, name: '照片.jpg', bytes: 1234 } },
      { entityId: wrong, action: 'attach', payload: good },
      { entityId: id, action: 'attach', payload: good },
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'applied']);
    expect(results.map((r) => r.reason)).toEqual(['invalid', 'invalid', 'invalid', 'conflict', undefined]);

    await syncAll(t);
    const b = sampleTown(t.b);
    expect((await t.b.events.detail(b.officer, id)).timeline.filter((e) => e.action === 'attach').map((e) => e.payload)).toEqual([good]);
    const opened = await callApi(t.b, { actor: b.officer }, 'blobs:open', { sha256: lacking });
    expect(opened).toEqual({ ok: true, data: { missing: true, reason: 'not_found' } });
    expect(await noProblems(t)).toEqual([]);
  });
});
