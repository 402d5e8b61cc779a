/** Messages of the change feed (main → renderer). The renderer invalidates what they name. */
import { z } from 'zod';

export const FeedMessage = z.discriminatedUnion('topic', [
  z.object({ topic: z.literal('events'), ids: z.array(z.string()) }),
  z.object({ topic: z.literal('alarms') }),
  /** 语音播报's settings or the mute changed: re-read voice:state / voice:settings. */
  z.object({ topic: z.literal('voice') }),
  z.object({ topic: z.literal('approvals') }),
  z.object({ topic: z.literal('calendar') }),
  z.object({ topic: z.literal('town') }),
  z.object({ topic: z.literal('clock'), now: z.string() }),
  /** A wall layout, its tokens or the wall settings changed (layoutId null: settings). */
  z.object({ topic: z.literal('wall'), layoutId: z.string().nullable() }),
  /** Someone touched a grid on the wall: the console shows that grid's events. */
  z.object({ topic: z.literal('wallFocus'), gridCode: z.string() }),
  /** The sync worker's status changed (state, stream, counts): re-read sync:status / sync:problems. Coalesced. */
  z.object({ topic: z.literal('sync') }),
  /**
   * The 24-hour watch changed: re-read what `parts` names (setup: templates and settings; roster:
   * rosters and the on-duty board; absences; swaps; notices: `duty:notices` — `personIds` says whose;
   * dutyLog; handover).
   */
  z.object({
    topic: z.literal('roster'),
    parts: z.array(z.enum(['setup', 'roster', 'absences', 'swaps', 'notices', 'dutyLog', 'handover'])),
    personIds: z.array(z.string()).optional(),
  }),
  /** An account's lock or password changed, or the idle lock's time: re-read accounts:list, session:me. */
  z.object({ topic: z.literal('accounts') }),
  /** Plans changed: templates, pending proposals, runs (`runIds` names which runs, when known). */
  z.object({ topic: z.literal('plans'), parts: z.array(z.enum(['templates', 'proposals', 'runs'])), runIds: z.array(z.string()).optional() }),
]);
export type FeedMessage = z.infer<typeof FeedMessage>;
