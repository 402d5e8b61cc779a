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
  'backup:list', 'backup:create', 'backup:restore', 'update:status', 'update:setSettings', 'update:check', 'update:install',
  'desk:editing',
  'wall:list', 'wall:get', 'wall:versions', 'wall:validate', 'wall:save', 'wall:restore', 'wall:remove', 'wall:tokens',
  'wall:issueToken', 'wall:revokeToken', 'wall:settings', 'wall:setSettings', 'wall:displays', 'wall:signIn', 'wall:screen',
  'wall:counts', 'wall:overdue', 'wall:sla', 'wall:breakdown', 'wall:trend', 'wall:gridLoad', 'wall:focusGrid',
  'roster:setup', 'roster:saveSetup', 'roster:list', 'roster:get', 'roster:generate', 'roster:assign', 'roster:clashes',
  'roster:candidates', 'roster:exportXlsx', 'roster:importXlsx', 'roster:requestSwap', 'roster:swaps', 'roster:decideSwap',
  'absences:list', 'absences:add', 'absences:cancel',
  'duty:board', 'duty:actingAt', 'duty:actingTimeline', 'duty:rules', 'duty:notices', 'duty:readNotices',
  'dutyLog:list', 'dutyLog:add', 'dutyLog:edit', 'dutyLog:delete',
  'handover:list', 'handover:get', 'handover:current', 'handover:generate', 'handover:confirm', 'handover:annotate',
  'handover:addItem', 'handover:sign', 'handover:pdf',
  'plans:templates', 'plans:template', 'plans:validate', 'plans:saveTemplate', 'plans:archiveTemplate', 'plans:proposals',
  'plans:dismissProposal', 'plans:matchEvent', 'plans:start', 'plans:runs', 'plans:run', 'plans:myTasks', 'plans:ackTask',
  'plans:completeTask', 'plans:skipTask', 'plans:endRun', 'plans:review', 'plans:reviewPdf', 'wall:plans',
] as const;

export const FEED_CHANNEL = 'feed:message';
