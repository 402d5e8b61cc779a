/**
 * Names that parts of Ant Design spell in English in their code, not in antd's locale: an
 * InputNumber's step buttons ("Increase Value"), a Select's clear button ("Clear"), a Segmented's
 * group ("segmented control") and Input.Search's icon-only button (no name at all). The renderer
 * build (electron.vite.config.ts, `builtInNames`) rewrites those literals to read `globalThis.__ddBuiltInNames`, which the console sets from its message table,
 * so a screen reader says them in the console's language. antd's icons are made decorative there too
 * (aria-hidden instead of aria-label="search"): a control is named by its text or its own aria-label.
 */
export interface BuiltInNames {
  increase: string;
  decrease: string;
  clear: string;
  segmented: string;
  search: string;
}

declare global {
  var __ddBuiltInNames: BuiltInNames | undefined;
}

/** Called while rendering the locale's provider, before any antd part reads the names. */
export function setBuiltInNames(names: BuiltInNames): void {
  globalThis.__ddBuiltInNames = names;
}
