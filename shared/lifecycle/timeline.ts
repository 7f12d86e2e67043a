import type { AuditEvent } from '../domain/audit.ts';
import { APPROVALS, type Approval } from '../domain/lifecycle.ts';
import { MILESTONES, type Milestone, STAGES, type Stage } from '../domain/stage.ts';
import type { Need, Task } from '../domain/work-item.ts';
import type { Translate } from '../i18n/i18n.ts';

/**
 * What part of the lifecycle a timeline entry is about: a milestone worked toward (注册登记, 开工建设…), one of the
 * approvals (规划许可…), or a stage the enterprise was in (在谈, 已注册…).
 */
export type Topic =
  | { kind: 'milestone'; milestone: Milestone }
  | { kind: 'approval'; approval: Approval }
  | { kind: 'stage'; stage: Stage };

/** The enterprise's tasks and needs, for entries whose details do not say (the task or need they are about does). */
export interface TopicSources {
  tasks?: readonly Pick<Task, 'id' | 'kind' | 'stage' | 'milestone' | 'approval'>[];
  needs?: readonly Pick<Need, 'id' | 'stage'>[];
}

const one = <T extends string>(values: readonly T[], value: unknown): T | undefined =>
  typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : undefined;

/**
 * The topic of one audit event: from its details (`approval`, `milestone`, `stage`, in that order: an approval or
 * milestone is the more precise), else from the task or need it is about. Only values the lifecycle knows count
 * (details are stored as given); an event about nothing in the lifecycle (a person, a token) has none.
 */
export function timelineTopic(
  event: Pick<AuditEvent, 'subject' | 'details'>,
  sources: TopicSources = {},
): Topic | undefined {
  const details = event.details ?? {};
  const approval = one(APPROVALS, details.approval);
  if (approval) return { kind: 'approval', approval };
  const milestone = one(MILESTONES, details.milestone);
  if (milestone) return { kind: 'milestone', milestone };
  if (event.subject.kind === 'task') {
    const task = sources.tasks?.find((t) => t.id === event.subject.id);
    if (task) return taskTopic(task);
  }
  const stage = one(STAGES, details.stage);
  if (stage) return { kind: 'stage', stage };
  if (event.subject.kind === 'need') {
    const need = sources.needs?.find((n) => n.id === event.subject.id);
    if (need) return { kind: 'stage', stage: need.stage };
  }
  return undefined;
}

/** A task's topic: its approval, the milestone it tracks toward, else the stage it belongs to (talks, visits). */
export function taskTopic(task: Pick<Task, 'kind' | 'stage' | 'milestone' | 'approval'>): Topic {
  if (task.kind === 'approval' && task.approval) return { kind: 'approval', approval: task.approval };
  if (task.kind === 'tracking' && task.milestone) return { kind: 'milestone', milestone: task.milestone };
  return { kind: 'stage', stage: task.stage };
}

/** A topic in the reader's language: a milestone or approval by its name, a stage by its status word. */
export function topicLabel(t: Translate, topic: Topic): string {
  switch (topic.kind) {
    case 'approval':
      return t(`approval.${topic.approval}`);
    case 'milestone':
      return t(`milestone.${topic.milestone}`);
    case 'stage':
      return t(`stage.${topic.stage}`);
  }
}
