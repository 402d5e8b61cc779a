/** The kernel: the floor every feature stands on (DESIGN.md). Features import it from here. */
export { SYSTEM, type Actor } from './actor';
export { type AlarmKind, type RaiseAlarm } from './alarm.repository';
export { ManualClock, systemClock, type Clock } from './clock';
export { currentScope, withCommandScope, type CommandScope } from './command-scope';
export { newId } from './ids';
export { Kernel, type CommandSpec, type Tx } from './command-runner';
export { deleteMeta, getMeta, metaWithPrefix, setMeta } from './meta.repository';
export { type OutboxOp } from './outbox.repository';
