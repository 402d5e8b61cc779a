/**
 * The header's page tabs. Where they do not all fit (an administrator's thirteen pages at 1366×768)
 * they scroll sideways, visibly: a ‹ or › button at the cut edge says there is more and scrolls to it
 * (clicked, or Enter on it), the wheel scrolls them too, and the open page's tab is always brought into
 * view. Nothing is cut off without a sign.
 */
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Segmented } from 'antd';
import { useCallback, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useMessages } from '../locales';

export interface PageTab<P extends string> {
  readonly value: P;
  readonly label: ReactNode;
}

/** The width the ‹ › buttons cover at each end of the strip. */
const EDGE = 40;

export function PageTabs<P extends string>({ tabs, page, onPage }: { tabs: readonly PageTab<P>[]; page: P; onPage(p: P): void }) {
  const m = useMessages();
  const strip = useRef<HTMLDivElement>(null);
  const [edges, setEdges] = useState({ before: false, after: false });

  const update = useCallback(() => {
    const el = strip.current;
    if (!el) return;
    const before = el.scrollLeft > 1;
    const after = el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
    setEdges((e) => (e.before === before && e.after === after ? e : { before, after }));
  }, []);

  useLayoutEffect(() => {
    const el = strip.current;
    if (!el) return;
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    const inner = el.firstElementChild;
    if (inner) observer.observe(inner);
    el.addEventListener('scroll', update, { passive: true });
    return () => {
      observer.disconnect();
      el.removeEventListener('scroll', update);
    };
  }, [update]);

  // The open page's tab is on screen, whichever way it was opened (a key, a link, the menu).
  useLayoutEffect(() => {
    const el = strip.current;
    const item = el?.querySelector('.ant-segmented-item-selected');
    if (el && item) {
      // Clear of the ‹ › buttons laid over the ends.
      const r = item.getBoundingClientRect();
      const s = el.getBoundingClientRect();
      if (r.left < s.left + EDGE) el.scrollLeft -= s.left + EDGE - r.left;
      else if (r.right > s.right - EDGE) el.scrollLeft += r.right - (s.right - EDGE);
    }
    update();
  }, [page, tabs.length, update]);

  const scroll = (direction: 1 | -1): void => {
    const el = strip.current;
    if (el) el.scrollBy({ left: direction * Math.max(120, el.clientWidth * 0.6) });
  };

  return (
    <div className="page-tabs-room">
      {edges.before && <ScrollButton side="before" label={m.header.tabsBack} onClick={() => scroll(-1)} />}
      <div
        className="page-tabs-strip"
        ref={strip}
        onWheel={(e) => {
          if (strip.current && Math.abs(e.deltaY) > Math.abs(e.deltaX)) strip.current.scrollLeft += e.deltaY;
        }}
      >
        <Segmented<P>
          className="page-tabs"
          aria-label={m.header.pageTabs}
          value={page}
          onChange={onPage}
          options={tabs.map((t) => ({ value: t.value, label: t.label }))}
          data-testid="page-tabs"
        />
      </div>
      {edges.after && <ScrollButton side="after" label={m.header.tabsMore} onClick={() => scroll(1)} />}
    </div>
  );
}

/** ‹ or ›, laid over its end of the strip. */
function ScrollButton({ side, label, onClick }: { side: 'before' | 'after'; label: string; onClick(): void }) {
  return (
    <Button
      type="text"
      size="small"
      className={`page-tabs-scroll ${side}`}
      icon={side === 'before' ? <LeftOutlined /> : <RightOutlined />}
      aria-label={label}
      title={label}
      onClick={onClick}
      data-testid={side === 'before' ? 'page-tabs-back' : 'page-tabs-more'}
    />
  );
}
