import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { TaskPage, type TaskPageProps } from '#functions/http/pages/task.view.tsx';
import type { ViewContext } from '#functions/http/ui/context.ts';
import { Timeline } from '#functions/http/ui/parts.tsx';
import type { BoardRow } from '#shared/board/board.ts';
import type { AuditEvent } from '#shared/domain/audit.ts';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import type { Task } from '#shared/domain/work-item.ts';
import { translator } from '#shared/i18n/i18n.ts';
import { taskItemLabel } from '#shared/lifecycle/mail.tsx';
import { timelineTopic, topicLabel } from '#shared/lifecycle/timeline.ts';
import type { Pipeline } from '#shared/pipeline/pipeline.ts';
import { boardSheet, pipelineSheets } from '#shared/spreadsheets/exports.ts';

/** Issue 15 item 7: milestone names (注册登记) apart from status words (已注册); timelines say what they are about. */
const zh = translator('zh-CN');
const en = translator('en');

describe('a task is named by its goal', () => {
  it('a tracking task by the milestone’s name, never the status word', () => {
    expect(taskItemLabel(zh, { kind: 'tracking', milestone: 'constructionStarted' })).toBe(
      '推进至「开工建设」',
    );
    expect(taskItemLabel(zh, { kind: 'tracking', milestone: 'registered' })).toBe('推进至「注册登记」');
    expect(taskItemLabel(en, { kind: 'tracking', milestone: 'registered' })).toBe(
      'Reach “Company registration”',
    );
  });

  it('an approval task by its approval, a follow-up and a visit by their own names', () => {
    expect(taskItemLabel(zh, { kind: 'approval', approval: 'planningPermit' })).toBe('办理「规划许可」');
    expect(taskItemLabel(zh, { kind: 'followUp' })).toBe('洽谈跟进');
    expect(taskItemLabel(zh, { kind: 'visit' })).toBe('企业走访');
  });
});

const event = (over: Partial<AuditEvent>): AuditEvent =>
  ({
    id: '01KE5Y3ZTHCY0WNBY83P9GHGQD',
    at: '2026-12-01T01:30:00.000Z',
    actor: { kind: 'staff', id: 'S1' },
    channel: 'web',
    action: 'task.completed',
    subject: { kind: 'task', id: 'T1' },
    details: {},
    ...over,
  }) as AuditEvent;

