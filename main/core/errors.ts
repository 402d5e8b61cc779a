/**
 * Refusals a person can understand. `code` selects the localized sentence in the renderer
 * (renderer/locales), `params` fill it; `message` is the English text for logs and tests.
 */
export type ErrorCode =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid'
  | 'bad_credentials'
  | 'same_handler'
  | 'override_reason_required'
  | 'not_post_holder'
  | 'unknown_category'
  | 'unknown_grid'
  // a new report into a deactivated grid or catalogue item (main/core/events/event-reportable.ts)
  | 'grid_inactive'
  | 'item_inactive'
  | 'unknown_post'
  // the event's later life (main/core/events/event-life.ts): 挂账 and 重新定性
  | 'already_held'
  | 'not_held'
  | 'review_date_invalid'
  | 'reclassify_unchanged'
  // merge (main/core/events/event-merge.ts; params: title, the target's)
  | 'merge_reason_required'
  | 'merge_into_self'
  | 'merge_target_merged'
  | 'merge_target_closed'
  | 'merge_other_town'
  // 首报 / 续报 / 终报 (main/core/events/event-situation-report.ts)
  | 'first_report_filed'
  | 'first_report_missing'
  | 'final_report_filed'
  | 'report_limit_invalid'
  | 'update_interval_invalid'
  | 'already_decided'
  | 'not_manual_clock'
  | 'invalid_layout'
  // the 24-hour watch (roster, handover)
  | 'roster_clash'
  // a month whose year's statutory holidays are not known yet (params: year, month)
  | 'calendar_unknown_year'
  | 'shift_ended'
  | 'handover_signed'
  | 'handover_incomplete'
  | 'not_on_shift'
  | 'same_signer'
  // plans
  | 'invalid_plan'
  | 'plan_not_running'
  | 'task_not_open'
  | 'plan_read_only'
  // the kernel: a command on a record that changed since the person saw it (params: by, at, action)
  | 'superseded'
  // accounts and sign-in (main/core/auth)
  | 'account_locked'
  | 'too_many_attempts'
  | 'password_change_required'
  | 'weak_password'
  | 'screen_locked'
  // the first start (main/core/town: set-up)
  | 'town_not_set_up'
  | 'town_already_set_up'
  | 'town_code_mismatch'
  // the town kept by hand (main/core/town/admin)
  | 'account_inactive'
  | 'post_needs_a'
  | 'holder_inactive'
  | 'holder_same'
  | 'post_inactive'
  | 'post_has_open_events'
  | 'grid_has_open_events'
  | 'duplicate_code'
  | 'username_taken'
  | 'last_admin'
  | 'self_deactivate'
  | 'unknown_board'
  | 'unknown_person'
  | 'invalid_geometry'
  // text that cannot be trusted (preload/contract/text-rules.ts)
  | 'bad_text'
  // 本镇数据导入: the preview is gone, or the town changed since it was made (main/core/town/import)
  | 'import_stale'
  // an attachment over PROTOCOL.md v1.1's 20 MiB (main/core/sync/blob-store.ts)
  | 'blob_too_large'
  // an attachment refused by what its bytes are (main/core/events/attachment-type.ts): empty, not
  // whole (bad base64, an upload not complete), an executable or script (params: kind), or no type accepted
  | 'attachment_empty'
  | 'attachment_unreadable'
  | 'attachment_executable'
  | 'attachment_type'
  // 语音播报: a template naming an unknown placeholder; no mute to end
  | 'bad_template'
  | 'not_muted'
  // 升级提醒: a chain whose steps do not come later one after another, tell someone twice, or put B after another;
  // an alarm with no further step to take (none in its chain, acknowledged, or its task already taken)
  | 'chain_not_later'
  | 'chain_repeated'
  | 'chain_b_not_first'
  | 'no_next_step'
  | 'internal';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly params: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function refuse(code: ErrorCode, message: string, params: Record<string, string | number> = {}): never {
  throw new DomainError(code, message, params);
}
