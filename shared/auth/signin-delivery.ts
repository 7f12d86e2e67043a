import { invokeAsync } from '../aws/invoke.ts';
import { notConfigured } from '../config/config.ts';
import type { Deps } from '../deps.ts';
import { logger } from '../log/logger.ts';
import { type SignInMailJob, sendSignInLink } from './signin-link.ts';

/**
 * The sign-in mail, sent off the request path, so that the answer cannot tell by its time (or by what it did) whether
 * the address belongs to anyone.
 * - On AWS a function cannot work after it answers: the Http function invokes the SignInMail function asynchronously
 *   (`InvocationType: Event`, one call whatever the address) and answers; that function looks the address up and
 *   sends the link (`functions/auth/signin-mail.ts`; Lambda retries it twice on an error).
 * - Locally the same job runs in process right after the response (`setImmediate`, in the request's logging
 *   operation; a failure is logged, never shown).
 */
export async function sendSignInLinkLater(deps: Deps, job: SignInMailJob): Promise<void> {
  if (deps.config.AFTERCARE_MODE === 'local') {
    // As Lambda does with an asynchronous invocation: the job is tried again twice if it fails.
    offRequestPath('signin.mail', () => withRetries(() => sendSignInLink(deps, job), 3));
    return;
  }
  const functionName = deps.config.SIGN_IN_MAIL_FUNCTION;
  if (!functionName) throw notConfigured('sign-in mail', 'SIGN_IN_MAIL_FUNCTION');
  await invokeAsync(functionName, job);
}

const pending = new Set<Promise<void>>();
let held: (() => void)[] | undefined;

/** Local mode: run `job` right after the current response, keeping track of it until it ends. */
/** Run a job up to `attempts` times, a little apart (a local stand-in for Lambda's asynchronous retries). */
async function withRetries(job: () => Promise<void>, attempts: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await job();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

function offRequestPath(what: string, job: () => Promise<void>): void {
  const done: Promise<void> = new Promise<void>((resolve) => {
    const start = () =>
      setImmediate(() => {
        job()
          .catch((error: unknown) =>
            logger.error('work after the response failed', { what, error: (error as Error)?.name }),
          )
          .finally(resolve);
      });
    if (held) held.push(start);
    else start();
  }).finally(() => pending.delete(done));
  pending.add(done);
}

/** Local mode: resolves once every job queued so far has finished (the outbox shows what answered requests sent). */
export async function offRequestPathSettled(): Promise<void> {
  while (pending.size) await Promise.all([...pending]);
}

/**
 * Tests only: keep queued jobs from starting until `release`, so a test can see what the request path did on its
 * own (its store calls, that it sent nothing).
 */
export const holdOffRequestPath = {
  hold(): void {
    held ??= [];
  },
  release(): void {
    const starts = held ?? [];
    held = undefined;
    for (const start of starts) start();
  },
};
