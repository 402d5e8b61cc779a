/**
 * The channel names alone, without schemas: what the sandboxed preload needs to build its methods
 * (it bundles no validation library; main validates). A unit test keeps this list equal to API's keys.
 */
export const CHANNEL_NAMES = [
  'session:login', 'session:logout', 'session:me',
  'events:queue', 'events:get', 'events:report', 'events:accept', 'events:proposeDispatch', 'events:dispatch',
  'events:acceptAndDispatch', 'events:acknowledge', 'events:arrive', 'events:reportBack', 'events:verify',
  'events:reject', 'events:close', 'events:requestReturn', 'events:escalate', 'events:markInvalid', 'events:merge',
  'events:note', 'events:requestExtension', 'events:carryOver',
  'approvals:list', 'approvals:decide', 'alarms:list', 'alarms:ack', 'town:get', 'town:grids',
  'catalogue:search', 'calendar:status', 'calendar:setYear', 'sync:status', 'sync:problems', 'clock:now', 'clock:advance',
] as const;

export const FEED_CHANNEL = 'feed:message';
