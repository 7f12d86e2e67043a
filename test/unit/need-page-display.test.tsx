import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { BoardPage } from '#functions/http/pages/board.view.tsx';
import { NeedPage, RatePage } from '#functions/http/pages/need.view.tsx';
import { NeedParts } from '#functions/http/pages/need-parts.view.tsx';
import type { ViewContext } from '#functions/http/ui/context.ts';
import { Timeline } from '#functions/http/ui/parts.tsx';
import { OutboxPage } from '#local/outbox-page.tsx';
import type { BoardRow } from '#shared/board/board.ts';
import type { AuditEvent } from '#shared/domain/audit.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import type { NeedPart } from '#shared/domain/need-part.ts';
import type { Department } from '#shared/domain/organisation.ts';
import type { Need } from '#shared/domain/work-item.ts';
import { translator } from '#shared/i18n/i18n.ts';
import { needOwnerMail, needReminderMail } from '#shared/needs/mail.tsx';
import type { OutboxMessage } from '#shared/store/outbox.ts';

/** Issue 16's leftovers on the need page and around it (an adversarial try). */
const ctxIn = (locale: 'zh-CN' | 'en'): ViewContext => ({
  t: translator(locale),
  locale,
  path: '/need',
  csrf: 'csrf-token',
  local: true,
  can: () => false,
});
const zh = ctxIn('zh-CN');
const en = ctxIn('en');

const departments = [
  { id: 'D1', name: '规划建设局', nameEn: 'Planning and Construction Bureau', version: 1 },
  { id: 'D2', name: '企业服务局', version: 1 },
] as unknown as Department[];

// Wed 2 Dec 2026: raised at 09:00 Shanghai, an urgent need's sign-for is due at 11:00, its first contact at 10:00.
const need = {
  id: '01KE5Y3ZTHCY0WNBY83P9GHGQN',
  ref: 'XQ-20261202-GHQN',
  enterpriseId: '01KE5Y3ZTHCY0WNBY83P9GHGQE',
  enterpriseName: '卓越复合材料有限公司',
  industryChain: '新材料',
  stage: 'operating',
  category: 'utilities',
  title: '紧急停电',
  description: '厂区突然停电，生产线停工。',
  urgency: 'urgent',
  nature: 'help',
  contactName: '王经理',
  contactPhone: '13900000001',
  status: 'routed',
  ownerDepartmentId: 'D1',
  ownerId: 'S1',
  dueAt: '2026-12-02T03:00:00.000Z',
  firstContactBy: '2026-12-02T02:00:00.000Z',
  resolveBy: '2026-12-07',
  redoCount: 0,
  attachments: [],
  notified: [],
  createdAt: '2026-12-02T01:00:00.000Z',
  version: 1,
} as unknown as Need;

const page = (p: {
  ctx?: ViewContext;
  need?: Need;
  errors?: FieldError[];
  values?: Record<string, string>;
}) =>
  renderToString(
    h(NeedPage, {
      ctx: p.ctx ?? zh,
      need: p.need ?? need,
      token: 'tok',
      may: { own: true, reroute: true, decide: true, decideExtension: false },
      departments,
      history: [],
      errors: p.errors,
      values: p.values,
    }),
  );
/** The form on the page that posts `action`, as HTML. */
const formOf = (html: string, action: string) =>
  html.split('<form').find((f) => f.includes(`name="action" value="${action}"`)) ?? '';

