/** One escalation step in the desk's words: 「11-23 09:12 带班领导 张三（自动 · 短信已发）」. */
import type { AlarmStepInfo } from '../../../../preload/contract/escalation-schemas';
import { formatShort } from '../../lib/beijing-time';
import { fill } from '../../locales';
import type { AlarmDeskMessages } from './alarm-desk-locales';

export function stepText(a: AlarmDeskMessages, s: AlarmStepInfo): string {
  const main = fill(a.step, { time: formatShort(s.at), target: a.targets[s.to] ?? s.to, person: s.personName ?? a.nobody });
  const how = [s.byId === null ? a.stepAuto : fill(a.stepBy, { by: s.byName ?? s.byId }), s.delivery ? a.delivery[s.delivery] : null].filter(Boolean).join(' · ');
  return `${main}（${how}）`;
}

/** What 立即升级 did: 「已告知 带班领导 张三」, or the step taken with nobody to tell. */
export function escalatedText(a: AlarmDeskMessages, s: AlarmStepInfo): string {
  const target = a.targets[s.to] ?? s.to;
  return s.personName ? fill(a.escalated, { target, person: s.personName }) : fill(a.escalatedNobody, { target });
}
