/**
 * 摄像头轮巡 (issue #18), as pure functions: a camera group's options read with their defaults, the
 * group of cameras shown at a tick of the page's one clock, and a test hook (`window.__cameraGroups`)
 * that turns every group on by one page, for a soak that passes an hour of rotations in minutes.
 */
export interface CameraGroupOptions {
  readonly size: 2 | 3;
  readonly cameras: readonly string[];
  readonly rotateSeconds: number;
}

export function groupOptions(options: Readonly<Record<string, unknown>>): CameraGroupOptions {
  const size = options.size === 3 ? 3 : 2;
  const cameras = Array.isArray(options.cameras) ? options.cameras.filter((c): c is string => typeof c === 'string') : [];
  const rotateSeconds = typeof options.rotateSeconds === 'number' && options.rotateSeconds >= 10 ? options.rotateSeconds : 30;
  return { size, cameras, rotateSeconds };
}

/** How many groups the cameras make at size² a group (at least one). */
export function groupCount(cameras: number, size: number): number {
  return Math.max(1, Math.ceil(cameras / (size * size)));
}

/** Which group shows at this tick (seconds since load), turned on by `extra` steps. */
export function groupAt(tick: number, rotateSeconds: number, groups: number, extra = 0): number {
  if (groups <= 1) return 0;
  return (Math.floor(tick / rotateSeconds) + extra) % groups;
}

/** The cameras of group `index`. */
export function groupCameras(cameras: readonly string[], size: number, index: number): string[] {
  const cells = size * size;
  return cameras.slice(index * cells, index * cells + cells);
}

// ---- the soak's hook: every group one page on -------------------------------------------------

let steps = 0;
const listeners = new Set<() => void>();

export function groupSteps(): number {
  return steps;
}

export function onGroupSteps(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

if (typeof window !== 'undefined') {
  (window as unknown as { __cameraGroups?: { step(): number } }).__cameraGroups = {
    step: () => {
      steps += 1;
      for (const l of listeners) l();
      return steps;
    },
  };
}
