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
}

export function EChart({ option, onRendered, onClick, pixelRatio, testId, className }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const latest = useRef({ option, onRendered, onClick });
  latest.current = { option, onRendered, onClick };
  const shown = useRef<Record<string, unknown> | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const instance = echarts.init(el, undefined, { renderer: 'canvas', devicePixelRatio: pixelRatio });
    chart.current = instance;
    chartCreated(instance);
    instance.setOption(latest.current.option, { notMerge: true });
    shown.current = latest.current.option;
    latest.current.onRendered?.();
    instance.on('click', (params) => latest.current.onClick?.(params as { name?: string; data?: unknown }));
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => instance.resize());
    });
    observer.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      instance.off('click');
      instance.dispose();
      chartDisposed(instance);
      chart.current = null;
    };
  }, [pixelRatio]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || shown.current === option) return;
    // Same series and components every time: a plain merge updates in place (no re-layout of the map).
    instance.setOption(option);
    shown.current = option;
    latest.current.onRendered?.();
  }, [option]);

  return <div ref={box} className={className ?? 'wall-chart'} data-testid={testId} />;
}
