/** Every migration, in order. Append only: a released migration never changes. */
import { Initial1700000000001 } from './0001-initial';
import { Sync1700000000002 } from './0002-sync';
import { Roster1700000000003 } from './0003-roster';
import { Wall1700000000004 } from './0004-wall';
import { Plans1700000000005 } from './0005-plans';
import { Kernel1700000000006 } from './0006-kernel';
import { Accounts1700000000007 } from './0007-accounts';
import { SyncProblems1700000000008 } from './0008-sync-problems';
import { TownAdmin1700000000009 } from './0009-town-admin';
import { TownImport1700000000010 } from './0010-town-import';
import { SyncKinds1700000000011 } from './0011-sync-kinds';
import { History1700000000012 } from './0012-history';
import { EventLife1700000000013 } from './0013-event-life';
import { Voice1700000000014 } from './0014-voice';
import { Escalation1700000000015 } from './0015-escalation';
import { SituationReport1700000000016 } from './0016-situation-report';
import { DutyReports1700000000017 } from './0017-duty-reports';
import { AssessmentSpeed1700000000018 } from './0018-assessment-speed';
import { FollowUpIndex1700000000019 } from './0019-follow-up-index';
import { Cameras1700000000020 } from './0020-cameras';
import { FigureIndexes1700000000021 } from './0021-figure-indexes';
import { UpdateReportClock1700000000022 } from './0022-update-report-clock';

export const MIGRATIONS = [
  Initial1700000000001,
  Sync1700000000002,
  Roster1700000000003,
  Wall1700000000004,
  Plans1700000000005,
  Kernel1700000000006,
  Accounts1700000000007,
  SyncProblems1700000000008,
  TownAdmin1700000000009,
  TownImport1700000000010,
  SyncKinds1700000000011,
  History1700000000012,
  EventLife1700000000013,
  Voice1700000000014,
  Escalation1700000000015,
  SituationReport1700000000016,
  DutyReports1700000000017,
  AssessmentSpeed1700000000018,
  FollowUpIndex1700000000019,
  Cameras1700000000020,
  FigureIndexes1700000000021,
  UpdateReportClock1700000000022,
];
