/** Key builders: the only place that knows how items are laid out in the table. */
export const keys = {
  zone: () => 'ZONE',
  department: (id: string) => ({ PK: 'ZONE', SK: `DEPT#${id}` }),
  staff: (id: string) => ({ PK: 'ZONE', SK: `STAFF#${id}` }),
  staffEmail: (email: string) => ({ PK: `EMAIL#${email}`, SK: 'EMAIL' }),
  enterprise: (id: string) => ({ PK: `ENT#${id}`, SK: 'ENT' }),
  enterprisePartition: (id: string) => `ENT#${id}`,
  task: (enterpriseId: string, id: string) => ({ PK: `ENT#${enterpriseId}`, SK: `TASK#${id}` }),
  /**
   * A request to move a task's due date (an officer's progress report), an item of its own in the enterprise's
   * partition: `TASKMOVE#<taskId>#MOVE#<requestId>`, so one task's requests are one sort-key range (and never read as
   * tasks, whose keys begin with `TASK#`).
   */
  taskMove: (enterpriseId: string, taskId: string, id: string) => ({
    PK: `ENT#${enterpriseId}`,
    SK: `TASKMOVE#${taskId}#MOVE#${id}`,
  }),
  taskMovesOf: (taskId: string) => `TASKMOVE#${taskId}#MOVE#`,
  need: (enterpriseId: string, id: string) => ({ PK: `ENT#${enterpriseId}`, SK: `NEED#${id}` }),
  /**
   * A part of a need asked of an assisting department (协办), in the enterprise's partition:
   * `NEEDPART#<needId>#PART#<partId>`, so one need's parts are one sort-key range (and never read as needs, `NEED#`).
   */
  needPart: (enterpriseId: string, needId: string, id: string) => ({
    PK: `ENT#${enterpriseId}`,
    SK: `NEEDPART#${needId}#PART#${id}`,
  }),
  needPartsOf: (needId: string) => `NEEDPART#${needId}#PART#`,
  /** Which task an approval of an enterprise has (the approvals run in parallel: one slot each, so one task each). */
  approvalSlot: (enterpriseId: string, approval: string) => ({
    PK: `ENT#${enterpriseId}`,
    SK: `APPROVAL#${approval}`,
  }),
  /**
   * The task token of the execution waiting on a task or a need (`subject`: its own sort key, `TASK#…` or `NEED#…`),
   * in a partition of its own: storing it writes no index (the task and need items are on three boards each), and
   * the enterprise's file, one Query of `ENT#<id>`, never reads it.
   */
  waitToken: (enterpriseId: string, subjectSk: string) => ({ PK: `WAIT#${enterpriseId}`, SK: subjectSk }),
  funds: (enterpriseId: string, id: string) => ({ PK: `ENT#${enterpriseId}`, SK: `FUNDS#${id}` }),
  /** A funds report with its evidence (到位资金报送), in the enterprise's partition (never read as `FUNDS#` lines). */
  fundsReport: (enterpriseId: string, id: string) => ({ PK: `ENT#${enterpriseId}`, SK: `FUNDSREPORT#${id}` }),
  fundsReportsOf: () => 'FUNDSREPORT#',
  /** Funds reports awaiting verification: the zone's (GSI1, managers) and the lead department's (GSI2, its heads). */
  fundsPendingZone: () => 'FUNDSPENDING',
  fundsPendingDepartment: (departmentId: string) => `DEPT#${departmentId}#FUNDSPENDING`,
  audit: (partition: string, id: string) => ({ PK: partition, SK: `AUDIT#${id}` }),
  signIn: (nonce: string) => ({ PK: `SIGNIN#${nonce}`, SK: 'SIGNIN' }),
  session: (hash: string) => ({ PK: `SESSION#${hash}`, SK: 'SESSION' }),
  apiToken: (hash: string) => ({ PK: `APITOKEN#${hash}`, SK: 'APITOKEN' }),
  /** An integration account (issue 14 item 5): a zone item beside departments and staff. */
  integration: (id: string) => ({ PK: 'ZONE', SK: `INTEGRATION#${id}` }),
  outbox: (id: string) => ({ PK: 'OUTBOX', SK: id }),
  setting: (name: string) => ({ PK: 'SETTING', SK: name }),
  /** A year's official arrangement as administrators entered it: one item per year in one small partition. */
  calendarYear: (year: string) => ({ PK: 'CALENDAR', SK: `YEAR#${year}` }),
  calendarYearsPrefix: () => 'YEAR#',
  /** That managers were told a year's arrangement is missing (written once per year, on condition). */
  calendarReminder: (year: string) => ({ PK: 'CALENDAR', SK: `REMINDED#${year}` }),
  importBatch: (id: string) => ({ PK: `IMPORT#${id}`, SK: 'IMPORT' }),
  /** A rate limit's counter: one item per limited key (a digest) and fixed window (its start, epoch seconds). */
  rateLimit: (bucket: string, windowStart: string) => ({ PK: `RATE#${bucket}`, SK: `WINDOW#${windowStart}` }),
  /** A short link (SMS): one item per code, holding the same-origin target it redirects to. */
  shortLink: (code: string) => ({ PK: `SHORTLINK#${code}`, SK: 'SHORTLINK' }),
  /** A local engine's execution (`<state machine name>/<execution name>`). */
  execution: (name: string) => ({ PK: `EXEC#${name}`, SK: 'EXEC' }),
  /** A lead (全民招商), an item of its own. */
  lead: (id: string) => ({ PK: `LEAD#${id}`, SK: 'LEAD' }),
  /**
   * Who registered an investor first: one claim per normalised name (`NAME`) and per USCC (`USCC`), written with
   * the first lead (conditional Put), so the first registrant wins atomically and later ones are flagged.
   */
  leadNameClaim: (name: string) => ({ PK: `LEADCLAIM#NAME#${name}`, SK: 'LEADCLAIM' }),
  leadUsccClaim: (uscc: string) => ({ PK: `LEADCLAIM#USCC#${uscc}`, SK: 'LEADCLAIM' }),
  /** A lead's history: its audit events (those without an enterprise), as `store/audit.ts` files them. */
  leadHistory: (id: string) => `AUDIT#lead#${id}`,
  /** The leaderboard's counters of a department, and of a person. */
  departmentLeadFigures: (id: string) => ({ PK: `STATS#DEPT#${id}`, SK: 'LEADFIGURES' }),
  staffLeadFigures: (id: string) => ({ PK: `STATS#STAFF#${id}`, SK: 'LEADFIGURES' }),
  /** Leads on the indexes, newest first: the zone's (GSI1), a department's (GSI2), a registrant's (GSI3). */
  leadsZone: () => 'LEADS#ZONE',
  leadsDepartment: (departmentId: string) => `DEPT#${departmentId}#LEADS`,
  leadsRegisteredBy: (staffId: string) => `STAFF#${staffId}#LEADS`,
  /** Index keys. */
  openZone: () => 'OPEN',
  openDepartment: (departmentId: string) => `DEPT#${departmentId}#OPEN`,
  openOfficer: (staffId: string) => `STAFF#${staffId}#OPEN`,
  /** The zone's board counts, as the sweep last wrote them. */
  boardCounts: () => ({ PK: 'BOARD#COUNTS', SK: 'LATEST' }),
  stage: (stage: string) => `STAGE#${stage}`,
  /** Needs awaiting their return visit (回访), on GSI1 while in `revisit` (they are on no board then). */
  revisits: () => 'REVISIT',
  leadDepartment: (departmentId: string) => `DEPT#${departmentId}#LEAD`,
  servedBy: (staffId: string) => `STAFF#${staffId}#ENT`,
  /** The API tokens that act as one owner (a staff member or an integration; ULIDs, unique across both), on GSI3. */
  tokensOf: (ownerId: string) => `TOKENS#${ownerId}`,
  runningExecutions: () => 'EXEC#RUNNING',
  /** A state machine's executions, by its name (the last part of its ARN). */
  machineExecutions: (stateMachineArn: string) => `EXEC#${stateMachineArn.split(':').pop()}`,
};

