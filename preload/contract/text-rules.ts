/**
 * Text that cannot be trusted: what a person typed or pasted is refused, never stored altered, when it
 * holds a lone surrogate (half of a character, from a broken paste or a hostile client) or a control
 * character other than tab and newline. The door (main/ipc) applies it to every string of every
 * request before its schema; a search box is the exception: a search with any character, NUL
 * included, answers normally (it is only compared, never stored).
 */

/** Keys whose strings are search terms: never refused for their characters. */
export const SEARCH_KEYS: ReadonlySet<string> = new Set(['q', 'search']);

export type TextFault = 'surrogate' | 'control';

/** Tab (U+0009) and newline (U+000A) are text; every other C0 control, DEL and the C1 controls are not. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function textFault(text: string): TextFault | null {
  if (LONE_SURROGATE.test(text)) return 'surrogate';
  if (CONTROL.test(text)) return 'control';
  return null;
}

/** The first string in a request that breaks the rule (its path, dotted), or null. Search keys are skipped. */
export function findUntrustedText(value: unknown, path = '', depth = 0): { path: string; fault: TextFault } | null {
  if (typeof value === 'string') {
    const fault = textFault(value);
    return fault ? { path, fault } : null;
  }
  // The schema refuses what is too deep; this walk need not go further than any request does.
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [key, child] of entries) {
    if (!Array.isArray(value) && SEARCH_KEYS.has(key)) continue;
    const found = findUntrustedText(child, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return null;
}
