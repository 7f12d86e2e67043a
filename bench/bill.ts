import { type Counts, PRICES, price } from './prices.ts';
import type { ReferenceZone } from './reference-zone.ts';
import type { TemplateFacts } from './template-facts.ts';

/** What the bill is made of: the stack as synthesized, the workflows' measured counts, the reference zone. */
export interface BillInputs {
  zone: ReferenceZone;
  template: TemplateFacts;
  /** One enterprise's workflows for a year: its lifecycle (scaled to a year) and its needs. */
  perEnterpriseYear: Counts;
  /** One run of the sweep. */
  sweepPerRun: Counts;
  /** The bytes of one enterprise's items the sweep's board counts read in a run, on average (measured). */
  boardCountsBytesPerRun: number;
  /** Table bytes one enterprise leaves, index copies included (its lifecycle and needs, measured after the scenario). */
  tableBytesPerEnterprise: number;
  /**
   * The functions' own log bytes per invocation at the deployed log level, measured over the workflows' invocations
   * (the pages and the sweep are taken to log alike).
   */
  appLogBytesPerInvocation: number;
  /** Billed INIT time of a cold start (ms): a workflow step, the HTTP function, the sweep. */
  initMs: { step: number; http: number; sweep: number };
}

export interface BillLine {
  /** `fixed`: what the zone pays whatever its number of enterprises; `variable`: per 1,000 enterprises. */
  kind: 'fixed' | 'variable';
  item: string;
  dollarsPerYear: number;
  basis: string;
}

export interface Bill {
  lines: BillLine[];
  fixedDollarsPerYear: number;
  variableDollarsPer1000EnterprisesYear: number;
  /** The reference zone's whole bill a year. */
  allInDollarsPerYear: number;
}

const GB = 1e9;
const gbSeconds = (ms: number, memoryGb = PRICES.lambdaMemoryGb) => (ms / 1000) * memoryGb;

/**
 * The reference zone's AWS bill for a year, line by line. Pure: every figure comes from the inputs and
 * `bench/prices.ts`. Fixed lines are the stack's monthly charges and what the zone's staff and the sweep cost
 * whatever the number of enterprises; variable lines are per 1,000 enterprises (their workflows, mail, data, files,
 * portal use). Cold starts are counted generously: every workflow step invocation and every sweep run as one.
 */
