/** Messages of the change feed (main → renderer). The renderer invalidates what they name. */
import { z } from 'zod';

export const FeedMessage = z.discriminatedUnion('topic', [
  z.object({ topic: z.literal('events'), ids: z.array(z.string()) }),
  z.object({ topic: z.literal('alarms') }),
  z.object({ topic: z.literal('approvals') }),
  z.object({ topic: z.literal('calendar') }),
  z.object({ topic: z.literal('town') }),
  z.object({ topic: z.literal('clock'), now: z.string() }),
]);
export type FeedMessage = z.infer<typeof FeedMessage>;
