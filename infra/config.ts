import { z } from 'zod';

/** The log levels a deployment can run its functions at (Lambda's application log levels, as Powertools names them). */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The deployment's one configuration (CDK context `aftercare`), validated before anything is synthesized. */
export const DeployConfig = z
  .object({
    stackName: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,100}$/)
      .default('Aftercare'),
    account: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
    region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/),
    /** ses (default) or smtp, for regions without SES such as cn-north-1. */
    mailMode: z.enum(['ses', 'smtp']).default('ses'),
    senderAddress: z.email(),
    adminEmails: z.array(z.email()).min(1),
    /** The public URL the emails link to, e.g. https://aftercare.zone.gov.cn (defaults to the API's own URL). */
    baseUrl: z.url().optional(),
    /**
     * The account's SES sending rate, recipients a second, as the SES console shows it (1 in the sandbox; out of it,
     * AWS sets each account's; 14 is what the defaults plan for): the sweep sends held mail and digests at up to half of it.
     */
    mailSendRate: z.number().int().min(1).max(1000).default(14),
    /** Requests per second the HTTP API accepts before throttling. */
    throttleRate: z.number().int().min(1).max(10_000).default(50),
    throttleBurst: z.number().int().min(1).max(5_000).default(100),
    /** SES mode: create the sender's email identity (SES mails a verification link), or use one already verified. */
    sesIdentity: z.enum(['create', 'existing']).default('create'),
    /** A custom domain for the app: its name and an ACM certificate for it in the same region. */
    domain: z
      .object({
        name: z.string().regex(/^(?=.{4,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/, 'a lower-case host name'),
        certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:/, 'an ACM certificate ARN'),
      })
      .optional(),
    /**
     * WeCom, DingTalk and Alibaba Cloud SMS beside email, each used once configured here (their credentials go in the
     * secret's `channels`); managers set each person's channel on the staff page.
     */
    channels: z
      .object({
        wecom: z.object({ corpId: z.string().min(1), agentId: z.number().int().min(1) }).optional(),
        dingtalk: z.object({ agentId: z.number().int().min(1) }).optional(),
        sms: z.object({ signName: z.string().min(1), templateCode: z.string().min(1) }).optional(),
      })
      .default({}),
    /**
     * Monitoring extras that cost money every month, off unless asked for: a CloudWatch dashboard ($3 a month) and
     * X-Ray tracing of every function and state machine (billed per trace). The alarms are always there.
     * `logLevel`: what the functions write to CloudWatch Logs (billed per GB ingested). At WARN (the default) a
     * function that works writes nothing — neither its own INFO lines nor Lambda's START/END/REPORT lines; INFO or
     * DEBUG brings both back while something is being looked into.
     */
    monitoring: z
      .object({
        dashboard: z.boolean().default(false),
        tracing: z.boolean().default(false),
        logLevel: z.enum(LOG_LEVELS).default('WARN'),
      })
      .default({ dashboard: false, tracing: false, logLevel: 'WARN' }),
    /** Service levels: reminders and escalations in working days, aftercare visits, redo rounds for needs. */
    sla: z
      .object({
        remindBeforeWorkingDays: z.number().int().min(0).max(20).default(2),
        /** Minutes after 09:00 over which the day's reminders are spread, item by item (0: all at 09:00). */
        remindSpreadMinutes: z.number().int().min(0).max(240).default(180),
        escalateHeadAfterWorkingDays: z.number().int().min(1).max(30).default(1),
        escalateManagersAfterWorkingDays: z.number().int().min(1).max(60).default(3),
        visitIntervalMonths: z.number().int().min(1).max(24).default(3),
        /** Days after a visit before the next may be reported done (shorter than the interval). */
        visitMinIntervalDays: z.number().int().min(0).max(365).default(20),
        needMaxRedos: z.number().int().min(0).max(10).default(2),
      })
      .default({
        remindBeforeWorkingDays: 2,
        remindSpreadMinutes: 180,
        escalateHeadAfterWorkingDays: 1,
        escalateManagersAfterWorkingDays: 3,
        visitIntervalMonths: 3,
        visitMinIntervalDays: 20,
        needMaxRedos: 2,
      }),
  })
  .superRefine((c, ctx) => {
    if (c.sla.escalateManagersAfterWorkingDays <= c.sla.escalateHeadAfterWorkingDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['sla', 'escalateManagersAfterWorkingDays'],
        message: 'must be later than escalateHeadAfterWorkingDays',
      });
    }
    if (c.sla.visitMinIntervalDays >= c.sla.visitIntervalMonths * 28) {
      ctx.addIssue({
        code: 'custom',
        path: ['sla', 'visitMinIntervalDays'],
        message: 'must be shorter than visitIntervalMonths (at 28 days a month)',
      });
    }
    if (c.region.startsWith('cn-') && !c.domain) {
      // execute-api addresses in AWS China are not reachable by the public until the account has an ICP filing,
      // and the filing is for a domain: the app's links must point at one.
      ctx.addIssue({
        code: 'custom',
        path: ['domain'],
        message:
          'required in AWS China regions: the default execute-api address cannot serve the public without an ICP filing — set {"name": "<your ICP-filed host>", "certificateArn": "arn:aws-cn:acm:…"}',
      });
    }
    // The approved SMS template holds the deployment's address as fixed text (carriers take links only so): it
    // needs one that does not change with the stack, as the API's own execute-api address does.
    if (c.channels.sms && !c.baseUrl && !c.domain)
      ctx.addIssue({
        code: 'custom',
        path: ['channels', 'sms'],
        message:
          'SMS needs a fixed public address for its approved template: set "domain" or "baseUrl" (the execute-api URL changes with the stack)',
      });
    if (c.region.startsWith('cn-') && c.mailMode === 'ses') {
      ctx.addIssue({
        code: 'custom',
        path: ['mailMode'],
        message: 'SES is not offered in AWS China regions: use "smtp"',
      });
    }
  });
export type DeployConfig = z.infer<typeof DeployConfig>;

export function parseDeployConfig(raw: unknown): DeployConfig {
  // `-c aftercare='{…}'` on the command line arrives as a string; cdk.json gives an object.
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      throw new Error('Invalid deployment configuration: -c aftercare=… must be a JSON object');
    }
  }
  const result = DeployConfig.safeParse(raw ?? {});
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  aftercare.${i.path.join('.')}: ${i.message}`);
    throw new Error(
      `Invalid deployment configuration (cdk.json context or -c aftercare=…):\n${lines.join('\n')}`,
    );
  }
  return result.data;
}
