/**
 * Attachments on an event (issue #15, PROTOCOL.md v1.1 `attach`) through the API as the console calls
 * it, on a real SQLite file and data folder of 白鹭镇: a photo, a PDF, text and an .xlsx are kept by
 * SHA-256 with the type read from their bytes, in the timeline (the audit's `event.attach`) and the
 * outbox; sent whole or in chunks; and every refusal — an executable renamed .jpg, a script, unknown
 * bytes, empty, over 20 MiB, bad base64, an invalid or merged event, a bad request — says in Chinese
 * what to do and changes nothing (no blob, no op, no timeline row).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { ManualClock } from '../../main/core/kernel/clock';
import { sha256Of } from '../../main/core/sync/blob-store';
import { callApi } from '../../main/ipc/handlers';
import type { Result } from '../../preload/contract/api';
import { ATTACHMENT_CHUNK_BYTES } from '../../preload/contract/attachment-schemas';
import { errorText } from '../../renderer/src/locales';
import { zhCN } from '../../renderer/src/locales/zh-CN';
import { ELF_FILE, EXE_FILE, JPEG_HEAD, MACHO_FILE, PDF_FILE, photoPng, PLAIN_ZIP, SCRIPT_FILE, TEXT_FILE, UNKNOWN_FILE, xlsxFile } from '../support/attachment-bytes';
import { sampleTown, sampleTownCore, type SampleTown } from '../support/sample-town-core';

let dir: string;
let core: Core;
let town: SampleTown;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-attach-'));
  core = await sampleTownCore({
    dataDir: dir,
    clock: new ManualClock('2026-11-23T01:00:00.000Z'),
    kdfLogN: 10,
    sweepIntervalMs: 0,
    sweepOnClockJump: false,
    backupIntervalMs: 0,
    startSync: false,
  });
  town = sampleTown(core);
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

const b64 = (b: Buffer): string => b.toString('base64');
const reported = (title = '井盖缺失') => core.events.report(town.officer, { title, categoryCode: town.itemCode, level: 'general', source: 'phone', gridCode: town.gridCode });
const call = (channel: string, request: Record<string, unknown>, actor: { id: string; roles: readonly string[] } = town.officer) =>
  callApi(core, { actor: actor as never }, channel, request) as Promise<Result<Record<string, unknown>>>;
const blobsHeld = (): string[] => (existsSync(path.join(dir, 'blobs')) ? readdirSync(path.join(dir, 'blobs')).filter((f) => /^[0-9a-f]{64}$/.test(f)) : []);

async function snapshot(): Promise<string> {
  return core.db.read(async (sql) =>
    JSON.stringify({
      events: await sql.all('SELECT * FROM event ORDER BY id'),
      timeline: await sql.all('SELECT count(*) AS n FROM event_timeline'),
      outbox: await sql.all('SELECT count(*) AS n FROM outbox'),
      audit: await sql.all('SELECT count(*) AS n FROM audit_log'),
      blobs: blobsHeld(),
      pending: existsSync(path.join(dir, 'blobs', 'pending')) ? readdirSync(path.join(dir, 'blobs', 'pending')) : [],
    }),
  );
}

/** Refused with `code`, in a Chinese sentence (no raw code), and nothing changed. */
async function refused(channel: string, request: Record<string, unknown>, code: string): Promise<string> {
  const before = await snapshot();
  const r = await call(channel, request);
  expect(r.ok, `${channel} ${JSON.stringify(request).slice(0, 120)}`).toBe(false);
  if (r.ok) return '';
  expect(r.error.code).toBe(code);
  const text = errorText(zhCN as never, r.error);
  expect(text).toMatch(/[\u4e00-\u9fff]/);
  expect(text).not.toContain(code);
  expect(await snapshot()).toBe(before);
  return text;
}

