/**
 * 语音播报's settings and audio: the templates per alarm kind, the screens (whether each speaks, its
 * volume and quiet hours), the repeat interval and grouping window — the administrator's, each
 * save a kernel command with its audit row — and the desk's mute (a reason and an end time, logged).
 * The audio of a line is the speech engine's WAV (cached per text); the renderer plays it.
 */
import { allows } from '../../../preload/contract/permissions';
import { silencedBy, unknownPlaceholders } from '../../../preload/contract/voice-rules';
import {
  VOICE_KINDS,
  VOICE_PLACEHOLDERS,
  type VoiceAudio,
  type VoiceKind,
  type VoiceMute,
  type VoiceOptions,
  type VoiceScreen,
  type VoiceSettings,
  type VoiceState,
  type VoiceTemplate,
} from '../../../preload/contract/voice-schemas';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import type { Actor } from '../kernel/actor';
import type { Kernel } from '../kernel/command-runner';
import { newId } from '../kernel/ids';
import { SpeechEngine, wavDurationMs } from './speech-engine';
import { DEFAULT_TEMPLATES } from './voice-text';

export const DEFAULT_OPTIONS: VoiceOptions = { repeatSeconds: 60, groupWindowMinutes: 10 };
/** The desk speaks unless told otherwise; a wall screen speaks only when chosen. */
export function defaultScreen(screen: string): VoiceScreen {
  return { screen, enabled: screen === 'desk', volume: 80, quietFrom: null, quietTo: null };
}

export class VoiceService {
  constructor(
    private readonly kernel: Kernel,
    readonly engine: SpeechEngine,
    private readonly personName: (id: string) => string | null,
  ) {}

  /** Everything the settings page and the screens need. */
  settings(): Promise<VoiceSettings> {
    return this.kernel.read((sql) => this.readSettings(sql));
  }

  async readSettings(sql: Sql): Promise<VoiceSettings> {
    const templates = await this.templates(sql);
    const screens = await sql.all<{ screen: string; enabled: number; volume: number; quiet_from: string | null; quiet_to: string | null }>(
      `SELECT screen, enabled, volume, quiet_from, quiet_to FROM voice_screen ORDER BY screen <> 'desk', screen`,
    );
    const list = screens.map((r) => ({ screen: r.screen, enabled: r.enabled === 1, volume: r.volume, quietFrom: r.quiet_from, quietTo: r.quiet_to }));
    if (!list.some((s) => s.screen === 'desk')) list.unshift(defaultScreen('desk'));
    return { ...(await this.options(sql)), templates, screens: list, mute: await this.activeMute(sql) };
  }

  /** The template of every kind that speaks (the administrator's, else the built-in one). */
  async templates(sql: Sql): Promise<VoiceTemplate[]> {
    const rows = await sql.all<{ kind: VoiceKind; template: string; enabled: number }>(`SELECT kind, template, enabled FROM voice_template`);
    const saved = new Map(rows.map((r) => [r.kind, r]));
    return VOICE_KINDS.map((kind) => {
      const r = saved.get(kind);
      return { kind, template: r?.template ?? DEFAULT_TEMPLATES[kind], enabled: r ? r.enabled === 1 : true };
    });
  }

  async options(sql: Sql): Promise<VoiceOptions> {
    const rows = await sql.all<{ key: keyof VoiceOptions; value: string }>(`SELECT key, value FROM voice_option`);
    const o = { ...DEFAULT_OPTIONS };
    for (const r of rows) if (r.key in o) o[r.key] = Number(JSON.parse(r.value));
    return o;
  }

  /** What a screen does now (the kernel's clock: the injectable one in tests). */
  async state(screen: string): Promise<VoiceState> {
    const s = await this.settings();
    const settings = s.screens.find((x) => x.screen === screen) ?? defaultScreen(screen);
    const by = silencedBy(settings, s.mute, this.kernel.clock.now());
    return { ...settings, speak: by === null, silencedBy: by, repeatSeconds: s.repeatSeconds, mute: s.mute };
  }

