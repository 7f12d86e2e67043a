import type { Deps } from '../deps.ts';
import type { Need } from '../domain/work-item.ts';

const DAY = 86_400_000;

/** A staff member's link to act on a need (sign for, answer, return; re-route or decide for managers). */
export function needHandleLink(
  deps: Pick<Deps, 'links' | 'clock'>,
  need: Pick<Need, 'enterpriseId' | 'id'>,
  staffId: string,
): string {
  const expires = new Date(deps.clock.now().getTime() + 60 * DAY);
  return deps.links.url(
    '/need',
    deps.links.sign('need-handle', `${need.enterpriseId}/${need.id}/${staffId}`, expires),
  );
}

/** The enterprise's link to rate an answer, valid until a day after the rating window closes. */
export function needRateLink(
  deps: Pick<Deps, 'links' | 'clock'>,
  need: Pick<Need, 'enterpriseId' | 'id' | 'dueAt'>,
): string {
  const until = Math.max(new Date(need.dueAt ?? 0).getTime(), deps.clock.now().getTime()) + DAY;
  return deps.links.url(
    '/rate',
    deps.links.sign('need-rate', `${need.enterpriseId}/${need.id}`, new Date(until)),
  );
}

export function parseNeedSubject(
  subject: string,
): { enterpriseId: string; needId: string; staffId?: string } | undefined {
  const [enterpriseId, needId, staffId, ...rest] = subject.split('/');
  return enterpriseId && needId && !rest.length ? { enterpriseId, needId, staffId } : undefined;
}
