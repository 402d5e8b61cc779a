/**
 * The text 办结反馈 and 办结 open with (issue #15): the event's catalogue item's 答复模板, its
 * placeholders filled from the event (preload/contract/answer-template.ts). On 办结 the result is the
 * last 办结反馈's text; on 办结反馈 it is left as RESULT_BLANK for the officer to write.
 */
import { useEffect, useState } from 'react';
import { fillAnswerTemplate } from '../../../preload/contract/answer-template';
import type { CatalogueItem, EventDetail } from '../../../preload/contract';
import { api } from '../api';

/** Catalogue items by code (the catalogue does not change while the dialog is open). */
const items = new Map<string, Promise<CatalogueItem | null>>();
function catalogueItem(code: string): Promise<CatalogueItem | null> {
  let p = items.get(code);
  if (!p) {
    p = api.catalogue.search({ q: code, limit: 5 }).then((r) => (r.ok ? (r.data.find((i) => i.code === code) ?? null) : null));
    items.set(code, p);
    // Not found, or the read failed: ask again next time (an import may add it).
    void p.then((item) => item ?? items.delete(code));
  }
  return p;
}

/** The filled template for an event; '' when its item has none. */
export function answerText(template: string, itemName: string, event: EventDetail, withResult: boolean): string {
  if (!template.trim()) return '';
  const lead = event.assignments.find((x) => x.active && x.role === 'lead');
  const lastReport = withResult ? [...event.timeline].reverse().find((e) => e.action === 'report_back') : undefined;
  const result = typeof lastReport?.payload.result === 'string' ? lastReport.payload.result : null;
  return fillAnswerTemplate(template, {
    title: event.title,
    item: itemName,
    address: event.gridName,
    post: lead?.postName ?? null,
    time: event.reportedAt,
    result,
  });
}

/** The filled template for 办结反馈 / 办结 once the item is read (null before, and for other actions). */
export function useAnswerText(action: string, event: EventDetail): string | null {
  const wanted = action === 'report_back' || action === 'close';
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let alive = true;
    void catalogueItem(event.categoryCode).then((item) => {
      if (alive) setText(item ? answerText(item.answerTemplate, item.name, event, action === 'close') : '');
    });
    return () => {
      alive = false;
    };
  }, [wanted, action, event]);
  return wanted ? text : null;
}
