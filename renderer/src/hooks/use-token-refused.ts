/** Whether the web console refused this page's token for good (a revoked or wrong wall address, a console restarted with a new token). */
import { useSyncExternalStore } from 'react';
import { isTokenRefused, onTokenRefused } from '../api';

export function useTokenRefused(): boolean {
  return useSyncExternalStore(onTokenRefused, isTokenRefused);
}