describe('an hour-level deadline shows its time', () => {
  it('the need page gives the current step’s due with the time when it is not close of business', () => {
    const html = page({});
    expect(html).toContain('签收时限');
    expect(html).toContain('2026-12-02 11:00');
    // An answer due at close of business on its committed date reads as the date.
    const committed = page({
      need: { ...need, status: 'committed', committedDate: '2026-12-04', dueAt: '2026-12-04T09:30:00.000Z' },
    });
    expect(committed).toContain('答复期限');
    expect(committed).not.toContain('2026-12-04 17:30');
    expect(page({ ctx: en })).toContain('Sign for it by');
  });

  it('the board prints an urgent need’s due with its time, a task’s due at close of business as a date', () => {
    const row = (over: Partial<BoardRow>) =>
      ({
        itemType: 'need',
        id: 'N1',
        title: { key: 'need', text: '紧急停电' },
        enterpriseId: 'E1',
        enterpriseName: '卓越复合材料有限公司',
        stage: 'operating',
        industryChain: '新材料',
        ownerId: 'S1',
        ownerName: '刘洋',
        departmentId: 'D1',
        light: 'yellow',
        overdueWorkingDays: 0,
        urgent: true,
        href: '/need?t=x',
        ...over,
      }) as BoardRow;
    const html = renderToString(
      h(BoardPage, {
        ctx: { ...zh, path: '/console' },
        board: {
          scope: 'mine',
          readUnits: 1,
          rows: [
            row({ dueAt: '2026-12-02T03:00:00.000Z', dueDate: '2026-12-02' }),
            row({
              id: 'T1',
              itemType: 'task',
              title: { key: 'task.visit' },
              urgent: false,
              dueAt: '2026-12-04T09:30:00.000Z',
              dueDate: '2026-12-04',
            }),
          ],
        },
        filters: {},
        stages: [],
        people: [],
        departments: [],
      }),
    );
    expect(html).toContain('<time datetime="2026-12-02T03:00:00.000Z">2026-12-02 11:00</time>');
    expect(html).toContain('<time datetime="2026-12-04T09:30:00.000Z">2026-12-04</time>');
  });
});

describe('staff mail prints an hour-level due with its time', () => {
  const to = 'liu.yang@hitech-zone.example.cn';
  it('the owner’s mail and the reminders of an urgent sign-for say 11:00; a due at close of business a date', () => {
    const common = { name: '刘洋', need, phase: 'signFor' as const, due: '2026-12-02', url: 'http://x/need' };
    expect(needOwnerMail({ ...common, to }).text).toContain('截止 2026-12-02 11:00');
    expect(needReminderMail({ ...common, to, when: 'due', locale: 'en' }).text).toContain('2026-12-02 11:00');
    const normal = { ...need, urgency: 'normal', dueAt: '2026-12-03T09:30:00.000Z' } as Need;
    const text = needOwnerMail({ ...common, need: normal, due: '2026-12-03', to }).text;
    expect(text).toContain('截止 2026-12-03');
    expect(text).not.toContain('17:30');
  });
});

describe('the extension form has fields of its own', () => {
  it('asks for its reason as extendReason, never the return form’s reason', () => {
    const html = page({ need: { ...need, status: 'committed', committedDate: '2026-12-04' } });
    expect(formOf(html, 'extend')).toContain('name="extendReason"');
    expect(formOf(html, 'extend')).not.toContain('name="reason"');
    expect(formOf(html, 'return')).toContain('name="reason"');
  });

  it('an error (and what was typed) on one form shows under that form only', () => {
    const committed = { ...need, status: 'committed', committedDate: '2026-12-04' } as Need;
    const returned = page({
      need: committed,
      errors: [{ path: 'reason', message: 'text.required' }],
      values: { action: 'return', reason: '不属于本部门' },
    });
    expect(formOf(returned, 'return')).toContain('field-error');
    expect(formOf(returned, 'return')).toContain('不属于本部门');
    expect(formOf(returned, 'extend')).not.toContain('field-error');
    expect(formOf(returned, 'extend')).not.toContain('不属于本部门');
    const extended = page({ need: committed, errors: [{ path: 'extendReason', message: 'text.required' }] });
    expect(formOf(extended, 'extend')).toContain('field-error');
    expect(formOf(extended, 'return')).not.toContain('field-error');
  });
});

describe('department names in the reader’s language', () => {
  it('the need page names the owner and the re-route choices in English where a department has an English name', () => {
    const html = page({ ctx: en, need: { ...need, status: 'returned' } });
    expect(html).toContain('Planning and Construction Bureau');
    expect(html).not.toContain('规划建设局');
    // No English name: the Chinese one.
    expect(html).toContain('企业服务局');
    expect(page({ need: { ...need, status: 'returned' } })).toContain('规划建设局');
  });

  it('the rate page names the owner department (承办部门) it is given', () => {
    const html = renderToString(
      h(RatePage, {
        ctx: zh,
        need: { ...need, status: 'resolved', answer: '已恢复供电' },
        token: 'tok',
        ownerDepartment: '规划建设局',
      }),
    );
    expect(html).toContain('<dd>规划建设局</dd>');
  });
});

