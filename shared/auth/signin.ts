import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { parseInput } from '../domain/input-error.ts';
import { Email } from '../domain/primitives.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { Verified } from '../links/signed-link.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { consumeSignInNonce, deleteSession, putSession } from '../store/credentials.ts';
import { getStaff } from '../store/organisation.ts';
import { transact } from '../store/write.ts';
import { nextPath } from './next-path.ts';
import { digest, randomSecret } from './secrets.ts';
import { sendSignInLinkLater } from './signin-delivery.ts';

const SignInRequest = z.object({ email: Email, next: z.string().optional() });

/**
 * Ask for a one-time sign-in link. The request path only validates the address and hands it on: looking it up,
 * storing the link's nonce and sending the mail happen off it (`signin-delivery.ts`), so the answer — the same page
 * either way — takes the same time and the same calls whether or not the address belongs to anyone: the form cannot
 * be used to list staff.
 */
export async function requestSignIn(
  deps: Deps,
  input: unknown,
  locale: Locale,
  correlationId?: string,
): Promise<void> {
  const { email, next: asked } = parseInput(SignInRequest, input);
  const next = nextPath(asked);
  await sendSignInLinkLater(deps, {
    email,
    locale,
    ...(correlationId ? { correlationId } : {}),
    ...(next ? { next } : {}),
  });
}

export type SignInResult =
  | { ok: true; sessionId: string; staffId: string; maxAgeSeconds: number }
  | { ok: false; reason: Extract<Verified, { ok: false }>['reason'] | 'used' };

/** Use a sign-in link once and open a session. A second use, even a concurrent one, is refused. */
export async function completeSignIn(deps: Deps, token: string | undefined): Promise<SignInResult> {
  const now = deps.clock.now();
  const verified = deps.links.verify(token, 'signin', now);
  if (!verified.ok) return { ok: false, reason: verified.reason };
  if (!verified.nonce) return { ok: false, reason: 'malformed' };
  const credential = await consumeSignInNonce(deps.db, digest(verified.nonce), now);
  if (!credential || credential.staffId !== verified.subject) return { ok: false, reason: 'used' };
  const staff = await getStaff(deps.db, credential.staffId);
  if (!staff?.active) return { ok: false, reason: 'used' };

  const sessionId = randomSecret();
  const maxAgeSeconds = deps.config.SESSION_HOURS * 3600;
  await putSession(deps.db, digest(sessionId), {
    staffId: staff.id,
    expiresAt: Math.floor(now.getTime() / 1000) + maxAgeSeconds,
    createdAt: now.toISOString(),
  });
  await transact(deps.db, [
    auditItem(
      deps.db,
      newAudit(now, {
        actor: { kind: 'staff', id: staff.id },
        channel: 'email-link',
        action: 'signin.completed',
        subject: { kind: 'staff', id: staff.id },
      }),
    ),
  ]);
  return { ok: true, sessionId, staffId: staff.id, maxAgeSeconds };
}

export async function signOut(deps: Deps, sessionDigest: string): Promise<void> {
  await deleteSession(deps.db, sessionDigest);
}
