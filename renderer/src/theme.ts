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
  },
  components: {
    Layout: { headerBg: '#0f2a4a', headerHeight: 56, headerPadding: '0 16px', footerPadding: '6px 16px' },
    Tag: { defaultBg: '#f3f4f6' },
    Descriptions: { labelBg: '#f7f8fa' },
  },
};

/** Level colours follow China's emergency warning convention: blue, yellow, orange, red. */
export const LEVEL_COLORS: Readonly<Record<string, string>> = {
  general: '#2563eb',
  major: '#ca8a04',
  serious: '#ea580c',
  especially_serious: '#dc2626',
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