describe('what a timeline entry is about', () => {
  const tasks = [
    { id: 'T1', kind: 'tracking', milestone: 'siteSecured', stage: 'registered' },
    { id: 'T2', kind: 'approval', approval: 'environmental', stage: 'siteSecured' },
    { id: 'T3', kind: 'followUp', stage: 'negotiating' },
  ] as const;
  const needs = [{ id: 'N1', stage: 'constructionStarted' }] as const;

  it('from the event’s own details: its approval, milestone or stage', () => {
    expect(timelineTopic(event({ details: { approval: 'energy' } }))).toEqual({
      kind: 'approval',
      approval: 'energy',
    });
    expect(timelineTopic(event({ action: 'task.opened', details: { milestone: 'operating' } }))).toEqual({
      kind: 'milestone',
      milestone: 'operating',
    });
    expect(
      timelineTopic(
        event({
          action: 'enterprise.stageReached',
          subject: { kind: 'enterprise', id: 'E' },
          details: { stage: 'registered' },
        }),
      ),
    ).toEqual({ kind: 'stage', stage: 'registered' });
  });

  it('from the task or need it is about, when the details do not say', () => {
    expect(timelineTopic(event({}), { tasks })).toEqual({ kind: 'milestone', milestone: 'siteSecured' });
    expect(timelineTopic(event({ subject: { kind: 'task', id: 'T2' } }), { tasks })).toEqual({
      kind: 'approval',
      approval: 'environmental',
    });
    expect(timelineTopic(event({ subject: { kind: 'task', id: 'T3' } }), { tasks })).toEqual({
      kind: 'stage',
      stage: 'negotiating',
    });
    expect(
      timelineTopic(event({ action: 'need.opened', subject: { kind: 'need', id: 'N1' } }), { needs }),
    ).toEqual({ kind: 'stage', stage: 'constructionStarted' });
  });

  it('nothing for an event about nothing in the lifecycle, and never from a value it does not know', () => {
    expect(
      timelineTopic(event({ subject: { kind: 'staff', id: 'S' }, action: 'staff.created' })),
    ).toBeUndefined();
    expect(
      timelineTopic(event({ details: { stage: '__proto__', milestone: 'x', approval: 7 } })),
    ).toBeUndefined();
    expect(timelineTopic(event({ subject: { kind: 'task', id: 'unknown' } }), { tasks })).toBeUndefined();
  });

  it('names a milestone by its name, an approval by its name, a stage by its status word', () => {
    expect(topicLabel(zh, { kind: 'milestone', milestone: 'constructionStarted' })).toBe('开工建设');
    expect(topicLabel(zh, { kind: 'approval', approval: 'planningPermit' })).toBe('规划许可');
    expect(topicLabel(zh, { kind: 'stage', stage: 'constructionStarted' })).toBe('已开工');
  });

  it('a rendered timeline shows each entry’s topic', () => {
    const html = renderToString(
      h(Timeline, {
        t: zh,
        events: [event({}), event({ subject: { kind: 'staff', id: 'S' }, action: 'staff.created' })],
        topics: { tasks },
      }),
    );
    expect(html).toContain('落实场地');
    expect(html.match(/class="topic"/g)).toHaveLength(1);
  });
});

// ——— the task page: the outcomes that fit the task, one at a time; a completed task's link shows what was done

const ctx: ViewContext = {
  t: zh,
  locale: 'zh-CN',
  path: '/task',
  csrf: 'csrf-token',
  local: false,
  can: () => false,
};
const enterprise = {
  id: '01KE5Y3ZTHCY0WNBY83P9GHGQE',
  name: '芯途半导体有限公司',
  stage: 'siteSecured',
  status: 'active',
} as Enterprise;
const baseTask = {
  id: '01KE5Y3ZTHCY0WNBY83P9GHGQF',
  enterpriseId: enterprise.id,
  enterpriseName: enterprise.name,
  industryChain: '集成电路',
  stage: 'siteSecured',
  status: 'open',
  officerId: 'S1',
  departmentId: 'D1',
  dueAt: '2026-12-10T09:30:00.000Z',
  openedAt: '2026-12-01T01:00:00.000Z',
  notified: [],
  version: 1,
} as const;
const render = (task: Partial<Task>, extra: Partial<TaskPageProps> = {}) =>
  renderToString(
    h(TaskPage, {
      ctx,
      task: { ...baseTask, kind: 'tracking', ...task } as Task,
      enterprise,
      officerName: '陈静',
      light: 'green',
      dueDate: '2026-12-10',
      history: [],
      token: 'link-token',
      ...extra,
    }),
  );
const outcomesOf = (html: string) =>
  [...html.matchAll(/<input type="hidden" name="outcome" value="(\w+)"/g)].map((m) => m[1]);

