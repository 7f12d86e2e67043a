import { describe, expect, it } from 'vitest';
import type { Need } from '#shared/domain/work-item.ts';
import { en } from '#shared/i18n/en.ts';
import { translator } from '#shared/i18n/i18n.ts';
import { zhCN } from '#shared/i18n/zh-CN.ts';
import { taskEscalationMail } from '#shared/lifecycle/mail.tsx';
import { needEscalationMail, needRateMail } from '#shared/needs/mail.tsx';

/** Issue 17 item 7's wording: one term per concept, and mails whose every sentence is whole. */
const zh = translator('zh-CN');
const entries = Object.entries(zhCN) as [keyof typeof zhCN, string][];
const keysWith = (word: string) => entries.filter(([, v]) => v.includes(word)).map(([k]) => k);

describe('the zone’s words', () => {
  it('says 逾期督办, 管理员 and 工作台, never 逾期升级, 管理者 or 管理台', () => {
    expect(keysWith('逾期升级')).toEqual([]);
    expect(keysWith('管理者')).toEqual([]);
    expect(keysWith('管理台')).toEqual([]);
    expect(zh('audit.task.escalated')).toBe('逾期督办');
    expect(zh('role.manager')).toBe('管理员');
    expect(zh('nav.console')).toBe('工作台');
  });

  it('keeps 引荐 for who introduced the lead and 首谈 for who leads the talks; the credit is 引进', () => {
    // 信息提供人/引荐人 (Origin.referrer) and 首谈人/首谈部门 (Origin.negotiator) are two people; the enterprise's
    // attribution (Enterprise.lead, counted as 引进项目 on the scoreboard) is neither, so it has its own word.
    for (const key of keysWith('引荐')) expect(key).toMatch(/referrer/);
    expect(zh('enterprise.lead')).toBe('引进人');
    expect(zh('enterprise.lead.departmentId')).toBe('引进部门');
    expect(zh('enterprise.lead.staffId')).toBe('引进人');
    expect(zh('enterprise.origin.negotiator')).toBe('首谈人');
    expect(en['enterprise.lead']).not.toBe('Lead');
  });

  it('calls an officer’s visit to an operating enterprise 走访, the coordinator’s call after a need 回访', () => {
    expect(zh('task.visit')).toBe('企业走访');
    expect(zh('task.outcome.visit')).toBe('已完成走访');
    expect(zh('task.field.visitDate')).toBe('走访日期');
    for (const key of keysWith('回访')) expect(key).not.toMatch(/^task\.|^visit\./);
    expect(zh('need.action.revisit')).toBe('回访');
  });

  it('says 答复 for the answer and 办结 only for a need closed', () => {
    // Answering leaves the need open for the enterprise's rating: it is not closed (办结) yet.
    expect(zh('need.resolve')).not.toContain('办结');
    expect(zh('mail.need.rate.subject', { title: 'T', ref: 'R' })).not.toContain('办结');
    expect(zh('need.status.resolved')).toContain('已答复');
    expect(zh('need.status.closed')).toBe('已办结');
    // The resolve clock runs to the answer (the committed answer date can be no later than it).
    for (const key of [
      'clocks.resolveSimpleDays',
      'clocks.resolveComplexDays',
      'need.complexity.complex',
    ] as const)
      expect(zh(key)).toContain('答复');
  });
});

const need = {
  id: 'N1',
  ref: 'XQ-20261202-0001',
  enterpriseId: 'E1',
  enterpriseName: '卓越复合材料有限公司',
  title: '用地协调',
  urgency: 'normal',
  status: 'resolved',
  answer: '已协调规划部门，用地指标已落实。',
  dueAt: '2026-12-02T09:30:00.000Z',
} as unknown as Need;

describe('the 督办 mails read as whole sentences', () => {
  const escalation = (task: Parameters<typeof taskEscalationMail>[0]['task'], name = '') =>
    taskEscalationMail({
      locale: 'zh-CN',
      to: ['h1@zone.cn', 'h2@zone.cn'],
      name,
      officer: '陈静',
      enterprise: '卓越复合材料有限公司',
      task,
      due: '2026-11-20',
      days: 3,
      url: 'https://x.cn/console/enterprises/e',
    });

  it('names the task as a task, whatever its kind, and greets a group without an empty name', () => {
    const tracking = escalation({ kind: 'tracking', milestone: 'constructionStarted' });
    expect(tracking.subject).toBe(
      '【督办】「卓越复合材料有限公司」的任务“推进至「开工建设」”已逾期 3 个工作日（负责人：陈静）',
    );
    expect(tracking.text).toContain(
      '您好：陈静负责的企业「卓越复合材料有限公司」的任务“推进至「开工建设」”原定于 2026-11-20 前完成，现已逾期 3 个工作日，请督促办理。',
    );
    expect(tracking.text).not.toMatch(/(^|\n)，/);
    expect(escalation({ kind: 'approval', milestone: undefined, approval: 'planningPermit' }).text).toContain(
      '的任务“办理「规划许可」”原定于',
    );
    expect(escalation({ kind: 'visit', milestone: undefined }).subject).toContain('的任务“企业走访”已逾期');
  });

  it('a need’s: due by when, to do what, how late, and who should act', () => {
    const mail = needEscalationMail({
      name: '王芳',
      need,
      phase: 'signFor',
      due: '2026-11-20',
      url: 'https://x',
      to: ['a@b.cn'],
      days: 2,
    });
    expect(mail.text).toContain(
      '王芳，您好：企业「卓越复合材料有限公司」的诉求「用地协调」（编号 XQ-20261202-0001）应于 2026-11-20 前签收并承诺答复时间，现已逾期 2 个工作日，请督促承办人尽快办理。',
    );
  });
});

describe('the rating mail reads as whole sentences', () => {
  it('says the need has an answer, quotes it, and asks for the rating by when', () => {
    const mail = needRateMail({
      locale: 'zh-CN',
      to: ['e@ent.cn'],
      need,
      due: '2026-12-09',
      url: 'https://x',
    });
    expect(mail.subject).toBe('【请评价】您的诉求「用地协调」（XQ-20261202-0001）已有答复');
    expect(mail.text).toContain(
      '您好：贵企业的诉求「用地协调」（编号 XQ-20261202-0001）已有答复，答复内容为：“已协调规划部门，用地指标已落实。”。请在 2026-12-09 前打开下面的链接，对这次答复作出评价。',
    );
    // An answer is quoted, so it never runs into the mail's own sentence ("落实。。请", "落实请").
    expect(mail.text).not.toContain('。。');
    const bare = needRateMail({
      locale: 'zh-CN',
      to: ['e@ent.cn'],
      need: { ...need, answer: '已落实' },
      due: '2026-12-09',
      url: 'https://x',
    });
    expect(bare.text).toContain('答复内容为：“已落实”。请在');
  });
});
