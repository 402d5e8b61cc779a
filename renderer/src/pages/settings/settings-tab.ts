/**
 * Which tab of 系统设置 to open next: another part of the console (the header's sync state) asks for
 * a tab before it switches to the settings page, which reads it as it renders and clears it once
 * mounted (a render React throws away, e.g. while the page's code loads, must not use it up).
 */
let requested: string | null = null;

export function requestSettingsTab(key: string): void {
  requested = key;
}

export function requestedSettingsTab(): string | null {
  return requested;
}

export function clearSettingsTab(): void {
  requested = null;
}
