import { can } from '../auth/permissions.ts';
import type { Deps } from '../deps.ts';
import { ConflictError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import { type Lead, leadIdentity, NewLead, type Referrer } from '../domain/lead.ts';
import { logger } from '../log/logger.ts';
import { actingPerson } from '../organisation/acting.ts';
import type { By } from '../organisation/create.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import {
  type ClaimHolder,
  claimHolders,
  claimItem,
  getLead,
  type LeadClaim,
  leadFiguresItems,
  leadItem,
} from '../store/leads.ts';
import { getStaff, listStaff } from '../store/organisation.ts';
import { transact } from '../store/write.ts';
import { tellDuplicate } from './mail.tsx';

type RegisterDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'mailer' | 'config'>;

/** Two registrations of one investor at the same moment: the loser reads the winner's claim and tries again. */
const ATTEMPTS = 3;

/**
 * Register a lead for the registering person's department, time-stamped by the server. If an earlier lead holds
 * the investor's normalised name or USCC, this one is stored as its duplicate (`duplicateOf`), the attribution
 * staying with the first registrant, and the heads of the registrant's department are told; otherwise this lead
 * claims the investor. Everything is checked before anything is written; the lead, its claims, its audit event and
 * the leaderboard's counters are one transaction.
 */
export async function registerLead(deps: RegisterDeps, input: unknown, by: By): Promise<Lead> {
  const fields = parseInput(NewLead, input);
  const who = await actingPerson(deps.db, by);
  if (who === 'system' || !who || !can(who, 'lead.register'))
    throw InputError.field('investor', 'lead.noRegistrant');
  const referrer = await referrerOf(deps, fields.referrer);
  const identity = await leadIdentity(fields);
  const claims: LeadClaim[] = [
    { kind: 'NAME', value: identity.name },
    ...(identity.uscc ? [{ kind: 'USCC' as const, value: identity.uscc }] : []),
  ];

  for (let attempt = 1; ; attempt++) {
    const holders = await claimHolders(deps.db, claims);
    const earliest = holders.filter((h): h is ClaimHolder => !!h).sort((x, y) => x.at.localeCompare(y.at))[0];
    const now = deps.clock.now();
    const lead: Lead = {
      id: newId(now.getTime()),
      investor: fields.investor,
      investorKey: identity.name,
      ...(identity.uscc ? { uscc: identity.uscc } : {}),
      industryChain: fields.industryChain,
      source: fields.source,
      expectedInvestment: fields.expectedInvestment,
      contact: fields.contact,
      ...(referrer ? { referrer } : {}),
      ...(fields.notes ? { notes: fields.notes } : {}),
      registeredBy: who.id,
      departmentId: who.departmentId,
      registeredAt: now.toISOString(),
      status: 'registered',
      ...(earliest ? { duplicateOf: earliest.leadId } : {}),
      version: 1,
    };
    // The claims nobody holds yet are written in the first lead's name: this lead's, or for a duplicate the earlier
    // lead's (a new USCC for a known name, or the other way round), so the next registration is recognised by either.
    const holder: ClaimHolder = earliest ?? {
      leadId: lead.id,
      departmentId: lead.departmentId,
      staffId: lead.registeredBy,
      at: lead.registeredAt,
    };
    const unclaimed = claims.filter((_, i) => !holders[i]);
    const counter = earliest ? { duplicates: 1 } : { registered: 1 };
    try {
      await transact(deps.db, [
        leadItem(deps.db, lead),
        ...unclaimed.map((c) => claimItem(deps.db, c, holder)),
        auditItem(
          deps.db,
          newAudit(now, {
            ...by,
            action: 'lead.registered',
            subject: { kind: 'lead', id: lead.id },
            details: {
              investor: lead.investor,
              departmentId: lead.departmentId,
              ...(earliest ? { duplicateOf: earliest.leadId } : {}),
            },
          }),
        ),
        ...leadFiguresItems(deps.db, 'DEPT', lead.departmentId, counter),
        ...leadFiguresItems(deps.db, 'STAFF', lead.registeredBy, counter),
      ]);
    } catch (error) {
      // Someone claimed the investor between our read and our write: read the claims again.
      if (error instanceof ConflictError && error.entity === 'leadClaim' && attempt < ATTEMPTS) continue;
      throw error;
    }
    if (lead.duplicateOf) await flagDuplicate(deps, lead);
    return lead;
  }
}

/** A referrer named by staff id takes the person's name; an outside referrer is a name only. */
async function referrerOf(
  deps: RegisterDeps,
  given: { staffId?: string; name?: string } | undefined,
): Promise<Referrer | undefined> {
  if (!given) return undefined;
  if (given.staffId) {
    const person = await getStaff(deps.db, given.staffId);
    if (!person?.active) throw InputError.field('referrer.staffId', 'staff.unknown');
    return { staffId: person.id, name: person.name };
  }
  return given.name ? { name: given.name } : undefined;
}

/** Tell the registrant's department head(s) about the duplicate; a mail failure never undoes the registration. */
async function flagDuplicate(deps: RegisterDeps, lead: Lead): Promise<void> {
  try {
    const [earlier, staff] = await Promise.all([
      lead.duplicateOf ? getLead(deps.db, lead.duplicateOf) : undefined,
      listStaff(deps.db),
    ]);
    await tellDuplicate(deps, lead, earlier, staff);
  } catch (error) {
    logger.error('could not tell the heads of a duplicate lead', {
      leadId: lead.id,
      error: (error as Error).name,
    });
  }
}