describe('the task page offers the outcomes that fit the task', () => {
  it('a tracking task: the milestone by name, a progress request, a blocker — each its own form', () => {
    const html = render({ kind: 'tracking', milestone: 'constructionStarted' });
    expect(outcomesOf(html)).toEqual(['milestone', 'progress', 'blocker']);
    expect(html).toContain('已完成「开工建设」');
    // One outcome at a time: each in a <details> of one exclusive group, each with its own submit.
    expect(html.match(/<details name="outcome-choice"/g)).toHaveLength(3);
    expect(html.match(/<form method="post" action="\/task"/g)).toHaveLength(3);
    expect(html.match(/name="t" value="link-token"/g)).toHaveLength(3);
    expect(html.match(/name="_csrf" value="csrf-token"/g)).toHaveLength(3);
  });

  it('an approval task: the approval obtained (a date), a progress request, a blocker to the department handling it', () => {
    const html = render({ kind: 'approval', approval: 'planningPermit', milestone: undefined });
    expect(outcomesOf(html)).toEqual(['approved', 'progress', 'blocker']);
    expect(html).toContain('已取得「规划许可」');
    expect(html).toContain('name="approved.approvedDate"');
    expect(html).toContain('负责办理「规划许可」的部门');
    expect(html).not.toContain('name="milestone.actualDate"');
  });

  it('a follow-up: the talks’ notes and next date, and the way to the signing on the enterprise’s page', () => {
    const html = render({ kind: 'followUp', stage: 'negotiating' });
    expect(outcomesOf(html)).toEqual(['followUp', 'progress', 'blocker']);
    expect(html).toContain('name="followUp.notes"');
    expect(html).toContain('name="followUp.nextDate"');
    expect(html).toContain(`href="/console/enterprises/${enterprise.id}"`);
  });

  it('a visit: the visit, a progress request, a blocker', () => {
    expect(outcomesOf(render({ kind: 'visit' }))).toEqual(['visit', 'progress', 'blocker']);
  });

  it('opens the outcome that was chosen when the page comes back with errors, and only that one', () => {
    const html = render(
      { kind: 'tracking', milestone: 'registered' },
      {
        values: { outcome: 'progress', 'progress.reason': '等待材料' },
        errors: [{ path: 'progress.expectedDate', message: 'field.required' }],
      },
    );
    expect(html.match(/<details name="outcome-choice" open[ >]/g)).toHaveLength(1);
    expect(html).toMatch(/<details name="outcome-choice" open [^>]*data-outcome="progress"/);
    expect(html).toContain('value="等待材料"');
  });

  it('a completed task shows when (Shanghai), by whom and what was reported — never a form', () => {
    const html = render(
      {
        kind: 'tracking',
        milestone: 'registered',
        status: 'completed',
        completedAt: '2026-12-01T17:05:00.000Z',
        completion: {
          outcome: 'milestone',
          actualDate: '2026-12-01',
          fundsInPlace: 5000,
          notes: '营业执照已领取',
        },
      },
      { completedBy: '陈静' },
    );
    expect(html).not.toContain('<form');
    expect(html).toContain('2026-12-02 01:05');
    expect(html).toContain('陈静');
    expect(html).toContain('营业执照已领取');
    expect(html).toContain('2026-12-01');
    expect(html).toContain('已完成「注册登记」');
  });

  it('a cancelled task says so, with no form', () => {
    const html = render({ status: 'cancelled', completion: { cancelled: '项目终止' } });
    expect(html).not.toContain('<form');
    expect(html).toContain('该任务已取消');
  });
});

describe('exports name milestones as goals, stages as status words', () => {
  const c = { t: zh, departmentName: (d: { name: string }) => d.name };
  it('the pipeline’s planned/actual columns are headed by the milestone’s name', () => {
    const [, list] = pipelineSheets(c, { counts: [] } as unknown as Pipeline, [], new Map());
    const heads = list!.columns.map((col) => col.header);
    expect(heads).toContain('开工建设 · 计划');
    expect(heads).not.toContain('已开工 · 计划');
  });

  it('the board’s item column names a task by its milestone; its stage column keeps the status word', () => {
    const row = {
      light: 'red',
      dueDate: '2026-12-01',
      overdueWorkingDays: 2,
      itemType: 'task',
      title: { key: 'task.tracking', milestone: 'constructionStarted' },
      enterpriseName: '芯途',
      industryChain: '集成电路',
      stage: 'siteSecured',
      ownerName: '陈静',
    } as unknown as BoardRow;
    const [cells] = boardSheet(c, [row]).rows;
    expect(cells).toContain('推进至「开工建设」');
    expect(cells).toContain('已落实场地');
  });
});
