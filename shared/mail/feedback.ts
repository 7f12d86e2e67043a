import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { logger } from '../log/logger.ts';
import { markUndeliverable, type Undeliverable } from '../store/undeliverable.ts';

/**
 * SES's bounce and complaint events (published by the stack's configuration set to an SNS topic). Only what makes an
 * address undeliverable counts: a permanent bounce, or a complaint (the person marked our mail as spam). Transient
 * bounces (a full mailbox) are SES's to retry.
 */
const Recipient = z.object({
  emailAddress: z.string().min(3).max(320),
  diagnosticCode: z.string().optional(),
});
const SesEvent = z.object({
  // Event publishing says eventType; identity notifications say notificationType. Both carry the same parts.
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
  bounce: z
    .object({
      bounceType: z.string(),
      bouncedRecipients: z.array(Recipient),
      timestamp: z.string().optional(),
    })
    .optional(),
  complaint: z
    .object({
      complainedRecipients: z.array(Recipient),
      timestamp: z.string().optional(),
    })
    .optional(),
  mail: z.object({ timestamp: z.string().optional() }).optional(),
});

/** The addresses one SES event says are undeliverable (none for anything else). */
export function undeliverableFrom(message: unknown, now: Date): Undeliverable[] {
  const parsed = SesEvent.safeParse(message);
  if (!parsed.success) return [];
  const e = parsed.data;
  const kind = e.eventType ?? e.notificationType;
  if (kind === 'Bounce' && e.bounce?.bounceType === 'Permanent') {
    return e.bounce.bouncedRecipients.map((r) => ({
      email: r.emailAddress.toLowerCase(),
      reason: 'bounce' as const,
      at: e.bounce?.timestamp ?? e.mail?.timestamp ?? now.toISOString(),
      ...(r.diagnosticCode ? { detail: r.diagnosticCode.slice(0, 300) } : {}),
    }));
  }
  if (kind === 'Complaint' && e.complaint) {
    return e.complaint.complainedRecipients.map((r) => ({
      email: r.emailAddress.toLowerCase(),
      reason: 'complaint' as const,
      at: e.complaint?.timestamp ?? e.mail?.timestamp ?? now.toISOString(),
    }));
  }
  return [];
}

/** Record what SES said about our mail; messages that are not JSON or not such events are logged and skipped. */
export async function recordMailFeedback(
  deps: Pick<Deps, 'db' | 'clock'>,
  messages: string[],
): Promise<number> {
  let marked = 0;
  for (const message of messages) {
    let json: unknown;
    try {
      json = JSON.parse(message);
    } catch {
      logger.warn('mail feedback: not JSON');
      continue;
    }
    for (const entry of undeliverableFrom(json, deps.clock.now())) {
      await markUndeliverable(deps.db, entry);
      marked++;
    }
  }
  return marked;
}
