// Types for the two small libraries the update code uses. Both ship with electron-updater (which
// reads the same files with them) but carry no TypeScript types of their own; only what we call.
declare module 'js-yaml' {
  export interface LoadOptions {
    filename?: string;
    json?: boolean;
  }
  export function load(text: string, options?: LoadOptions): unknown;
}

declare module 'semver' {
  export function valid(version: string | null | undefined): string | null;
  export function gt(a: string, b: string): boolean;
  export function lt(a: string, b: string): boolean;
  export function eq(a: string, b: string): boolean;
  export function compare(a: string, b: string): -1 | 0 | 1;
}