  async saveTemplate(actor: Actor, t: VoiceTemplate): Promise<void> {
    const unknown = unknownPlaceholders(t.template);
    if (unknown.length > 0) {
      refuse('bad_template', `unknown placeholders ${unknown.join(', ')}`, {
        names: unknown.map((n) => `{${n}}`).join('、'),
        known: VOICE_PLACEHOLDERS.map((n) => `{${n}}`).join(' '),
      });
    }
    await this.kernel.run({ name: 'voice.template', actor, permission: 'manageVoice', audit: { entity: 'settings', entityId: `voice:${t.kind}`, detail: t } }, async (tx) => {
      await tx.sql.run(
        `INSERT INTO voice_template (kind, template, enabled, updated_at, updated_by) VALUES (?,?,?,?,?)
          ON CONFLICT(kind) DO UPDATE SET template = excluded.template, enabled = excluded.enabled, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        [t.kind, t.template, t.enabled ? 1 : 0, tx.at, actor.id],
      );
      tx.emit({ topic: 'voice' });
    });
  }

  async saveScreen(actor: Actor, s: VoiceScreen): Promise<void> {
    if ((s.quietFrom === null) !== (s.quietTo === null)) refuse('invalid', 'quiet hours need both ends', { field: s.quietFrom === null ? 'quietFrom' : 'quietTo' });
    if (s.quietFrom !== null && s.quietFrom === s.quietTo) refuse('invalid', 'quiet hours of no length', { field: 'quietTo', value: s.quietTo });
    await this.kernel.run({ name: 'voice.screen', actor, permission: 'manageVoice', audit: { entity: 'settings', entityId: `voice:${s.screen}`, detail: s } }, async (tx) => {
      await tx.sql.run(
        `INSERT INTO voice_screen (screen, enabled, volume, quiet_from, quiet_to, updated_at, updated_by) VALUES (?,?,?,?,?,?,?)
          ON CONFLICT(screen) DO UPDATE SET enabled = excluded.enabled, volume = excluded.volume, quiet_from = excluded.quiet_from,
            quiet_to = excluded.quiet_to, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        [s.screen, s.enabled ? 1 : 0, s.volume, s.quietFrom, s.quietTo, tx.at, actor.id],
      );
      tx.emit({ topic: 'voice' });
    });
  }

  async saveOptions(actor: Actor, o: VoiceOptions): Promise<void> {
    await this.kernel.run({ name: 'voice.options', actor, permission: 'manageVoice', audit: { entity: 'settings', entityId: 'voice', detail: o } }, async (tx) => {
      for (const [key, value] of Object.entries(o)) {
        await tx.sql.run(`INSERT INTO voice_option (key, value) VALUES (?,?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, [key, JSON.stringify(value)]);
      }
      tx.emit({ topic: 'voice' });
    });
  }

  /** Mutes every screen of this desk until `minutes` from now, with a reason; a mute in force is replaced. */
  async mute(actor: Actor, reason: string, minutes: number): Promise<VoiceMute> {
    const id = newId();
    return this.kernel.run({ name: 'voice.mute', actor, permission: 'muteVoice' }, async (tx) => {
      const until = new Date(Date.parse(tx.at) + minutes * 60_000).toISOString();
      await tx.sql.run(`UPDATE voice_mute SET ended_at = ?, ended_by = ? WHERE ended_at IS NULL AND until_at > ?`, [tx.at, actor.id, tx.at]);
      await tx.sql.run(`INSERT INTO voice_mute (id, reason, by_id, from_at, until_at) VALUES (?,?,?,?,?)`, [id, reason, actor.id, tx.at, until]);
      await tx.audit('voice.mute', 'alarm', null, { reason, until, minutes });
      tx.emit({ topic: 'voice' });
      return { reason, by: actor.id, byName: this.personName(actor.id), from: tx.at, until };
    });
  }

  /** Ends the mute in force before its time (logged). */
  async unmute(actor: Actor): Promise<void> {
    await this.kernel.run({ name: 'voice.unmute', actor, permission: 'muteVoice' }, async (tx) => {
      const mute = await this.activeMute(tx.sql, tx.at);
      if (!mute) refuse('not_muted', 'the voice is not muted');
      await tx.sql.run(`UPDATE voice_mute SET ended_at = ?, ended_by = ? WHERE ended_at IS NULL AND until_at > ?`, [tx.at, actor.id, tx.at]);
      await tx.audit('voice.unmute', 'alarm', null, { reason: mute.reason, until: mute.until });
      tx.emit({ topic: 'voice' });
    });
  }

  /** The WAV of a line, base64 (the renderer decodes and plays it). Any reader: the wall screens too. */
  async audio(actor: Actor, text: string): Promise<VoiceAudio> {
    if (!allows(actor.roles, 'read') && !allows(actor.roles, 'readWall')) refuse('forbidden', 'may not hear alarms');
    const wav = await this.engine.speak(text);
    return { text, wav: wav.toString('base64'), durationMs: wavDurationMs(wav) };
  }

  private async activeMute(sql: Sql, at = this.kernel.clock.now().toISOString()): Promise<VoiceMute | null> {
    const r = await sql.get<{ reason: string; by_id: string; from_at: string; until_at: string }>(
      `SELECT reason, by_id, from_at, until_at FROM voice_mute WHERE ended_at IS NULL AND until_at > ? ORDER BY from_at DESC LIMIT 1`,
      [at],
    );
    return r ? { reason: r.reason, by: r.by_id, byName: this.personName(r.by_id), from: r.from_at, until: r.until_at } : null;
  }
}
