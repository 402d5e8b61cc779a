/** What every panel of a wall page shares: the theme, the canvas pixel ratio, the town's names. */
import { createContext, useContext, type ReactNode } from 'react';
import { WALL_THEMES, type WallTheme } from './wall-theme';

export interface WallContextValue {
  readonly theme: WallTheme;
  readonly pixelRatio: number;
  readonly townName: string;
  readonly centreName: string;
  /** A token-bound wall screen (no console behind it), or a person previewing. */
  readonly viewer: boolean;
  /** The layout and screens this page shows (a wall page; absent in the editor's preview): camera tiles ask for their cameras by them. */
  readonly layoutId?: string;
  readonly screenIds?: readonly string[];
}

const WallContext = createContext<WallContextValue>({ theme: WALL_THEMES.dark, pixelRatio: 1, townName: '', centreName: '', viewer: false });

export function WallContextProvider({ value, children }: { value: WallContextValue; children: ReactNode }) {
  return <WallContext.Provider value={value}>{children}</WallContext.Provider>;
}

export function useWall(): WallContextValue {
  return useContext(WallContext);
}
