/**
 * The console's Ant Design theme: a calm blue on light grey, a slightly larger type size for a
 * workstation read from arm's length, and the CJK fonts installed on the machine (none downloaded).
 */
import type { ThemeConfig } from 'antd';

export const FONT_STACK = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", system-ui, sans-serif';

export const deskTheme: ThemeConfig = {
  token: {
    colorPrimary: '#1d4ed8',
    colorInfo: '#1d4ed8',
    colorWarning: '#d97706',
    colorError: '#dc2626',
    colorSuccess: '#15803d',
    fontSize: 15,
    fontFamily: FONT_STACK,
    borderRadius: 4,
    colorBgLayout: '#eef1f5',
    // WCAG AA (4.5:1) for secondary text and placeholders: Ant Design's defaults (45 % / 25 % black)
    // fall below it (#19). The preset tags' text is darkened in styles.css.
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
  },
  components: {
    Layout: { headerBg: '#0f2a4a', headerHeight: 56, headerPadding: '0 16px', footerPadding: '6px 16px' },
    Tag: { defaultBg: '#f3f4f6' },
    Descriptions: { labelBg: '#f7f8fa' },
  },
};

/**
 * Level colours follow China's emergency warning convention: blue, yellow, orange, red — each dark
 * enough for white text on it and for itself as text on its own light fill (WCAG AA, #19).
 */
export const LEVEL_COLORS: Readonly<Record<string, string>> = {
  general: '#1d4ed8',
  major: '#a16207',
  serious: '#c2410c',
  especially_serious: '#b91c1c',
};

export const STATE_COLORS: Readonly<Record<string, string>> = {
  reported: 'magenta',
  accepted: 'geekblue',
  dispatched: 'blue',
  in_progress: 'cyan',
  resolved: 'purple',
  closed: 'green',
  returned: 'default',
  escalated: 'orange',
  invalid: 'default',
  merged: 'default',
};
