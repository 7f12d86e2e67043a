import { z } from 'zod';

/**
 * The runtime configuration, read from the environment once and validated; a bad value names its variable. On AWS a
 * function has only the variables of its grants (`infra/constructs/access.ts` binds each with its IAM statement):
 * TABLE_NAME with the table, SECRETS_PARAMETER with the secret, MAIL_* with mail, ATTACHMENTS_BUCKET with the files,
 * LIFECYCLE_ARN / NEED_FLOW_ARN with starting that workflow. So those are optional here, and the adapter that needs
 * one fails when used without it, naming the variable (`notConfigured`, used by `shared/deps.ts`).
 */
export const Config = z
  .object({
    AFTERCARE_MODE: z.enum(['local', 'aws']).default('aws'),
    TABLE_NAME: z.string().min(3),
    AWS_REGION: z.string().min(1).default('local'),
    DYNAMODB_ENDPOINT: z.url().optional(),
    BASE_URL: z.url(),
    MAIL_MODE: z.enum(['outbox', 'ses', 'smtp']).default('ses'),
    /** The sender (with the mail grant on AWS; locally `aftercare@localhost` unless set). */
    MAIL_FROM: z.string().min(3).optional(),
    /** SES mode on AWS: the configuration set every send names, whose bounce and complaint events come back to us. */
    MAIL_CONFIGURATION_SET: z.string().min(1).optional(),
    /** smtp mode, locally: an smtp:// URL. On AWS the SMTP URL lives in the secret instead. */
    SMTP_URL: z.string().optional(),
    /**
     * On AWS, with the secret grant: the name of the Parameter Store SecureString holding {signingKey, smtpUrl?,
     * channels?} (created with a new signing key by the first function that reads it).
     */
    SECRETS_PARAMETER: z.string().optional(),
    /** Locally: where generated secrets and DynamoDB Local's files live. */
    DATA_DIR: z.string().default('.data'),
    SIGN_IN_LINK_MINUTES: z.coerce.number().int().min(1).max(60).default(15),
    SESSION_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(12),
    /** On AWS, for functions that start lifecycles: the lifecycle state machine. */
    LIFECYCLE_ARN: z.string().optional(),
    /** On AWS, with the files grant: the private bucket for attachments (locally they go under DATA_DIR). */
    ATTACHMENTS_BUCKET: z.string().optional(),
    /** On AWS, for functions that start needs' workflows: the needs state machine. */
    NEED_FLOW_ARN: z.string().optional(),
    /** On AWS, for the function that takes sign-in requests: the function that sends the links (invoked asynchronously). */
    SIGN_IN_MAIL_FUNCTION: z.string().optional(),
    /** On AWS, for the function that takes ledger imports: the function that imports them (invoked asynchronously). */
    LEDGER_IMPORT_FUNCTION: z.string().optional(),
    /** Working days between follow-ups while a lead is in talks, unless the officer names the next date. */
    TALKS_FOLLOW_UP_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(10),
    /** Months between aftercare visits once an enterprise is operating. */
    VISIT_INTERVAL_MONTHS: z.coerce.number().int().min(1).max(24).default(3),
    /**
     * Days that must pass after an aftercare visit before the next can be reported done (so visits cannot be
     * completed back to back); less than the interval between visits (checked below), so the cadence never waits on it.
     */
    VISIT_MIN_INTERVAL_DAYS: z.coerce.number().int().min(0).max(365).default(20),
    /**
     * How long a container keeps the staff list it read for workflow messages (reminders, escalations, need notices),
     * in seconds: 60 on AWS unless set, none locally. At a province's scale every reminder reading the whole list
     * made the zone partition the hottest key by far (issue 18); a staff change reaches other containers' messages
     * within this time, and the container that made it at once.
     */
    STAFF_LIST_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(3600).optional(),
    /** Times an unsatisfied need is redone before a manager decides. */
    NEED_MAX_REDOS: z.coerce.number().int().min(0).max(10).default(2),
    REMIND_BEFORE_WORKING_DAYS: z.coerce.number().int().min(0).max(20).default(2),
    /** Minutes after 09:00 over which the day's reminders and escalations are spread, item by item (0: all at 09:00). */
    REMIND_SPREAD_MINUTES: z.coerce.number().int().min(0).max(240).default(180),
    /**
     * Recipients a second the account's mail service accepts (SES's sending rate, as its console shows it): the sweep sends held
     * mail and digests at up to half of it, paced, leaving the rest to the steps and requests that send as they go
     * (0: no pacing).
     */
    MAIL_SEND_RATE: z.coerce.number().int().min(0).max(1000).default(14),
    ESCALATE_HEAD_AFTER_WORKING_DAYS: z.coerce.number().int().min(1).max(30).default(1),
    ESCALATE_MANAGERS_AFTER_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(3),
    /** WeCom channel (`shared/notify/setup.ts`): the corp id and application AgentId; its Secret is in the secret. */
    WECOM_CORP_ID: z.string().min(1).optional(),
    WECOM_AGENT_ID: z.coerce.number().int().min(1).optional(),
    WECOM_ENDPOINT: z.url().default('https://qyapi.weixin.qq.com'),
    /** DingTalk channel: the internal application's AgentId; AppKey and AppSecret are in the secret. */
    DINGTALK_AGENT_ID: z.coerce.number().int().min(1).optional(),
    DINGTALK_ENDPOINT: z.url().default('https://oapi.dingtalk.com'),
    /** SMS channel (Alibaba Cloud): approved signature and template; the AccessKey pair is in the secret. */
    SMS_SIGN_NAME: z.string().min(1).optional(),
    SMS_TEMPLATE_CODE: z.string().min(1).optional(),
    SMS_ENDPOINT: z.url().default('https://dysmsapi.aliyuncs.com'),
    /** Locally: send WeCom/DingTalk/SMS to their endpoints (a stand-in) instead of the outbox. */
    CHANNELS_LOCAL: z.enum(['outbox', 'endpoints']).default('outbox'),
  })
  .superRefine((c, ctx) => {
    if (c.MAIL_MODE === 'outbox' && c.AFTERCARE_MODE !== 'local') {
      ctx.addIssue({ code: 'custom', path: ['MAIL_MODE'], message: 'outbox exists only in local mode' });
    }
    // The shortest interval between visits (28 days a month) must leave room before the next visit is due.
    if (c.VISIT_MIN_INTERVAL_DAYS >= c.VISIT_INTERVAL_MONTHS * 28) {
      ctx.addIssue({
        code: 'custom',
        path: ['VISIT_MIN_INTERVAL_DAYS'],
        message: 'must be shorter than VISIT_INTERVAL_MONTHS (at 28 days a month)',
      });
    }
  })
  .transform((c) =>
    c.AFTERCARE_MODE === 'local' && !c.MAIL_FROM ? { ...c, MAIL_FROM: 'aftercare@localhost' } : c,
  );
export type Config = z.infer<typeof Config>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** A variable this function's environment does not have, needed by `use`: on AWS it comes with a grant. */
export function notConfigured(use: string, variable: keyof Config): ConfigError {
  return new ConfigError(
    `${use}: ${variable} is not set — on AWS it comes with the grant that lets a function use it, and this ` +
      `function has none (its access in functions/registry.ts)`,
  );
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = Config.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration — ${lines.join('; ')}`);
  }
  return result.data;
}

import type { Cadence } from '../domain/cadence.ts';

export function cadenceOf(config: Config): Cadence {
  return {
    beforeWorkingDays: config.REMIND_BEFORE_WORKING_DAYS,
    escalateHeadAfter: config.ESCALATE_HEAD_AFTER_WORKING_DAYS,
    escalateManagersAfter: config.ESCALATE_MANAGERS_AFTER_WORKING_DAYS,
    hour: 9,
    spreadMinutes: config.REMIND_SPREAD_MINUTES,
  };
}
