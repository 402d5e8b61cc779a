/**
 * Where the console window opens: the place it had when it was last closed, on the monitor it was
 * on, clamped so that it is always fully reachable — whatever happened to the monitors meanwhile
 * (one unplugged, a resolution changed, the arrangement swapped). A pure function of the saved
 * place and today's displays; the shell stores the place as JSON in the user data folder.
 */
import { z } from 'zod';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What the shell knows of one monitor (Electron's `Display`, reduced). */
export interface DisplayInfo {
  readonly id: number;
  /** The whole monitor in screen coordinates (DIP). */
  readonly bounds: Rect;
  /** The part not covered by task bars and docks. */
  readonly workArea: Rect;
  readonly primary?: boolean;
}

export interface SavedPlace {
  /** The window's normal (not maximized) bounds. */
  readonly bounds: Rect;
  readonly displayId: number | null;
  /** The work area of that display when the place was saved: lets the place follow a resolution change. */
  readonly displayWorkArea: Rect | null;
  readonly maximized: boolean;
  readonly fullScreen: boolean;
}

export interface WindowPlace {
  readonly bounds: Rect;
  readonly displayId: number;
  readonly maximized: boolean;
  readonly fullScreen: boolean;
}

export interface PlaceDefaults {
  readonly width: number;
  readonly height: number;
  readonly minWidth: number;
  readonly minHeight: number;
}

export const CONSOLE_WINDOW_DEFAULTS: PlaceDefaults = { width: 1600, height: 1000, minWidth: 1200, minHeight: 760 };

const RectSchema = z.object({ x: z.number().finite(), y: z.number().finite(), width: z.number().finite().positive(), height: z.number().finite().positive() });

const SavedPlaceSchema = z.object({
  bounds: RectSchema,
  displayId: z.number().finite().nullable(),
  displayWorkArea: RectSchema.nullable(),
  maximized: z.boolean(),
  fullScreen: z.boolean(),
});

/** Reads a stored place; anything malformed (a hand-edited or truncated file) counts as none. */
export function parseSavedPlace(text: string | null | undefined): SavedPlace | null {
  if (!text) return null;
  try {
    const parsed = SavedPlaceSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function serializePlace(place: SavedPlace): string {
  return `${JSON.stringify(place, null, 2)}\n`;
}

function area(r: Rect): number {
  return Math.max(0, r.width) * Math.max(0, r.height);
}

function intersection(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function sameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

function primaryOf(displays: readonly DisplayInfo[]): DisplayInfo {
  return displays.find((d) => d.primary) ?? displays.find((d) => d.bounds.x === 0 && d.bounds.y === 0) ?? displays[0]!;
}

/** Fits a rectangle inside an area: shrinks it if it is larger (never below the minimum the area allows), then slides it in. */
export function clampInto(rect: Rect, into: Rect, minWidth = 0, minHeight = 0): Rect {
  const width = Math.round(Math.min(Math.max(rect.width, Math.min(minWidth, into.width)), into.width));
  const height = Math.round(Math.min(Math.max(rect.height, Math.min(minHeight, into.height)), into.height));
  const x = Math.round(Math.min(Math.max(rect.x, into.x), into.x + into.width - width));
  const y = Math.round(Math.min(Math.max(rect.y, into.y), into.y + into.height - height));
  return { x, y, width, height };
}

/** A window of the default size, centred in a work area. */
function centred(workArea: Rect, defaults: PlaceDefaults): Rect {
  const width = Math.min(defaults.width, workArea.width);
  const height = Math.min(defaults.height, workArea.height);
  return clampInto(
    { x: workArea.x + Math.round((workArea.width - width) / 2), y: workArea.y + Math.round((workArea.height - height) / 2), width, height },
    workArea,
    defaults.minWidth,
    defaults.minHeight,
  );
}

/** Moves a rectangle from one area to another, keeping its relative position and size. */
function carry(rect: Rect, from: Rect, to: Rect): Rect {
  const sx = to.width / from.width;
  const sy = to.height / from.height;
  return {
    x: to.x + (rect.x - from.x) * sx,
    y: to.y + (rect.y - from.y) * sy,
    width: rect.width * Math.min(1, sx),
    height: rect.height * Math.min(1, sy),
  };
}

/**
 * The place to open the window at. The saved display if it is still there (followed through a
 * resolution change), else the display the window overlaps most, else the primary one; the window
 * always ends up wholly inside that display's work area.
 */
export function restorePlace(saved: SavedPlace | null, displays: readonly DisplayInfo[], defaults: PlaceDefaults = CONSOLE_WINDOW_DEFAULTS): WindowPlace {
  const usable = displays.filter((d) => area(d.workArea) > 0);
  if (usable.length === 0) {
    // No display information at all (a headless start): the default size at the origin.
    return { bounds: { x: 0, y: 0, width: defaults.width, height: defaults.height }, displayId: 0, maximized: false, fullScreen: false };
  }
  const primary = primaryOf(usable);
  if (!saved) return { bounds: centred(primary.workArea, defaults), displayId: primary.id, maximized: false, fullScreen: false };

  const byId = saved.displayId === null ? undefined : usable.find((d) => d.id === saved.displayId);
  let target: DisplayInfo;
  let bounds: Rect = saved.bounds;
  if (byId) {
    target = byId;
    if (saved.displayWorkArea && !sameRect(saved.displayWorkArea, byId.workArea) && area(saved.displayWorkArea) > 0) {
      bounds = carry(saved.bounds, saved.displayWorkArea, byId.workArea);
    }
  } else {
    const overlaps = usable.map((d) => ({ d, overlap: intersection(saved.bounds, d.workArea) })).sort((a, b) => b.overlap - a.overlap);
    if (overlaps[0]!.overlap > 0) {
      target = overlaps[0]!.d;
    } else {
      // The monitor is gone and the window would be off every screen: same relative place on the primary.
      target = primary;
      bounds = saved.displayWorkArea && area(saved.displayWorkArea) > 0 ? carry(saved.bounds, saved.displayWorkArea, primary.workArea) : centred(primary.workArea, defaults);
    }
  }
  return {
    bounds: clampInto(bounds, target.workArea, defaults.minWidth, defaults.minHeight),
    displayId: target.id,
    maximized: saved.maximized,
    fullScreen: saved.fullScreen,
  };
}

/** The place to store when the window moves or closes. */
export function placeToSave(normalBounds: Rect, state: { maximized: boolean; fullScreen: boolean }, displays: readonly DisplayInfo[]): SavedPlace {
  const usable = displays.filter((d) => area(d.workArea) > 0);
  const best = usable.map((d) => ({ d, overlap: intersection(normalBounds, d.bounds) })).sort((a, b) => b.overlap - a.overlap)[0];
  const display = best && best.overlap > 0 ? best.d : usable.length > 0 ? primaryOf(usable) : null;
  return {
    bounds: { x: Math.round(normalBounds.x), y: Math.round(normalBounds.y), width: Math.round(normalBounds.width), height: Math.round(normalBounds.height) },
    displayId: display?.id ?? null,
    displayWorkArea: display ? { ...display.workArea } : null,
    maximized: state.maximized,
    fullScreen: state.fullScreen,
  };
}
