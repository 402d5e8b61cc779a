/**
 * 语音播报 on a wall screen: the grouped alarm view's most urgent line, spoken where the administrator
 * chose this screen (系统设置 → 语音播报), at its volume and outside its quiet hours. The wall never beeps.
 */
import { useCallback, useState } from 'react';
import type { AlarmGroup } from '../../../preload/contract/voice-schemas';
import { api } from '../api';
import { AlarmVoice, useVoiceState } from '../components/voice/AlarmVoice';
import { useFeedLoad } from '../hooks/use-feed-load';

export function WallVoice({ screenId }: { screenId: string }) {
  const screen = `wall:${screenId}`;
  const state = useVoiceState(screen);
  const [groups, setGroups] = useState<AlarmGroup[]>([]);
  useFeedLoad(
    useCallback(() => api.alarms.groups({}), []),
    {
      apply: (r) => {
        if (r.ok) setGroups(r.data);
      },
      feed: { alarms: true, voice: true },
      enabled: state?.enabled ?? false,
    },
  );
  return <AlarmVoice groups={groups} screen={screen} state={state} beepWhenQuiet={false} />;
}
