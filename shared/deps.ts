import { join } from 'node:path';
import { useForLabels } from './calendar/due-label.ts';
import { calendarSourceOf, isLive, liveCalendar } from './calendar/live.ts';
import type { Calendar } from './calendar/working-days.ts';
import type { Clock } from './clock/clock.ts';
import { systemClock } from './clock/clock.ts';
import { type Config, notConfigured } from './config/config.ts';
import type { Secrets } from './config/secrets.ts';
import type { Links } from './links/signed-link.ts';
import { createLinks } from './links/signed-link.ts';
import { loggedMailer } from './mail/logged.ts';
import type { Mailer } from './mail/mailer.ts';
import { outboxMailer } from './mail/outbox.ts';
import { sesMailer } from './mail/ses.ts';
import { smtpMailer } from './mail/smtp.ts';
import { notifierOf } from './notify/setup.ts';
import { diskFileStore } from './storage/disk.ts';
import type { FileStore } from './storage/files.ts';
import { s3FileStore } from './storage/s3.ts';
import { loadCalendarRecords } from './store/calendar.ts';
import type { Db } from './store/db.ts';
import { createDb } from './store/db.ts';
import { sfnWorkflows } from './workflows/sfn.ts';
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
  });
  const isLocal = config.AFTERCARE_MODE === 'local';
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
      : unavailable<Links>('links', 'SECRET_ARN'),
    files: config.ATTACHMENTS_BUCKET
      ? s3FileStore(config.ATTACHMENTS_BUCKET)
      : isLocal
        ? diskFileStore(join(config.DATA_DIR, 'attachments'))
        : unavailable<FileStore>('files', 'ATTACHMENTS_BUCKET'),
    workflows: local?.workflows ?? awsWorkflows(config),
  };
}

/**
 * Bring the calendar up to date with the table if it is older than a minute (one Query and one GetItem, then none
 * for the next minute): what each entry point does before its handler runs, so the calendar stays synchronous.
 */
export async function refreshCalendar(deps: Pick<Deps, 'calendar'>): Promise<void> {
  if (isLive(deps.calendar)) await deps.calendar.refresh();
}

/** `getDeps` with the calendar brought up to date first: how an entry point hands a handler its adapters. */
export function withFreshCalendar(getDeps: () => Promise<Deps>): () => Promise<Deps> {
  return async () => {
    const deps = await getDeps();
    await refreshCalendar(deps);
    return deps;
  };
}

/** This process changed the arrangements or office hours: its next refresh reads them at once. */
export function calendarChanged(deps: Pick<Deps, 'calendar'>): void {
  if (isLive(deps.calendar)) deps.calendar.invalidate();
}

function mailerOf(config: Config, secrets: Secrets | undefined, db: Db, clock: Clock): Mailer {
  if (config.MAIL_MODE === 'outbox') return outboxMailer(db, clock);
  if (!config.MAIL_FROM) return unavailable<Mailer>('mailer', 'MAIL_FROM');
  if (config.MAIL_MODE === 'ses') return sesMailer(config.MAIL_FROM, config.MAIL_CONFIGURATION_SET);
  const smtpUrl = secrets?.smtpUrl ?? config.SMTP_URL;
  if (!smtpUrl && !secrets && config.AFTERCARE_MODE === 'aws')
    return unavailable<Mailer>('mailer', 'SECRET_ARN');
  if (!smtpUrl) throw new Error('invalid configuration — SMTP_URL: required when MAIL_MODE=smtp');
  return smtpMailer(config.MAIL_FROM, smtpUrl);
}

/** Step Functions, by the ARNs this function has: starting needs the state machine's, releasing a wait only a token. */
function awsWorkflows(config: Config): Workflows {
  const sfn = sfnWorkflows({ lifecycle: config.LIFECYCLE_ARN ?? '', needFlow: config.NEED_FLOW_ARN ?? '' });
  return {
    ...sfn,
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
