import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { parseInput } from '../domain/input-error.ts';
import { type Light, trafficLight } from '../domain/schedule.ts';
import type { Need } from '../domain/work-item.ts';
import { listStaff } from '../store/organisation.ts';
import { needsToRevisit } from '../store/revisits.ts';
import { needHandleLink } from './links.ts';

export const RevisitQuery = z.object({
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface RevisitRow {
  id: string;
  ref: string;
  title: string;
  enterpriseId: string;
  enterpriseName: string;
  ownerName: string;
  rating: Need['rating'];
  /** When the return visit is due: the need ends unvisited after it. */
  dueAt: string;
  light: Light;
  /** The need's page as the viewer (their own signed link, like the mailed one), where the visit is recorded. */
  href: string;
}

export interface RevisitList {
  rows: RevisitRow[];
  next?: string;
}

/**
 * The needs awaiting their return visit (回访), earliest due first, one page at a time: what the coordinator saw only
 * in mail, since such a need is on no board.
 */
export async function loadRevisits(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar' | 'links'>,
  viewerId: string,
  input: unknown,
): Promise<RevisitList> {
  const q = parseInput(RevisitQuery, input);
  const [page, staff] = await Promise.all([
    needsToRevisit(deps.db, { limit: q.limit, cursor: q.cursor }),
    listStaff(deps.db),
  ]);
  const names = new Map(staff.map((s) => [s.id, s.name]));
  const now = deps.clock.now();
  const rows = page.items.map((need): RevisitRow => {
    const dueAt = need.dueAt ?? now.toISOString();
    return {
      id: need.id,
      ref: need.ref,
      title: need.title,
      enterpriseId: need.enterpriseId,
      enterpriseName: need.enterpriseName,
      ownerName: names.get(need.ownerId ?? '') ?? '—',
      rating: need.rating,
      dueAt,
      light: trafficLight(deps.calendar, new Date(dueAt), now),
      href: needHandleLink(deps, need, viewerId),
    };
  });
  return { rows, next: page.next };
}
