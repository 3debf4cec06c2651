import { Initial1795336463128 } from './1795336463128-initial';
import { DomainFunctions1795336463129 } from './1795336463129-domain-functions';
import { ReminderDigestKey1795337723614 } from './1795337723614-reminder-digest-key';
import { PartialReminderIndexes1795338000000 } from './1795338000000-partial-reminder-indexes';
import { DocumentOwner1796061443327 } from './1796061443327-document-owner';
import { ReminderClaim1796063127272 } from './1796063127272-reminder-claim';
import { ImportJobImporter1796063882812 } from './1796063882812-import-job-importer';
import { UserTokenVersion1796151885216 } from './1796151885216-user-token-version';

/** In the order they apply. */
export const MIGRATIONS = [
  Initial1795336463128,
  DomainFunctions1795336463129,
  ReminderDigestKey1795337723614,
  PartialReminderIndexes1795338000000,
  DocumentOwner1796061443327,
  ReminderClaim1796063127272,
  ImportJobImporter1796063882812,
  UserTokenVersion1796151885216,
];
