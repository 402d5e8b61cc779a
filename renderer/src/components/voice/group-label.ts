/** A line of the grouped alarm view in the screen's words: one alarm's own sentence, or the group's count. */
import type { AlarmGroup } from '../../../../preload/contract/voice-schemas';
import { alarmText, fill, type Messages } from '../../locales';
import type { VoiceMessages } from './voice-locales';

export function groupLabel(m: Messages, v: VoiceMessages, group: AlarmGroup, formatTime: (iso: string) => string): string {
  const kind = v.kinds[group.kind] ?? v.otherKind;
  switch (group.by) {
    case 'one':
      return alarmText(m, group.head, formatTime);
    case 'event':
      return fill(v.groupEvent, {
        title: group.head.eventTitle ?? (group.head.detail.runName ? fill(v.planRun, { plan: group.head.detail.runName }) : m.alarms.unknownEvent),
        count: group.count,
      });
    case 'post':
      return fill(v.groupPost, { count: group.count, kind, post: group.postName ?? '' });
    case 'kind':
      return fill(v.groupKind, { count: group.count, kind });
  }
}
