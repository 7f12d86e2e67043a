import { join } from 'node:path';
import { useForLabels } from './calendar/due-label.ts';
import { calendarSourceOf, liveCalendar } from './calendar/live.ts';
import type { Calendar } from './calendar/working-days.ts';
import type { Clock } from './clock/clock.ts';
import { systemClock } from './clock/clock.ts';
import { type Config, notConfigured } from './config/config.ts';
import type { Secrets } from './config/secrets.ts';
import { lazyAdapter } from './lazy.ts';
import type { Links } from './links/signed-link.ts';
import { createLinks } from './links/signed-link.ts';
import { loggedMailer } from './mail/logged.ts';
import type { Mailer } from './mail/mailer.ts';
import { outboxMailer } from './mail/outbox.ts';
import { notifierOf } from './notify/setup.ts';
import { diskFileStore } from './storage/disk.ts';
import type { FileStore } from './storage/files.ts';
import { loadCalendarRecords } from './store/calendar.ts';
import type { Db } from './store/db.ts';
import { createDb } from './store/db.ts';
import type { Workflows } from './workflows/workflows.ts';

/** The adapters a use case may need. Built once per Lambda container (or once by the local stack). */
export interface Deps {
  config: Config;
  db: Db;
  clock: Clock;
  calendar: Calendar;
  mailer: Mailer;
  links: Links;
  workflows: Workflows;
  files: FileStore;
}

/**
 * Build the adapters the configuration asks for. Local mode passes its own clock and workflow engine. On AWS a
 * function has only the variables its grants bind (`shared/config/config.ts`): an adapter whose variable it lacks —
 * `links` and smtp `mailer` without the secret, `mailer` without MAIL_FROM, `files` without ATTACHMENTS_BUCKET,
 * starting a workflow without its ARN — fails when used, naming the variable. Releasing a wait needs no ARN.
 */
export function createDeps(
  config: Config,
  secrets: Secrets | undefined,
  local?: { clock: Clock; workflows: Workflows },
): Deps {
  const clock = local?.clock ?? systemClock;
  const db = createDb({
    table: config.TABLE_NAME,
    region: config.AWS_REGION,
    endpoint: config.DYNAMODB_ENDPOINT,
    staffListMaxAgeMs:
      (config.STAFF_LIST_MAX_AGE_SECONDS ?? (config.AFTERCARE_MODE === 'aws' ? 60 : 0)) * 1000,
  });
  const isLocal = config.AFTERCARE_MODE === 'local';
  const bucket = config.ATTACHMENTS_BUCKET;
  // The package's calendar with the arrangements and office hours kept in the table, read again at most once a
  // minute before a handler runs (`refreshCalendar`); every due label in this process follows its office hours.
  const calendar = liveCalendar(async () => calendarSourceOf(await loadCalendarRecords(db)));
  useForLabels(calendar);
  return {
    config,
    db,
    clock,
    calendar,
    // The Notifier: each addressee by their channel (WeCom, DingTalk, SMS), email for the rest and as fallback.
    mailer: loggedMailer(
      notifierOf({ config, secrets, email: mailerOf(config, secrets, db, clock), db, clock }),
    ),
    links: secrets
      ? createLinks(secrets.signingKey, config.BASE_URL)
      : unavailable<Links>('links', 'SECRETS_PARAMETER'),
    files: bucket
      ? lazyAdapter<FileStore>(async () => (await import('./storage/s3.ts')).s3FileStore(bucket))
      : isLocal
        ? diskFileStore(join(config.DATA_DIR, 'attachments'))
        : unavailable<FileStore>('files', 'ATTACHMENTS_BUCKET'),
    workflows: local?.workflows ?? awsWorkflows(config),
  };
}

function mailerOf(config: Config, secrets: Secrets | undefined, db: Db, clock: Clock): Mailer {
  if (config.MAIL_MODE === 'outbox') return outboxMailer(db, clock);
  if (!config.MAIL_FROM) return unavailable<Mailer>('mailer', 'MAIL_FROM');
  const from = config.MAIL_FROM;
  if (config.MAIL_MODE === 'ses')
    return lazyAdapter(async () =>
      (await import('./mail/ses.ts')).sesMailer(from, config.MAIL_CONFIGURATION_SET),
    );
  const smtpUrl = secrets?.smtpUrl ?? config.SMTP_URL;
  if (!smtpUrl && !secrets && config.AFTERCARE_MODE === 'aws')
    return unavailable<Mailer>('mailer', 'SECRETS_PARAMETER');
  if (!smtpUrl) throw new Error('invalid configuration — SMTP_URL: required when MAIL_MODE=smtp');
  return lazyAdapter(async () => (await import('./mail/smtp.ts')).smtpMailer(from, smtpUrl));
}

/** Step Functions, by the ARNs this function has: starting needs the state machine's, releasing a wait only a token. */
function awsWorkflows(config: Config): Workflows {
  const sfn = lazyAdapter<Workflows>(async () =>
    (await import('./workflows/sfn.ts')).sfnWorkflows({
      lifecycle: config.LIFECYCLE_ARN ?? '',
      needFlow: config.NEED_FLOW_ARN ?? '',
    }),
  );
  return {
    sendTaskSuccess: (token, output) => sfn.sendTaskSuccess(token, output),
    sendTaskFailure: (token, error, cause) => sfn.sendTaskFailure(token, error, cause),
    startLifecycle: async (input) => {
      if (!config.LIFECYCLE_ARN) throw notConfigured('workflows.startLifecycle', 'LIFECYCLE_ARN');
      return sfn.startLifecycle(input);
    },
    startNeed: async (input) => {
      if (!config.NEED_FLOW_ARN) throw notConfigured('workflows.startNeed', 'NEED_FLOW_ARN');
      return sfn.startNeed(input);
    },
  };
}

/** An adapter this function was built without: any use is a bug in the function's grants, said clearly. */
function unavailable<T extends object>(what: string, variable: keyof Config): T {
  return new Proxy({} as T, {
    get(_target, property) {
      if (property === 'then') return undefined;
      throw notConfigured(`${what}.${String(property)}`, variable);
    },
  });
}