/** The department or holder an open-item index key names (`DEPT#<id>#OPEN`, `STAFF#<id>#OPEN`; ids hold no `#`). */
export const openKeyId = (key: string): string => key.split('#')[1] ?? '';

/** The sort key an open item carries on all three boards: due date first, so the latest is first. */
export function openItemIndexes(item: {
  id: string;
  dueAt: string;
  departmentId: string;
  officerId: string;
}) {
  const sk = `${item.dueAt}#${item.id}`;
  return {
    GSI1PK: keys.openZone(),
    GSI1SK: sk,
    GSI2PK: keys.openDepartment(item.departmentId),
    GSI2SK: sk,
    GSI3PK: keys.openOfficer(item.officerId),
    GSI3SK: sk,
  };
}

export const OPEN_INDEX_ATTRIBUTES = ['GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK'] as const;

/**
 * The only partitions any code deletes from (as IAM `dynamodb:LeadingKeys` patterns): used sign-in links, ended
 * sessions, mail sent from the office-hours queue, applied counter updates, the sweep's lease. Nothing else can be
 * deleted by any role — in particular no audit event, which is only ever written as a new item.
 */
export const DELETABLE_PARTITIONS = ['SIGNIN#*', 'SESSION#*', 'MAILQ', 'COUNTQ', 'LEASE'] as const;
