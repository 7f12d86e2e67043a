import type { Deps } from '../deps.ts';
import type { Task } from '../domain/work-item.ts';

const LINK_DAYS_AFTER_DUE = 60;

/**
 * The officer's link to a task: signed for the purpose `task`, valid until 60 days after the later of due and now.
 * It names the officer it is issued to (the task's officer now): after a reassignment or hand-over it no longer acts
 * on the task, and what it reports is theirs.
 */
export function taskLink(
  deps: Pick<Deps, 'links' | 'clock'>,
  task: Pick<Task, 'enterpriseId' | 'id' | 'dueAt' | 'officerId'>,
): string {
  const base = Math.max(new Date(task.dueAt).getTime(), deps.clock.now().getTime());
  const expires = new Date(base + LINK_DAYS_AFTER_DUE * 86_400_000);
  return deps.links.url(
    '/task',
    deps.links.sign('task', `${task.enterpriseId}/${task.id}/${task.officerId}`, expires),
  );
}

/** The task and officer a task link names (links made before they named the officer are not accepted). */
export function parseTaskSubject(
  subject: string,
): { enterpriseId: string; taskId: string; officerId: string } | undefined {
  const [enterpriseId, taskId, officerId, ...rest] = subject.split('/');
  return enterpriseId && taskId && officerId && !rest.length
    ? { enterpriseId, taskId, officerId }
    : undefined;
}