describe('attaching a file to an event', () => {
  it('keeps a photo by its SHA-256, types it by its bytes, and writes the timeline row (audit event.attach) and the op', async () => {
    const id = await reported();
    const photo = photoPng();
    const r = await call('events:attach', { eventId: id, name: '现场照片.png', dataBase64: b64(photo) });
    expect(r).toEqual({ ok: true, data: { sha256: sha256Of(photo), name: '现场照片.png', mime: 'image/png', bytes: photo.length } });
    expect(readFileSync(path.join(dir, 'blobs', sha256Of(photo))).equals(photo)).toBe(true);
    expect(await core.blobs.pendingUpload(sha256Of(photo))).toBe(true);

    const detail = await core.events.detail(town.officer, id);
    expect(detail.state).toBe('reported');
    const entry = detail.timeline.find((t) => t.action === 'attach');
    expect(entry).toMatchObject({
      fromState: 'reported',
      toState: 'reported',
      actorId: town.officer.id,
      payload: { sha256: sha256Of(photo), name: '现场照片.png', mime: 'image/png', bytes: photo.length },
    });
    expect(detail.allowedActions).toContain('attach');
    const ops = await core.db.read((sql) => sql.all<{ action: string; payload: string }>(`SELECT action, payload FROM outbox WHERE entity_id = ? ORDER BY seq`, [id]));
    expect(ops.map((o) => o.action)).toEqual(['report', 'attach']);
    expect(JSON.parse(ops[1]!.payload)).toEqual({ sha256: sha256Of(photo), name: '现场照片.png', mime: 'image/png', bytes: photo.length });
    // The audit log lists it as 添加附件 (event.attach: the timeline row is the event's audit row).
    expect((await core.audit.kinds(town.admin)).find((k) => k.kind === 'event.attach')).toMatchObject({ count: 1 });

    // blobs:open gives the bytes back, labelled as the op says.
    const opened = await call('blobs:open', { sha256: sha256Of(photo), name: '现场照片.png', mime: 'image/png' });
    expect(opened.ok && opened.data).toMatchObject({ missing: false, fileName: '现场照片.png', mimeType: 'image/png', dataBase64: b64(photo) });
  });

  it('by the bytes, not the name: a PNG named .jpg keeps a .png name; a JPEG, a PDF, text and an .xlsx are accepted', async () => {
    const id = await reported();
    const attach = async (name: string, bytes: Buffer) => {
      const r = await call('events:attach', { eventId: id, name, dataBase64: b64(bytes) });
      expect(r.ok, name).toBe(true);
      return r.ok ? r.data : {};
    };
    expect(await attach('照片.jpg', photoPng(40, 30, 2))).toMatchObject({ name: '照片.jpg.png', mime: 'image/png' });
    expect(await attach('照片.jpeg', JPEG_HEAD)).toMatchObject({ name: '照片.jpeg', mime: 'image/jpeg' });
    expect(await attach('通报', PDF_FILE)).toMatchObject({ name: '通报.pdf', mime: 'application/pdf' });
    expect(await attach('run.bat', TEXT_FILE)).toMatchObject({ name: 'run.bat.txt', mime: 'text/plain; charset=utf-8' });
    expect(await attach('物资清单.xlsx', await xlsxFile())).toMatchObject({ name: '物资清单.xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect((await core.events.detail(town.officer, id)).timeline.filter((t) => t.action === 'attach')).toHaveLength(5);
  });

  it('in chunks (the web console): staged, typed when whole, attached by the upload id', async () => {
    const id = await reported();
    const big = Buffer.concat([photoPng(400, 300, 3), Buffer.alloc(150_000, 9)]);
    const uploadId = randomUUID();
    let last: Record<string, unknown> = {};
    for (let offset = 0; offset < big.length; offset += ATTACHMENT_CHUNK_BYTES) {
      const r = await call('events:attachUpload', { uploadId, totalBytes: big.length, offset, dataBase64: b64(big.subarray(offset, offset + ATTACHMENT_CHUNK_BYTES)) });
      expect(r.ok).toBe(true);
      if (r.ok) last = r.data;
    }
    expect(last).toEqual({ receivedBytes: big.length, mime: 'image/png' });
    const r = await call('events:attach', { eventId: id, name: '航拍.png', uploadId });
    expect(r.ok && r.data).toMatchObject({ sha256: sha256Of(big), bytes: big.length });
    // Consumed: the same upload does not attach twice.
    await refused('events:attach', { eventId: id, name: '航拍.png', uploadId }, 'attachment_unreadable');
  });
});

describe('refusals, each in Chinese with nothing changed', () => {
  it('an executable renamed .jpg, an ELF, a Mach-O, a script: named as a program, with the accepted types', async () => {
    const id = await reported();
    const text = await refused('events:attach', { eventId: id, name: '现场照片.jpg', dataBase64: b64(EXE_FILE) }, 'attachment_executable');
    expect(text).toContain('Windows 程序');
    expect(text).toContain('PDF');
    for (const bytes of [ELF_FILE, MACHO_FILE, SCRIPT_FILE]) await refused('events:attach', { eventId: id, name: 'photo.jpg', dataBase64: b64(bytes) }, 'attachment_executable');
  });

  it('unknown bytes and a ZIP that is no Office document: the type is unknown, with what is accepted', async () => {
    const id = await reported();
    const text = await refused('events:attach', { eventId: id, name: '数据.dat', dataBase64: b64(UNKNOWN_FILE) }, 'attachment_type');
    expect(text).toContain('JPG');
    expect(text).toContain('.docx');
    await refused('events:attach', { eventId: id, name: '资料.zip', dataBase64: b64(PLAIN_ZIP) }, 'attachment_type');
  });

  it('empty, over 20 MiB (whole or announced in chunks), bad base64', async () => {
    const id = await reported();
    await refused('events:attach', { eventId: id, name: '空.txt', dataBase64: '' }, 'attachment_empty');
    const over = Buffer.alloc(20 * 1024 * 1024 + 1, 0x41);
    expect(await refused('events:attach', { eventId: id, name: '大.txt', dataBase64: b64(over) }, 'blob_too_large')).toContain('20 MB');
    await refused('events:attachUpload', { uploadId: randomUUID(), totalBytes: over.length, offset: 0, dataBase64: b64(over.subarray(0, 1000)) }, 'blob_too_large');
    await refused('events:attach', { eventId: id, name: '照片.png', dataBase64: '这不是base64!' }, 'attachment_unreadable');
    await refused('events:attach', { eventId: id, name: '照片.png', dataBase64: 'iVBORw0KGgo' }, 'attachment_unreadable');
  });

  it('an executable sent in chunks is refused when its last chunk arrives, and cannot be attached', async () => {
    const id = await reported();
    const uploadId = randomUUID();
    await refused('events:attachUpload', { uploadId, totalBytes: EXE_FILE.length, offset: 0, dataBase64: b64(EXE_FILE) }, 'attachment_executable');
    await refused('events:attach', { eventId: id, name: 'a.jpg', uploadId }, 'attachment_unreadable');
  });

  it('an invalid or merged event takes no attachment (its state named); a closed one still does', async () => {
    const wrong = await reported('误报：河道漂浮物');
    await core.events.markInvalid(town.officer, wrong, '误报');
    const text = await refused('events:attach', { eventId: wrong, name: '照片.png', dataBase64: b64(photoPng()) }, 'conflict');
    expect(text).toContain('无效');
    const into = await reported('河道漂浮物');
    const merged = await reported('河道漂浮物（二）');
    await core.events.merge(town.officer, merged, into, '同一河段重复报告');
    await refused('events:attach', { eventId: merged, name: '照片.png', dataBase64: b64(photoPng()) }, 'conflict');

    const closed = await reported('路灯不亮');
    await core.events.accept(town.officer, closed);
    await core.events.close(town.officer, closed, '已修复');
    expect((await call('events:attach', { eventId: closed, name: '修复后.png', dataBase64: b64(photoPng()) })).ok).toBe(true);
  });

  it('a bad request: no event, no name, an extra field, both or neither of the data and the upload; the wall cannot attach', async () => {
    const id = await reported();
    const data = b64(photoPng());
    await refused('events:attach', { eventId: 'no-such-event', name: '照片.png', dataBase64: data }, 'not_found');
    await refused('events:attach', { eventId: id, name: '', dataBase64: data }, 'bad_request');
    await refused('events:attach', { eventId: id, name: '照片.png', dataBase64: data, extra: 1 }, 'bad_request');
    await refused('events:attach', { eventId: id, name: '照片.png', dataBase64: data, uploadId: randomUUID() }, 'bad_request');
    await refused('events:attach', { eventId: id, name: '照片.png' }, 'bad_request');
    await refused('events:attachUpload', { uploadId: 'not-a-uuid', totalBytes: 10, offset: 0, dataBase64: 'AAAA' }, 'bad_request');
    const before = await snapshot();
    const r = await call('events:attach', { eventId: id, name: '照片.png', dataBase64: data }, { id: 'wall', roles: ['wall_viewer'] });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('forbidden');
    expect(await snapshot()).toBe(before);
  });
});
