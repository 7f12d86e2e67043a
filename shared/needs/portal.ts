import { randomSecret } from '../auth/secrets.ts';
import type { Deps } from '../deps.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import { NotFoundError } from '../domain/errors.ts';
import { sendOrQueue } from '../mail/office-hours.ts';
import { recipientOf } from '../notify/channel.ts';
import type { By } from '../organisation/create.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { enterpriseChange, getEnterprise } from '../store/enterprises.ts';
import { transact } from '../store/write.ts';
import { portalMail } from './mail.tsx';

const PORTAL_YEARS = 2;

/** The enterprise's personal portal link: long-lived, and revoked by changing the enterprise's portal key. */
export function portalLink(
  deps: Pick<Deps, 'links' | 'clock'>,
  enterprise: Pick<Enterprise, 'id' | 'portalKey'>,
): string {
  const expires = new Date(deps.clock.now().getTime() + PORTAL_YEARS * 365 * 86_400_000);
  return deps.links.url('/portal', deps.links.sign('portal', enterprise.id, expires, enterprise.portalKey));
}

/** The enterprise a portal link is for, if the link is genuine, unexpired and not revoked. */
export async function enterpriseFromPortalLink(
  deps: Pick<Deps, 'db' | 'links' | 'clock'>,
  token: string | undefined,
): Promise<
  { enterprise: Enterprise } | { refused: 'malformed' | 'signature' | 'expired' | 'purpose' | 'used' }
> {
  const verified = deps.links.verify(token, 'portal', deps.clock.now());
  if (!verified.ok) return { refused: verified.reason };
  const enterprise = await getEnterprise(deps.db, verified.subject);
  if (!enterprise?.portalKey || verified.nonce !== enterprise.portalKey) return { refused: 'used' };
  return { enterprise };
}

export const newPortalKey = () => randomSecret(18);

/** Email every contact of the enterprise their portal link. */
export async function sendPortalLinks(
  deps: Pick<Deps, 'db' | 'links' | 'clock' | 'mailer'>,
  enterprise: Enterprise,
  by: By,
) {
  const url = portalLink(deps, enterprise);
  for (const contact of enterprise.contacts) {
    await sendOrQueue(
      deps,
      portalMail({
        locale: contact.locale ?? 'zh-CN',
        to: recipientOf(contact),
        name: contact.name,
        enterprise: enterprise.name,
        // The portal opens in the contact's language.
        url: contact.locale === 'en' ? `${url}&lang=en` : url,
      }),
    );
  }
  await transact(deps.db, [
    auditItem(
      deps.db,
      newAudit(deps.clock.now(), {
        ...by,
        action: 'portal.sent',
        enterpriseId: enterprise.id,
        subject: { kind: 'enterprise', id: enterprise.id },
        details: { contacts: enterprise.contacts.length },
      }),
    ),
  ]);
}

/** Revoke every portal link sent so far and send the contacts a new one. */
export async function revokePortalLinks(
  deps: Pick<Deps, 'db' | 'links' | 'clock' | 'mailer'>,
  enterpriseId: string,
  by: By,
) {
  const enterprise = await getEnterprise(deps.db, enterpriseId);
  if (!enterprise) throw new NotFoundError('enterprise', enterpriseId);
  const portalKey = newPortalKey();
  await transact(deps.db, [
    enterpriseChange(deps.db, enterprise, { ...enterprise, portalKey }),
    auditItem(
      deps.db,
      newAudit(deps.clock.now(), {
        ...by,
        action: 'portal.revoked',
        enterpriseId: enterprise.id,
        subject: { kind: 'enterprise', id: enterprise.id },
      }),
    ),
  ]);
  const next = { ...enterprise, portalKey, version: enterprise.version + 1 };
  await sendPortalLinks(deps, next, by);
  return next;
}
