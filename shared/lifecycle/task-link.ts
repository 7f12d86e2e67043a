import type { Deps } from '../deps.ts';
import type { Task } from '../domain/work-item.ts';

const LINK_DAYS_AFTER_DUE = 60;

/** The officer's link to a task: signed for the purpose `task`, valid until 60 days after the later of due and now. */
export function taskLink(
  deps: Pick<Deps, 'links' | 'clock'>,
  task: Pick<Task, 'enterpriseId' | 'id' | 'dueAt'>,
): string {
  const base = Math.max(new Date(task.dueAt).getTime(), deps.clock.now().getTime());
  const expires = new Date(base + LINK_DAYS_AFTER_DUE * 86_400_000);
  return deps.links.url('/task', deps.links.sign('task', `${task.enterpriseId}/${task.id}`, expires));
}

export function parseTaskSubject(subject: string): { enterpriseId: string; taskId: string } | undefined {
  const [enterpriseId, taskId, ...rest] = subject.split('/');
  return enterpriseId && taskId && !rest.length ? { enterpriseId, taskId } : undefined;
}
