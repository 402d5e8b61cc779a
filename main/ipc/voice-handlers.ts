/**
 * The grouped alarm view and 语音播报 at the door: the groups and the audio for any reader (the wall's
 * screens too), the acknowledgement of a group, the settings (the administrator's: the core checks
 * the role and audits) and the desk's logged mute.
 */
import { actorOf, OK, requireAnyRole, type HandlerTable } from './handler-support';

type VoiceChannel = Extract<keyof HandlerTable, `voice:${string}` | 'alarms:groups' | 'alarms:ackGroup'>;

export const VOICE_HANDLERS: Pick<HandlerTable, VoiceChannel> = {
  'alarms:groups': async (core, s) => {
    requireAnyRole(actorOf(s).roles, ['read', 'readWall']);
    // A screen that shows alarms may speak them: the engine gets ready before the first one.
    void core.voice.engine.warm().catch(() => undefined);
    return core.alarms.groups();
  },
  'alarms:ackGroup': async (core, s, req) => ({ acked: await core.alarms.ackGroup(actorOf(s), req.alarmIds, req.note) }),
  'voice:settings': async (core, s) => {
    requireAnyRole(actorOf(s).roles, ['read', 'readWall']);
    return core.voice.settings();
  },
  'voice:state': async (core, s, req) => {
    requireAnyRole(actorOf(s).roles, ['read', 'readWall']);
    return core.voice.state(req.screen);
  },
  'voice:saveTemplate': async (core, s, req) => (await core.voice.saveTemplate(actorOf(s), req), OK),
  'voice:saveScreen': async (core, s, req) => (await core.voice.saveScreen(actorOf(s), req), OK),
  'voice:saveOptions': async (core, s, req) => (await core.voice.saveOptions(actorOf(s), req), OK),
  'voice:mute': (core, s, req) => core.voice.mute(actorOf(s), req.reason, req.minutes),
  'voice:unmute': async (core, s) => (await core.voice.unmute(actorOf(s)), OK),
  'voice:audio': (core, s, req) => core.voice.audio(actorOf(s), req.text),
};
