import { Initial1795336463128 } from './1795336463128-initial';
import { DomainFunctions1795336463129 } from './1795336463129-domain-functions';
import { ReminderDigestKey1795337723614 } from './1795337723614-reminder-digest-key';
import { PartialReminderIndexes1795338000000 } from './1795338000000-partial-reminder-indexes';
import { DocumentOwner1796061443327 } from './1796061443327-document-owner';
import { ReminderClaim1796063127272 } from './1796063127272-reminder-claim';
import { ImportJobImporter1796063882812 } from './1796063882812-import-job-importer';
import { MessageRoad1796151776007 } from './1796151776007-message-road';
import { UserTokenVersion1796151885216 } from './1796151885216-user-token-version';
import { AuditPartitions1796152085840 } from './1796152085840-audit-partitions';
import { MeasureReview1796152639786 } from './1796152639786-measure-review';
import { ReminderLedgerBounds1796152782838 } from './1796152782838-reminder-ledger-bounds';
import { DeadlineSignals1796152890568 } from './1796152890568-deadline-signals';
import { ReminderChangeSet1796153100000 } from './1796153100000-reminder-change-set';
import { ListKeyset1796160000000 } from './1796160000000-list-keyset';
import { FigureCounters1796170000000 } from './1796170000000-figure-counters';
import { RankingCounters1796180000000 } from './1796180000000-ranking-counters';
import { LeanReportTriggers1796181000000 } from './1796181000000-lean-report-triggers';
import { TaskSearch1796190000000 } from './1796190000000-task-search';
import { CounterVacuum1796200000000 } from './1796200000000-counter-vacuum';
import { RankingPages1796210000000 } from './1796210000000-ranking-pages';
import { TrendCovering1796240000000 } from './1796240000000-trend-covering';
import { ShareSums1796250000000 } from './1796250000000-share-sums';
import { InboxTally1796260000000 } from './1796260000000-inbox-tally';
import { AuditTrailTwins1796270000000 } from './1796270000000-audit-trail-twins';
import { AssignmentBriefs1796280000000 } from './1796280000000-assignment-briefs';

/** In the order they apply. */
export const MIGRATIONS = [
  Initial1795336463128,
  DomainFunctions1795336463129,
  ReminderDigestKey1795337723614,
  PartialReminderIndexes1795338000000,
  DocumentOwner1796061443327,
  ReminderClaim1796063127272,
  ImportJobImporter1796063882812,
  MessageRoad1796151776007,
  UserTokenVersion1796151885216,
  AuditPartitions1796152085840,
  MeasureReview1796152639786,
  ReminderLedgerBounds1796152782838,
  DeadlineSignals1796152890568,
  ReminderChangeSet1796153100000,
  ListKeyset1796160000000,
  FigureCounters1796170000000,
  RankingCounters1796180000000,
  LeanReportTriggers1796181000000,
  TaskSearch1796190000000,
  CounterVacuum1796200000000,
  RankingPages1796210000000,
  TrendCovering1796240000000,
  ShareSums1796250000000,
  InboxTally1796260000000,
  AuditTrailTwins1796270000000,
  AssignmentBriefs1796280000000,
];
