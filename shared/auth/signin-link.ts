import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { Email } from '../domain/primitives.ts';
import { LOCALES } from '../i18n/i18n.ts';
import { putSignInNonce } from '../store/credentials.ts';
import { getStaffByEmail } from '../store/organisation.ts';
import { NextPath } from './next-path.ts';
import { digest, randomSecret } from './secrets.ts';
import { signInMail } from './signin-mail.tsx';

/** What sending a sign-in link needs, as it travels off the request path (an asynchronous invocation on AWS). */
export const SignInMailJob = z.object({
  email: Email,
  locale: z.enum(LOCALES),
  correlationId: z.string().max(64).optional(),
  /** The page the sign-in was asked from: the link brings its holder back there. */
  next: NextPath.optional(),
});
export type SignInMailJob = z.infer<typeof SignInMailJob>;

/**
 * Email a one-time sign-in link to an active staff address, and nothing for any other address. Runs off the request
 * path (`signin-delivery.ts`), so whether it found anyone never shows in the answer or its time.
 */
export async function sendSignInLink(deps: Deps, job: SignInMailJob): Promise<void> {
  const staff = await getStaffByEmail(deps.db, job.email);
  if (!staff?.active) return;
  const now = deps.clock.now();
  const minutes = deps.config.SIGN_IN_LINK_MINUTES;
  const expiresAt = new Date(now.getTime() + minutes * 60_000);
  const nonce = randomSecret(18);
  await putSignInNonce(deps.db, digest(nonce), {
    staffId: staff.id,
    expiresAt: Math.floor(expiresAt.getTime() / 1000),
    createdAt: now.toISOString(),
  });
  const link = new URL(
    deps.links.url('/signin/verify', deps.links.sign('signin', staff.id, expiresAt, nonce)),
  );
  if (job.next) link.searchParams.set('next', job.next);
  const url = link.toString();
  await deps.mailer.send(signInMail({ locale: job.locale, to: staff.email, name: staff.name, url, minutes }));
}
