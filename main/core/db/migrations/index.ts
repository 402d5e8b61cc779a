/** Every migration, in order. Append only: a released migration never changes. */
import { Initial1700000000001 } from './0001-initial';
import { Sync1700000000002 } from './0002-sync';

export const MIGRATIONS = [Initial1700000000001, Sync1700000000002];
