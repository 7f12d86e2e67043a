import { join } from 'node:path';
import type { Calendar } from './calendar/working-days.ts';
import { createCalendar } from './calendar/working-days.ts';
import type { Clock } from './clock/clock.ts';
import { systemClock } from './clock/clock.ts';
import type { Config } from './config/config.ts';
import type { Secrets } from './config/secrets.ts';
import type { Links } from './links/signed-link.ts';
import { createLinks } from './links/signed-link.ts';
import { loggedMailer } from './mail/logged.ts';
import type { Mailer } from './mail/mailer.ts';
import { outboxMailer } from './mail/outbox.ts';
import { sesMailer } from './mail/ses.ts';
import { smtpMailer } from './mail/smtp.ts';
import { diskFileStore } from './storage/disk.ts';
import type { FileStore } from './storage/files.ts';
import { s3FileStore } from './storage/s3.ts';
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
 * Build the adapters the configuration asks for. Local mode passes its own clock and workflow engine. A function
 * whose code never signs a link or sends mail (a wait or failure step) passes no secrets: its role may not read
 * them, and `links`/`mailer` then fail loudly if anything uses them.
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
  const smtpUrl = secrets?.smtpUrl ?? config.SMTP_URL;
  let mailer: Mailer;
  if (config.MAIL_MODE === 'outbox') mailer = outboxMailer(db, clock);
  else if (!secrets && config.MAIL_MODE === 'smtp') mailer = unavailable<Mailer>('mailer');
  else if (config.MAIL_MODE === 'smtp') {
    if (!smtpUrl) throw new Error('invalid configuration — SMTP_URL: required when MAIL_MODE=smtp');
    mailer = smtpMailer(config.MAIL_FROM, smtpUrl);
  } else mailer = sesMailer(config.MAIL_FROM, config.MAIL_CONFIGURATION_SET);
  return {
    config,
    db,
    clock,
    calendar: createCalendar(),
    mailer: loggedMailer(mailer),
    links: secrets ? createLinks(secrets.signingKey, config.BASE_URL) : unavailable<Links>('links'),
    files: config.ATTACHMENTS_BUCKET
      ? s3FileStore(config.ATTACHMENTS_BUCKET)
      : diskFileStore(join(config.DATA_DIR, 'attachments')),
    workflows:
      local?.workflows ??
      sfnWorkflows({ lifecycle: config.LIFECYCLE_ARN as string, needFlow: config.NEED_FLOW_ARN as string }),
  };
}

/** An adapter this function was built without: any use is a bug in the function's declared needs, said clearly. */
function unavailable<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get(_target, property) {
      if (property === 'then') return undefined;
      throw new Error(
        `${what}.${String(property)}: this function was built without secrets (see its entry point)`,
      );
    },
  });
}
