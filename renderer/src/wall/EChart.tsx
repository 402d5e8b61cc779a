/**
 * One ECharts instance, owned by this component: created on mount, given each new option, resized
 * with its box, disposed on unmount (and counted both ways in window.__wallStats). Every wall chart
 * is one of these inside its panel.
 */
import { useEffect, useRef } from 'react';
import type { EChartsType } from 'echarts/core';
import { echarts } from './wall-echarts';
import { chartCreated, chartDisposed } from './wall-stats';

export interface EChartProps {
  option: Record<string, unknown>;
  /** Called after the option is on the canvas (the panel's update is complete). */
  onRendered?: () => void;
  onClick?: (params: { name?: string; data?: unknown }) => void;
  /** Canvas pixels per CSS pixel (the page's scale times the display's), so a scaled-up wall stays sharp. */
  pixelRatio?: number;
  testId?: string;
  className?: string;
  /** The instance once made (null once disposed): a panel that draws over the chart (the map's cameras) reads its coordinates. */
  onChart?: (instance: EChartsType | null) => void;
}

export function EChart({ option, onRendered, onClick, pixelRatio, testId, className, onChart }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const latest = useRef({ option, onRendered, onClick, onChart });
  latest.current = { option, onRendered, onClick, onChart };
  const shown = useRef<Record<string, unknown> | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const instance = echarts.init(el, undefined, { renderer: 'canvas', devicePixelRatio: pixelRatio });
    chart.current = instance;
    chartCreated(instance);
    latest.current.onChart?.(instance);
    // ECharts cannot lay out in a box of no size (the map's transform cannot be inverted and it
    // throws), which a page being built on a loaded machine can briefly be: an option waits for a size.
    show(instance, el, shown, latest.current);
    instance.on('click', (params) => latest.current.onClick?.(params as { name?: string; data?: unknown }));
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (instance.isDisposed() || !hasSize(el)) return;
        instance.resize();
        if (shown.current !== latest.current.option) show(instance, el, shown, latest.current);
      });
    });
    observer.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      instance.off('click');
      instance.dispose();
      chartDisposed(instance);
      latest.current.onChart?.(null);
      chart.current = null;
      shown.current = null;
    };
  }, [pixelRatio]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || !box.current || shown.current === option) return;
    show(instance, box.current, shown, latest.current);
  }, [option]);

  return <div ref={box} className={className ?? 'wall-chart'} data-testid={testId} />;
}

function hasSize(el: HTMLElement): boolean {
  return el.clientWidth > 0 && el.clientHeight > 0;
}

/**
 * Puts the latest option on the chart if its box has a size: the first one whole, later ones merged
 * (same series and components every time: a plain merge updates in place, no re-layout of the map).
 */
function show(
  instance: EChartsType,
  el: HTMLElement,
  shown: { current: Record<string, unknown> | null },
  latest: { option: Record<string, unknown>; onRendered?: () => void },
): void {
  if (!hasSize(el)) return;
  instance.setOption(latest.option, shown.current === null ? { notMerge: true } : undefined);
  shown.current = latest.option;
  latest.onRendered?.();
}
