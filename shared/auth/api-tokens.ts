import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { putApiToken } from '../store/credentials.ts';
import { getStaff } from '../store/organisation.ts';
import { transact } from '../store/write.ts';
import type { Principal } from './principal.ts';
import { digest, randomSecret } from './secrets.ts';

export const IssueToken = z.object({
  staffId: z.string().min(1),
  label: z.string().trim().min(1, { error: 'text.required' }).max(60, { error: 'text.tooLong' }),
  days: z.number().int().min(1).max(366).default(90),
});

/** A manager issues a personal API token for a staff member. It is shown once; only its digest is kept. */
export async function issueApiToken(
  deps: Pick<Deps, 'db' | 'clock'>,
  manager: Principal,
  input: unknown,
): Promise<{ token: string; expiresAt: string }> {
  const fields = parseInput(IssueToken, input);
  const staff = await getStaff(deps.db, fields.staffId);
  if (!staff?.active) throw InputError.field('staffId', 'staff.unknown');
  const now = deps.clock.now();
  const token = `act_${randomSecret()}`;
  const expiresAt = new Date(now.getTime() + fields.days * 86_400_000);
  await putApiToken(deps.db, digest(token), {
    staffId: staff.id,
    expiresAt: Math.floor(expiresAt.getTime() / 1000),
    createdAt: now.toISOString(),
    label: fields.label,
  });
  await transact(deps.db, [
    auditItem(
      deps.db,
      newAudit(now, {
        actor: { kind: 'staff', id: manager.staff.id },
        channel: manager.via === 'token' ? 'api' : 'web',
        action: 'token.issued',
        subject: { kind: 'staff', id: staff.id },
        details: { label: fields.label, expiresAt: expiresAt.toISOString() },
      }),
    ),
  ]);
  return { token, expiresAt: expiresAt.toISOString() };
}