export function zoneBill(i: BillInputs): Bill {
  const { zone: z, template: t } = i;
  const lines: BillLine[] = [];
  const fixed = (item: string, dollarsPerYear: number, basis: string) =>
    lines.push({ kind: 'fixed', item, dollarsPerYear, basis });
  const variable = (item: string, dollarsPerYear: number, basis: string) =>
    lines.push({ kind: 'variable', item, dollarsPerYear, basis });
  const logYear = (bytes: number) =>
    (bytes / GB) * (PRICES.logsIngestPerGb + t.logRetentionMonths * PRICES.logsStoragePerGbMonth);
  const requestCost = (requests: number) =>
    requests *
    (PRICES.httpApiPerRequest +
      PRICES.lambdaPerRequest +
      gbSeconds(z.lambdaMsPerRequest) * PRICES.lambdaPerGbSecond +
      ((z.responseKb * 1000) / GB) * PRICES.dataOutPerGb);
  const traces = (n: number) => (t.tracing ? n * PRICES.xrayPerTrace : 0);
  // What one invocation writes to CloudWatch Logs: the function's own lines, and Lambda's when they are let through.
  const logBytes = i.appLogBytesPerInvocation + (t.platformLogs ? z.platformLogBytesPerInvocation : 0);
  const logBasis = `${round(logBytes)} B an invocation${t.platformLogs ? ' (with START/END/REPORT)' : ' (Lambda’s own lines filtered out at WARN)'}`;

  // The stack's monthly charges.
  fixed(
    'CloudWatch alarms',
    t.alarmMetrics * PRICES.cloudWatchAlarmMetricMonth * 12,
    `${t.alarms} alarms over ${t.alarmMetrics} metrics`,
  );
  fixed(
    'CloudWatch dashboards',
    t.dashboards * PRICES.cloudWatchDashboardMonth * 12,
    `${t.dashboards} (monitoring.dashboard)`,
  );
  fixed(
    'CloudWatch custom metrics',
    t.customMetrics * PRICES.cloudWatchCustomMetricMonth * 12,
    `${t.customMetrics} metrics`,
  );
  // Each container reads the secret once: a SecureString read is a KMS decrypt; a secret's, a Secrets Manager call.
  const secretRead = t.secrets ? PRICES.secretsManagerPerRequest : t.parameters ? PRICES.kmsPerRequest : 0;
  const fixedReads = z.httpColdStartsPerWorkingDay * z.workingDaysPerYear + t.sweepRunsPerYear;
  fixed(
    'secrets',
    t.secrets * PRICES.secretsManagerSecretMonth * 12 +
      t.parameters * PRICES.parameterStoreStandardMonth * 12 +
      fixedReads * secretRead,
    `${t.secrets} Secrets Manager secrets, ${t.parameters} Parameter Store SecureStrings; read by each HTTP and sweep cold start (${fixedReads.toLocaleString('en')} a year)`,
  );
  fixed('KMS keys', t.kmsKeys * PRICES.kmsKeyMonth * 12, `${t.kmsKeys} customer managed keys`);

  // The sweep: every run, all year.
  const runs = t.sweepRunsPerYear;
  const sweep = price(i.sweepPerRun);
  fixed('sweep: scheduler', runs * PRICES.schedulerPerInvocation, `${runs} runs a year`);
  fixed(
    'sweep: Lambda, DynamoDB, mail',
    runs * (sweep.total + gbSeconds(i.initMs.sweep) * PRICES.lambdaPerGbSecond),
    `every run a cold start (${Math.round(i.initMs.sweep)} ms init)`,
  );
  fixed('sweep: logs, traces', logYear(runs * logBytes) + traces(runs), logBasis);

  // The heads' daily digests: the sweep sends them whatever the number of enterprises (the scenarios run no sweep).
  const headDigests = z.departments * z.workingDaysPerYear;
  fixed(
    'sweep: heads’ daily digests (SES)',
    headDigests * PRICES.sesPerEmail,
    `${headDigests.toLocaleString('en')} a year: ${z.departments} heads, every working day`,
  );

  // The staff's use of the pages.
  const staffRequests = z.staff * z.staffRequestsPerWorkingDay * z.workingDaysPerYear;
  const httpColdStarts = z.httpColdStartsPerWorkingDay * z.workingDaysPerYear;
  fixed(
    'staff pages: API Gateway, Lambda, data out',
    requestCost(staffRequests),
    `${staffRequests.toLocaleString('en')} requests a year, ${z.lambdaMsPerRequest} ms, ${z.responseKb} KB each`,
  );
  fixed(
    'staff pages: Lambda INIT',
    httpColdStarts * gbSeconds(i.initMs.http) * PRICES.lambdaPerGbSecond,
    `${httpColdStarts.toLocaleString('en')} cold starts a year × ${Math.round(i.initMs.http)} ms`,
  );
  fixed(
    'staff pages: logs, traces',
    logYear(staffRequests * (logBytes + z.accessLogBytesPerRequest)) + traces(staffRequests),
    `${logBasis} and ${z.accessLogBytesPerRequest} B of access log a request, kept ${t.logRetentionMonths} months${t.tracing ? ', X-Ray on' : ''}`,
  );

  // Per 1,000 enterprises.
  const per = (n: number) => n * 1000;
  const w = price(i.perEnterpriseYear);
  const c = i.perEnterpriseYear;
  variable(
    'workflows: Step Functions',
    per(w.stepFunctions),
    `${round(c.transitions)} transitions a year each`,
  );
  variable('workflows: Lambda', per(w.lambda), `${round(c.invocations)} invocations a year each`);
  variable(
    'workflows: Lambda INIT',
    per(c.invocations * gbSeconds(i.initMs.step) * PRICES.lambdaPerGbSecond),
    `every step invocation a cold start (${Math.round(i.initMs.step)} ms)`,
  );
  variable(
    'workflows: secret reads',
    per(c.invocations * secretRead),
    'by every step invocation, each a cold start',
  );
  variable(
    'workflows: DynamoDB requests',
    per(w.dynamo),
    `${round(c.readUnits)} read, ${round(c.writeUnits)} write units a year each`,
  );
  variable('mail (SES)', per(w.email), `${round(c.emails)} emails a year each`);
  // Each sweep run reads every item due soon or overdue to keep the boards' counts: a Query bills their bytes.
  const countUnits = (i.boardCountsBytesPerRun / 4096) * 0.5 * runs;
  variable(
    'sweep: board counts',
    per(countUnits * PRICES.dynamoPerReadUnit),
    `${Math.round(i.boardCountsBytesPerRun)} B of its items due soon or overdue read by each of ${runs} runs`,
  );
  variable(
    'workflows: logs, traces',
    per(logYear(c.invocations * logBytes) + traces(c.invocations)),
    logBasis,
  );
  // Items and their index copies (measured: every index projects all attributes), and continuous backups of both.
  const tableGb = per(i.tableBytesPerEnterprise) / GB;
  variable(
    'DynamoDB storage and backups',
    tableGb * (PRICES.dynamoStoragePerGbMonth + (t.pitr ? PRICES.dynamoPitrPerGbMonth : 0)) * 12,
    `${round(i.tableBytesPerEnterprise / 1000)} KB an enterprise, with its index copies${t.pitr ? ', PITR' : ''}`,
  );
  // A year's files, kept all year: in S3 Standard until the lifecycle rule moves them to infrequent access.
  const standardShare = t.filesIaAfterDays === undefined ? 1 : Math.min(1, t.filesIaAfterDays / 365);
  const fileGbMonth =
    standardShare * PRICES.s3StoragePerGbMonth + (1 - standardShare) * PRICES.s3IaStoragePerGbMonth;
  variable(
    'files (S3)',
    per(
      (z.fileMbPerEnterpriseYear / 1000) * fileGbMonth * 12 +
        z.filePutsPerEnterpriseYear * PRICES.s3PutPerRequest +
        z.fileGetsPerEnterpriseYear * PRICES.s3GetPerRequest,
    ),
    `${z.fileMbPerEnterpriseYear} MB a year each, kept${t.filesIaAfterDays === undefined ? '' : `, infrequent access after ${t.filesIaAfterDays} days`}`,
  );
  const portal = z.enterpriseRequestsPerMonth * 12;
  variable(
    'portal pages',
    per(requestCost(portal) + logYear(portal * (logBytes + z.accessLogBytesPerRequest))),
    `${portal} requests a year each`,
  );

  const sum = (kind: BillLine['kind']) =>
    lines.filter((l) => l.kind === kind).reduce((s, l) => s + l.dollarsPerYear, 0);
  const fixedDollarsPerYear = sum('fixed');
  const variableDollarsPer1000EnterprisesYear = sum('variable');
  return {
    lines,
    fixedDollarsPerYear,
    variableDollarsPer1000EnterprisesYear,
    allInDollarsPerYear: fixedDollarsPerYear + (variableDollarsPer1000EnterprisesYear * z.enterprises) / 1000,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
