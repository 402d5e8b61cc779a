/**
 * 语音播报 on a console of 白鹭镇: every template spoken to a WAV that sox finds long enough and not
 * silent; the WAV of a text cached; the settings as the administrator's commands (refused for others,
 * and for a bad template or half quiet hours, with nothing changed); the mute (logged, with a reason,
 * ending by itself) and quiet hours (Beijing time, across midnight) on the injectable clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VOICE_KINDS } from '../../preload/contract/voice-schemas';
import { DEFAULT_TEMPLATES, spokenLine } from '../../main/core/alarms/voice-text';
import { DomainError } from '../../main/core/errors';
import { callApi } from '../../main/ipc/handlers';
import { soxFigures, voiceDesk, type VoiceDesk } from './voice-support';

let t: VoiceDesk;
beforeAll(async () => {
  t = await voiceDesk();
});
afterAll(async () => {
  await t.close();
});

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

const settingsRows = () =>
  t.core.db.read(async (sql) => JSON.stringify(await Promise.all(['voice_template', 'voice_screen', 'voice_option', 'voice_mute'].map((x) => sql.all(`SELECT * FROM ${x}`)))));

describe('speech', () => {
  it('speaks every template, filled from a real serious event, as a Mandarin WAV that is long enough and not silent', async () => {
    const eventId = await t.core.events.report(t.town.officer, {
      title: '白鹭山林场冒烟',
      categoryCode: t.town.itemCode,
      level: 'serious',
      source: 'phone',
      gridCode: t.town.gridCode,
    });
    const groups = await t.core.alarms.groups();
    const serious = groups.find((g) => g.head.eventId === eventId)!;
    expect(serious.kind).toBe('new_serious');
    const grid = t.core.town.grids.get(t.town.gridCode)!.name;
    expect(serious.spoken).toContain(grid);
    expect(serious.spoken).toContain('重大事件');
    for (const kind of VOICE_KINDS) {
      const text = spokenLine(DEFAULT_TEMPLATES[kind], {
        alarm: { ...serious.head, kind, detail: { ...serious.head.detail, dueKind: 'resolve', runName: '森林火灾应急预案', stepTitle: '组织扑救', holderName: '王强' } },
        gridName: grid,
        categoryName: '森林火灾',
        postName: t.town.heldPost.post.name,
      });
      expect(text, kind).not.toMatch(/[{}]/);
      const audio = await t.core.voice.audio(t.town.officer, text);
      const wav = Buffer.from(audio.wav, 'base64');
      const sox = soxFigures(wav, t.dir);
      expect(sox.channels, kind).toBe(1);
      expect(sox.sampleRate, kind).toBe(22050);
      // A sentence of 10–30 characters at 160 words a minute: seconds, not a click and not a minute.
      expect(sox.seconds, `${kind}: ${text}`).toBeGreaterThan(text.length * 0.08);
      expect(sox.seconds, kind).toBeLessThan(30);
      expect(Math.abs(sox.seconds * 1000 - audio.durationMs), kind).toBeLessThan(50);
      expect(sox.rms, kind).toBeGreaterThan(0.03);
    }
  });

  it('keeps the WAV of a text: the second time is the cache, the same bytes', async () => {
    const text = '紧急：测试缓存，请值班员立即处置';
    const first = await t.core.voice.audio(t.town.officer, text);
    const before = { ...t.core.voice.engine.stats };
    const again = await t.core.voice.audio(t.town.officer, text);
    expect(again.wav).toBe(first.wav);
    expect(t.core.voice.engine.stats.cached).toBe(before.cached + 1);
    expect(t.core.voice.engine.stats.synthesized).toBe(before.synthesized);
  });

  it('refuses audio to nobody signed in and text too long at the door', async () => {
    expect(await callApi(t.core, { actor: null }, 'voice:audio', { text: '测试' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const officer = { actor: t.town.officer };
    expect(await callApi(t.core, officer, 'voice:audio', { text: '长'.repeat(201) })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await callApi(t.core, officer, 'voice:audio', { text: '   ' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});

describe('settings: the administrator edits, every save a command with its audit row', () => {
  it('saves a template, and the groups speak it', async () => {
    await t.core.voice.saveTemplate(t.town.admin, { kind: 'new_serious', template: '紧急：{grid}{category}，请{post}立即处置', enabled: true });
    const settings = await t.core.voice.settings();
    expect(settings.templates.find((x) => x.kind === 'new_serious')!.template).toBe('紧急：{grid}{category}，请{post}立即处置');
    const line = (await t.core.alarms.groups()).find((g) => g.kind === 'new_serious')!;
    expect(line.spoken).toMatch(/^紧急：/);
    const audit = await t.core.db.read((sql) => sql.all<{ action: string; actor_id: string }>(`SELECT action, actor_id FROM audit_log WHERE action = 'voice.template'`));
    expect(audit).toEqual([{ action: 'voice.template', actor_id: t.town.admin.id }]);
    // Off: the line still shows, it says nothing.
    await t.core.voice.saveTemplate(t.town.admin, { kind: 'new_serious', template: '紧急：{grid}{category}，请{post}立即处置', enabled: false });
    expect((await t.core.alarms.groups()).find((g) => g.kind === 'new_serious')!.spoken).toBeNull();
    await t.core.voice.saveTemplate(t.town.admin, { kind: 'new_serious', template: DEFAULT_TEMPLATES.new_serious, enabled: true });
  });

  it('refuses an unknown placeholder, half quiet hours, an officer editing, bad values at the door — and changes nothing', async () => {
    const before = await settingsRows();
    expect(await refusal(t.core.voice.saveTemplate(t.town.admin, { kind: 'overdue', template: '超期：{event}', enabled: true }))).toBe('bad_template');
    expect(await refusal(t.core.voice.saveScreen(t.town.admin, { screen: 'desk', enabled: true, volume: 50, quietFrom: '23:00', quietTo: null }))).toBe('invalid');
    expect(await refusal(t.core.voice.saveScreen(t.town.admin, { screen: 'desk', enabled: true, volume: 50, quietFrom: '23:00', quietTo: '23:00' }))).toBe('invalid');
    expect(await refusal(t.core.voice.saveTemplate(t.town.officer, { kind: 'overdue', template: '超期', enabled: true }))).toBe('forbidden');
    expect(await refusal(t.core.voice.saveOptions(t.town.officer, { repeatSeconds: 60, groupWindowMinutes: 10 }))).toBe('forbidden');
    const admin = { actor: t.town.admin };
    for (const [channel, request] of [
      ['voice:saveScreen', { screen: 'desk', enabled: true, volume: 101, quietFrom: null, quietTo: null }],
      ['voice:saveScreen', { screen: 'kitchen', enabled: true, volume: 50, quietFrom: null, quietTo: null }],
      ['voice:saveScreen', { screen: 'desk', enabled: true, volume: 50, quietFrom: '25:00', quietTo: '07:00' }],
      ['voice:saveOptions', { repeatSeconds: 5, groupWindowMinutes: 10 }],
      ['voice:saveTemplate', { kind: 'sync_offline', template: '失联', enabled: true }],
      ['voice:saveTemplate', { kind: 'overdue', template: '', enabled: true }],
    ] as const) {
      expect(await callApi(t.core, admin, channel, request), JSON.stringify(request)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    expect(await settingsRows()).toBe(before);
  });
});

describe('mute and quiet hours on the injectable clock', () => {
  it('a mute needs a reason, is logged, silences every screen, and ends by itself', async () => {
    expect((await t.core.voice.state('desk')).speak).toBe(true);
    const officer = { actor: t.town.officer };
    expect(await callApi(t.core, officer, 'voice:mute', { reason: ' ', minutes: 30 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await callApi(t.core, officer, 'voice:mute', { reason: '接听上级电话', minutes: 2000 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await callApi(t.core, { actor: t.town.admin }, 'voice:mute', { reason: '管理员测试', minutes: 30 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await refusal(t.core.voice.unmute(t.town.officer))).toBe('not_muted');

    const mute = await t.core.voice.mute(t.town.officer, '接听上级电话', 30);
    expect(mute.until).toBe(new Date(Date.parse(t.clock.now().toISOString()) + 30 * 60_000).toISOString());
    expect(await t.core.voice.state('desk')).toMatchObject({ speak: false, silencedBy: 'muted', mute: { reason: '接听上级电话', by: t.town.officer.id } });
    const audit = await t.core.db.read((sql) => sql.all<{ actor_id: string; detail: string }>(`SELECT actor_id, detail FROM audit_log WHERE action = 'voice.mute'`));
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ reason: '接听上级电话', until: mute.until });

    t.clock.advance(29 * 60_000);
    expect((await t.core.voice.state('desk')).silencedBy).toBe('muted');
    t.clock.advance(60_000);
    expect(await t.core.voice.state('desk')).toMatchObject({ speak: true, silencedBy: null, mute: null });

    // Ended early: logged too.
    await t.core.voice.mute(t.town.officer, '演练', 60);
    await t.core.voice.unmute(t.town.leader);
    expect((await t.core.voice.state('desk')).speak).toBe(true);
    const ended = await t.core.db.read((sql) => sql.all(`SELECT action FROM audit_log WHERE action = 'voice.unmute' AND actor_id = ?`, [t.town.leader.id]));
    expect(ended).toHaveLength(1);
  });

  it('quiet hours are Beijing time and may cross midnight; a wall screen speaks only when chosen', async () => {
    await t.core.voice.saveScreen(t.town.admin, { screen: 'desk', enabled: true, volume: 70, quietFrom: '23:00', quietTo: '07:00' });
    const beijing = (hhmm: string, day = '2026-11-24') => new Date(Date.parse(`${day}T${hhmm}:00+08:00`)).toISOString();
    t.clock.set(beijing('22:59'));
    expect((await t.core.voice.state('desk')).silencedBy).toBeNull();
    t.clock.set(beijing('23:00'));
    expect((await t.core.voice.state('desk')).silencedBy).toBe('quiet');
    t.clock.set(beijing('06:59', '2026-11-25'));
    expect((await t.core.voice.state('desk')).silencedBy).toBe('quiet');
    t.clock.set(beijing('07:00', '2026-11-25'));
    expect(await t.core.voice.state('desk')).toMatchObject({ speak: true, volume: 70 });

    expect((await t.core.voice.state('wall:s1')).silencedBy).toBe('off');
    await t.core.voice.saveScreen(t.town.admin, { screen: 'wall:s1', enabled: true, volume: 100, quietFrom: null, quietTo: null });
    expect((await t.core.voice.state('wall:s1')).speak).toBe(true);
    expect((await t.core.voice.settings()).screens.map((s) => s.screen)).toEqual(['desk', 'wall:s1']);
  });
});
