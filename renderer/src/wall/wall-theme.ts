/**
 * The wall's two themes: the dark command-centre one (deep blue, cyan accents, large type for five
 * metres) and the console's light one. Sizes are design pixels of a 1920×1080 screen; nothing on a
 * wall page is smaller than WALL_MIN_FONT — DOM text through the CSS variables below, canvas text
 * through `chartText()`, which every chart option is built with.
 */
import type { CSSProperties } from 'react';
import { FONT_STACK } from '../theme';

export const WALL_MIN_FONT = 24;

export type WallThemeName = 'dark' | 'light';

export interface WallTheme {
  readonly name: WallThemeName;
  readonly background: string;
  readonly panel: string;
  readonly border: string;
  readonly text: string;
  readonly muted: string;
  readonly accent: string;
  readonly grid: string;
  readonly good: string;
  readonly warn: string;
  readonly bad: string;
  readonly series: readonly string[];
  /** Grid map colours for 0, 1, 2–3, ≥4 events. */
  readonly mapOpen: readonly [string, string, string, string];
  readonly mapOverdue: readonly [string, string, string, string];
  readonly mapBorder: string;
}

export const WALL_THEMES: Readonly<Record<WallThemeName, WallTheme>> = {
  dark: {
    name: 'dark',
    background: '#050d1c',
    panel: 'rgba(10, 30, 62, 0.92)',
    border: 'rgba(56, 189, 248, 0.35)',
    text: '#e6f1ff',
    muted: '#9fb7d6',
    accent: '#38bdf8',
    grid: 'rgba(148, 187, 233, 0.18)',
    good: '#34d399',
    warn: '#fbbf24',
    bad: '#f87171',
    series: ['#38bdf8', '#34d399', '#fbbf24', '#f472b6', '#a78bfa', '#fb923c', '#22d3ee', '#facc15'],
    mapOpen: ['#123057', '#1d6fb8', '#f59e0b', '#ef4444'],
    mapOverdue: ['#123057', '#f97316', '#ef4444', '#b91c1c'],
    mapBorder: '#5b8fd1',
  },
  light: {
    name: 'light',
    background: '#eef1f5',
    panel: '#ffffff',
    border: '#cbd5e1',
    text: '#0f172a',
    muted: '#475569',
    accent: '#1d4ed8',
    grid: 'rgba(15, 23, 42, 0.12)',
    good: '#15803d',
    warn: '#b45309',
    bad: '#dc2626',
    series: ['#1d4ed8', '#15803d', '#d97706', '#db2777', '#7c3aed', '#ea580c', '#0891b2', '#ca8a04'],
    mapOpen: ['#e2e8f0', '#93c5fd', '#f59e0b', '#dc2626'],
    mapOverdue: ['#e2e8f0', '#fdba74', '#ef4444', '#991b1b'],
    mapBorder: '#64748b',
  },
};

/** CSS variables the wall stylesheet reads. */
export function themeStyle(theme: WallTheme): CSSProperties {
  return {
    '--wall-bg': theme.background,
    '--wall-panel': theme.panel,
    '--wall-border': theme.border,
    '--wall-text': theme.text,
    '--wall-muted': theme.muted,
    '--wall-accent': theme.accent,
    '--wall-good': theme.good,
    '--wall-warn': theme.warn,
    '--wall-bad': theme.bad,
    '--wall-font': FONT_STACK,
  } as CSSProperties;
}

/** Canvas text: never below the wall's minimum. */
export function chartText(theme: WallTheme, size = 26, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { color: theme.text, fontSize: Math.max(WALL_MIN_FONT, size), fontFamily: FONT_STACK, ...extra };
}

/** The base every wall chart option starts from: no animation (a recolour must not cost frames), big text. */
export function chartBase(theme: WallTheme): Record<string, unknown> {
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: chartText(theme, 26),
    color: [...theme.series],
    tooltip: { show: false },
  };
}

export const LEVEL_WALL_COLORS: Readonly<Record<string, string>> = {
  general: '#3b82f6',
  major: '#eab308',
  serious: '#f97316',
  especially_serious: '#ef4444',
};
