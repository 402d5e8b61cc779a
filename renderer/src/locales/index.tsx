/**
 * The console's language: which message table is in force (zh-CN unless the person chose English),
 * and the helpers that turn API errors and alarms into sentences a duty officer understands.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { Alarm, ApiError } from '../../../preload/contract';
import { setBuiltInNames } from '../lib/built-in-names';
import { enUS } from './en-US';
import { zhCN, type Messages } from './zh-CN';

export type LocaleCode = 'zh-CN' | 'en-US';
export type { Messages };

export const MESSAGES: Readonly<Record<LocaleCode, Messages>> = { 'zh-CN': zhCN, 'en-US': enUS };

const LOCALE_KEY = 'duty-desk-locale';

export function initialLocale(): LocaleCode {
  try {
    return localStorage.getItem(LOCALE_KEY) === 'en-US' ? 'en-US' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function rememberLocale(locale: LocaleCode): void {
  try {
    localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    // Storage may be unavailable (private window): the choice lasts for this page only.
  }
}

const I18nContext = createContext<Messages>(zhCN);

export function I18nProvider({ locale, children }: { locale: LocaleCode; children: ReactNode }) {
  setBuiltInNames(MESSAGES[locale].builtIn);
  return <I18nContext.Provider value={MESSAGES[locale]}>{children}</I18nContext.Provider>;
}

export function useMessages(): Messages {
  return useContext(I18nContext);
}

/** `fill('剩 {d}', { d: '3分' })` → `剩 3分`; unknown placeholders stay visible. */
export function fill(template: string, params: Readonly<Record<string, string | number | null | undefined>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

/** Looks up a name in a table, falling back to the code itself (a newer server may send more). */
export function nameOf(table: Readonly<Record<string, string>>, code: string | null | undefined): string {
  if (!code) return '';
  return table[code] ?? code;
}

/** What a command acted on, for the refusals that name it (`superseded`: 此事件 / 此预案 / 此任务). */
export type Subject = keyof Messages['subjects'];

export interface ErrorContext {
  /** Post id → post name, for `not_post_holder` and `unknown_post`. */
  postName?: (id: string) => string | undefined;
  /** What the refused command acted on; without it, told by the refusal's action (plan_… → 此预案), else 此事件. */
  subject?: Subject;
}

/** The subject of a refusal: the caller's, else the plans' actions (plan_start, plan_task_…) speak of a plan, the rest of an event. */
function subjectOf(m: Messages, action: string, ctx: ErrorContext): string {
  const subject: Subject = ctx.subject ?? (action.startsWith('plan_task') ? 'task' : action.startsWith('plan_') ? 'plan' : 'event');
  return m.subjects[subject];
}

/** One API error as a sentence, with its params filled in (names, not codes). */
export function errorText(m: Messages, error: ApiError, ctx: ErrorContext = {}): string {
  const p = error.params ?? {};
  switch (error.code) {
    case 'conflict': {
      if (p.action === undefined || p.state === undefined) return m.errors.conflictNoState!;
      return fill(m.errors.conflict!, { action: nameOf(m.actions, String(p.action)), state: nameOf(m.states, String(p.state)) });
    }
    case 'invalid': {
      if (p.field === undefined) return m.errors.invalidNoField!;
      // A field the console has no name for is not shown by its key: the sentence without it.
      const field = m.fields[String(p.field).split('.')[0]!];
      if (field === undefined) return m.errors.invalidNoField!;
      return fill(m.errors.invalid!, { field: p.value !== undefined ? `${field}（${String(p.value)}）` : field });
    }
    case 'superseded': {
      // Lost a race: on what, who won, when (Beijing time, from the core), and what they did.
      const action = String(p.action ?? '');
      const subject = subjectOf(m, action, ctx);
      if (p.by === undefined || p.at === undefined) return fill(m.errors.supersededNoWho!, { subject });
      return fill(m.errors.superseded!, { subject, by: String(p.by), at: String(p.at), actionLabel: m.actions[action] ?? m.actions.update });
    }
    case 'not_post_holder': {
      const id = String(p.postId ?? '');
      return fill(m.errors.not_post_holder!, { post: ctx.postName?.(id) ?? id });
    }
    case 'unknown_post': {
      const id = String(p.id ?? '');
      return fill(m.errors.unknown_post!, { id: ctx.postName?.(id) ?? id });
    }
    // Sign-in that holds (main/core/auth): what to do next, with the time or count when the core sends it.
    case 'bad_credentials': {
      if (p.demo !== undefined) return m.errors.demoPassword!;
      if (p.remaining !== undefined) return fill(m.errors.badCredentialsRemaining!, { remaining: p.remaining });
      return m.errors.bad_credentials!;
    }
    case 'account_locked':
      return p.until === undefined ? m.errors.accountLockedNoTime! : fill(m.errors.account_locked!, { until: p.until });
    case 'too_many_attempts':
      return p.seconds === undefined ? m.errors.tooManyAttemptsNoTime! : fill(m.errors.too_many_attempts!, { seconds: p.seconds });
    case 'weak_password':
      return p.reason === undefined ? m.errors.weakPasswordNoReason! : fill(m.errors.weak_password!, { reason: nameOf(m.account.issues, String(p.reason)) });
    default: {
      const template = m.errors[error.code];
      if (template) return fill(template, p);
      return fill(m.errors.unknown!, { message: error.message });
    }
  }
}

/** A whole duration as `10分钟` / `1小时30分` / `45秒` (for limits, not for ticking clocks). */
export function formatDuration(m: Messages, ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return fill(m.time.secondsShort, { s: total });
  const minutes = Math.round(total / 60);
  if (minutes < 60) return fill(m.time.minuteShort, { m: minutes });
  return fill(m.time.hourShort, { h: Math.floor(minutes / 60), m: minutes % 60 });
}

/** The alarm's sentence: built from its kind, its detail and the event's title. */
export function alarmText(m: Messages, alarm: Alarm, formatTime: (iso: string) => string): string {
  const title = alarm.eventTitle ?? m.alarms.unknownEvent;
  const d = alarm.detail;
  switch (alarm.kind) {
    case 'new_serious':
      return fill(m.alarms.new_serious, { level: nameOf(m.levels, d.level), title });
    case 'overdue':
      return fill(m.alarms.overdue, { title, clock: nameOf(m.clockKinds, d.dueKind), dueAt: d.dueAt ? formatTime(d.dueAt) : '' });
    case 'ack_timeout':
      return fill(m.alarms.ack_timeout, { title });
    case 'no_holder':
      return fill(m.alarms.no_holder, { title, post: d.postName ?? d.postId ?? '' });
    case 'sync_offline':
      return fill(m.alarms.sync_offline, { duration: formatDuration(m, Number(d.alarmMs ?? 0)), since: d.since ? formatTime(d.since) : '' });
    case 'sync_problem':
      return fill(m.alarms.sync_problem, {
        duration: formatDuration(m, Number(d.alarmMs ?? 0)),
        since: d.since ? formatTime(d.since) : '',
        condition: nameOf(m.sync.conditionNames, d.condition),
      });
    case 'role_empty':
    case 'no_handover':
      return fill(m.alarms[alarm.kind], { label: d.postName ?? '' });
    case 'ab_uncovered':
      return fill(m.alarms.ab_uncovered, { title, label: d.postName ?? d.postId ?? '' });
    case 'plan_proposed':
      return fill(m.alarms.plan_proposed, { title, plan: d.templateName ?? '' });
    case 'hold_review':
      return fill(m.alarms.hold_review, { title, reviewBy: d.reviewBy ?? '' });
    case 'district_dispatch':
    case 'sensor_alert':
      return fill(m.alarms[alarm.kind], { title });
    case 'first_report_overdue':
    case 'update_report_overdue':
      return fill(m.alarms[alarm.kind], { title, level: nameOf(m.levels, d.level), dueAt: d.dueAt ? formatTime(d.dueAt) : '' });
    case 'due_soon':
      return fill(m.alarms.due_soon, { title, clock: nameOf(m.clockKinds, d.dueKind), dueAt: d.dueAt ? formatTime(d.dueAt) : '' });
    case 'plan_task_overdue':
      return fill(m.alarms[d.clock === 'ack' ? 'plan_task_ack_overdue' : 'plan_task_overdue'], {
        plan: d.runName ?? '',
        step: d.stepTitle ?? '',
        holder: d.holderName ?? '',
        dueAt: d.dueAt ? formatTime(d.dueAt) : '',
      });
    default: {
      const never: never = alarm.kind;
      return String(never);
    }
  }
}
