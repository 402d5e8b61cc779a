/**
 * A table of cells walked by keyboard (the roster, #19): one cell is the table's Tab stop; the arrows,
 * Home and End move it and the focus with it; Enter (or F2) opens the cell. The cells carry
 * `data-r`/`data-c` and take `tabIndex={cursor.tabIndex(r, c)}`.
 */
import { useState, type KeyboardEvent } from 'react';

export interface GridCursor {
  tabIndex(r: number, c: number): 0 | -1;
  onFocus(r: number, c: number): void;
  onKeyDown(e: KeyboardEvent<HTMLElement>, open: (r: number, c: number) => void): void;
}

export function useGridCursor(rows: number, cols: number): GridCursor {
  const [at, setAt] = useState({ r: 0, c: 0 });
  // Kept inside the table when it shrinks (another month, fewer roles).
  const r = Math.min(at.r, Math.max(0, rows - 1));
  const c = Math.min(at.c, Math.max(0, cols - 1));
  return {
    tabIndex: (ri, ci) => (ri === r && ci === c ? 0 : -1),
    onFocus: (ri, ci) => {
      if (ri !== r || ci !== c) setAt({ r: ri, c: ci });
    },
    onKeyDown: (e, open) => {
      let next: { r: number; c: number } | null = null;
      if (e.key === 'ArrowDown') next = { r: Math.min(rows - 1, r + 1), c };
      else if (e.key === 'ArrowUp') next = { r: Math.max(0, r - 1), c };
      else if (e.key === 'ArrowRight') next = { r, c: Math.min(cols - 1, c + 1) };
      else if (e.key === 'ArrowLeft') next = { r, c: Math.max(0, c - 1) };
      else if (e.key === 'Home') next = { r: e.ctrlKey ? 0 : r, c: 0 };
      else if (e.key === 'End') next = { r: e.ctrlKey ? rows - 1 : r, c: cols - 1 };
      else if (e.key === 'Enter' || e.key === 'F2') {
        e.preventDefault();
        e.stopPropagation();
        open(r, c);
        return;
      }
      if (!next) return;
      e.preventDefault();
      e.stopPropagation();
      setAt(next);
      e.currentTarget.querySelector<HTMLElement>(`[data-r="${next.r}"][data-c="${next.c}"]`)?.focus();
    },
  };
}
