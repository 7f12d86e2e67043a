/**
 * The reference zone the bill is for (issue 18): 1,000 enterprises, 250 staff, 4 needs per enterprise a year. The
 * workflows' counts are measured (bench/cost.ts); what people do on the web pages is not something a benchmark can
 * measure, so it is assumed here, generously, and every assumption is printed with the bill.
 */
export const REFERENCE_ZONE = {
  enterprises: 1000,
  staff: 250,
  needsPerEnterpriseYear: 4,
  /**
   * Departments, each with a head who gets the 09:00 digest of the department's overdue items on every working day
   * something is overdue (every working day, generously): 250 cadres of a zone's management committee in about 20.
   */
  departments: 20,
  /** Working days a year (2026 on the State Council's arrangement: 250). */
  workingDaysPerYear: 250,
  /** Requests each staff member makes a working day: the board, a few enterprise and task pages, a form or two. */
  staffRequestsPerWorkingDay: 20,
  /** Portal requests by each enterprise a month (a look at its needs, a funds report now and then). */
  enterpriseRequestsPerMonth: 4,
  /** The HTTP function's billed time per request (ms; local pages answer in a few tens). */
  lambdaMsPerRequest: 100,
  /**
   * What a page sends back (KB): data transfer out of AWS. Pages and JSON go out gzipped (`functions/http/app.ts`):
   * the demo's console pages measured 2.5–23.5 KB as rendered and 1.3–4.6 KB gzipped (board 3.5, scoreboard 4.6,
   * an enterprise 4.5), `npm start`, 2026-12-02; 5 KB each, generously.
   */
  responseKb: 5,
  /**
   * Cold starts of the HTTP function a working day: one container recycled about every 10 minutes of a 9-hour
   * office day, and as many again for a second concurrent one.
   */
  httpColdStartsPerWorkingDay: 108,
  /**
   * Lambda's own log bytes per invocation when its system log level lets them through (INFO): the START, END and
   * REPORT events as JSON (about 140, 90 and 330 bytes) and CloudWatch's 26 bytes an event, generously. At WARN (the
   * deploy default) there are none; the function's own lines are measured (bench/cost.ts).
   */
  platformLogBytesPerInvocation: 600,
  /** Access-log bytes per API request. */
  accessLogBytesPerRequest: 500,
  /** Evidence and attachment files a year, per enterprise (MB): a photo or scan with each need, funds evidence. */
  fileMbPerEnterpriseYear: 4,
  /** File uploads and downloads per enterprise a year (S3 PUT and GET requests). */
  filePutsPerEnterpriseYear: 10,
  fileGetsPerEnterpriseYear: 20,
};
export type ReferenceZone = typeof REFERENCE_ZONE;
