/**
 * 我的任务's desktop notification in the Electron app: the preload's `notify(title, body)` sends
 * NotifyRequest (task-schemas.ts) on this channel to main/shell/notify.ts. Not an API channel (nothing of
 * core is called); a file of its own so the sandboxed preload bundles no validation library.
 */
export const NOTIFY_CHANNEL = 'shell:notify';