const event = (over: Partial<AuditEvent>): AuditEvent =>
  ({
    id: '01KE5Y3ZTHCY0WNBY83P9GHGQD',
    at: '2026-12-02T07:03:00.000Z',
    actor: { kind: 'system' },
    channel: 'system',
    action: 'need.escalated',
    subject: { kind: 'need', id: need.id },
    details: {},
    ...over,
  }) as AuditEvent;

describe('timeline entries', () => {
  const text = (html: string) => html.replace(/<[^>]+>/g, '');

  it('end with the actor’s name when there is one, never a dangling “·”', () => {
    const names = new Map([['S1', '刘洋']]);
    const html = renderToString(
      h(Timeline, {
        t: zh.t,
        names,
        events: [
          event({ action: 'need.opened', actor: { kind: 'enterprise', id: need.enterpriseId } }),
          event({ action: 'need.signedFor', actor: { kind: 'staff', id: 'S1' } }),
        ],
      }),
    );
    const items = text(html).split('</li>').join('\n');
    expect(items).toContain('提出诉求');
    expect(items).not.toMatch(/·\s*(\n|$)/);
    expect(items).toContain('· 刘洋');
  });

  it('label the first-contact escalation as such, an overdue one as overdue, a decision as a decision', () => {
    const labels = (locale: 'zh-CN' | 'en') =>
      text(
        renderToString(
          h(Timeline, {
            t: translator(locale),
            events: [
              event({ details: { kind: 'managers', key: 'firstContact:managers:x', phase: 'firstContact' } }),
              event({ details: { kind: 'head', key: 'head:x', phase: 'signFor' } }),
              event({
                actor: { kind: 'enterprise', id: 'E1' },
                details: { rating: 'unsatisfied', redoCount: 3 },
              }),
            ],
          }),
        ),
      );
    const zhText = labels('zh-CN');
    expect(zhText).toContain('先行联系督办');
    expect(zhText).toContain('逾期督办');
    expect(zhText.match(/转管理员决定/g)).toHaveLength(1);
    const enText = labels('en');
    expect(enText).toContain('First contact escalated');
    expect(enText).toContain('Escalated: overdue');
    expect(enText.match(/Sent to a manager/g)).toHaveLength(1);
  });
});

describe('the local outbox page', () => {
  it('prints when each message was sent in Shanghai time', () => {
    const message = {
      id: 'M1',
      channel: 'email',
      to: ['liu.yang@hitech-zone.example.cn'],
      subject: '【紧急】【诉求】待签收',
      text: '…',
      links: [],
      sentAt: '2026-12-02T01:02:41.536Z',
    } as unknown as OutboxMessage;
    const html = renderToString(
      h(OutboxPage, { ctx: { ...zh, path: '/_local/outbox' }, messages: [message] }),
    );
    expect(html).toContain('<time datetime="2026-12-02T01:02:41.536Z">2026-12-02 09:02</time>');
  });
});

describe('the 主办/协办 section', () => {
  it('names the lead and assisting departments in the reader’s language', () => {
    const part = {
      id: '01KE5Y3ZTHCY0WNBY83P9GHGQP',
      departmentId: 'D1',
      part: '核实',
      dueDate: '2026-12-04',
      status: 'open',
    } as unknown as NeedPart;
    const render = (ctx: ViewContext) =>
      renderToString(
        h(NeedParts, {
          ctx,
          need: { ...need, ownerDepartmentId: 'D2' } as Need,
          parts: [part],
          departments,
          token: 'tok',
          lead: true,
          answers: [],
        }),
      );
    const english = render(en);
    expect(english).toContain('<strong>Planning and Construction Bureau</strong>');
    expect(english).toContain('Lead: 企业服务局');
    expect(render(zh)).toContain('<strong>规划建设局</strong>');
  });
});
