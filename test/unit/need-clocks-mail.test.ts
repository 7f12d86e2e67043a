import { describe, expect, it } from 'vitest';
import type { Need } from '#shared/domain/work-item.ts';
import {
  needFirstContactMail,
  needManagerMail,
  needOwnerMail,
  needReminderMail,
} from '#shared/needs/mail.tsx';

const need = (urgency: Need['urgency']) =>
  ({
    id: '01JDZ8Q4W6E2R7T9Y3U5M10042',
    ref: 'XQ-20260921-0042',
    enterpriseName: '宏达精密制造有限公司',
    title: '突发停电',
    urgency,
    contactName: '李经理',
    contactPhone: '13900000001',
  }) as Need;
const owner = (n: Need, locale?: 'en') =>
  needOwnerMail({
    locale,
    to: 'a@b.cn',
    name: '陈静',
    need: n,
    phase: 'signFor',
    due: '2026-09-21',
    url: 'http://x',
  });

describe('staff mail about an urgent need says so first', () => {
  it('prefixes 【紧急】 in Chinese and [Urgent] in English, on every staff mail', () => {
    expect(owner(need('urgent')).subject).toMatch(/^【紧急】【诉求】/);
    // The due date travels with the message (an SMS shows it).
    expect(owner(need('urgent')).due).toBe('2026-09-21');
    expect(owner(need('urgent'), 'en').subject).toMatch(/^\[Urgent\] /);
    const reminder = needReminderMail({
      to: 'a@b.cn',
      name: '陈静',
      need: need('urgent'),
      phase: 'answer',
      due: '2026-09-24',
      when: 'due',
      url: 'http://x',
    });
    expect(reminder.subject).toMatch(/^【紧急】【诉求提醒】/);
    const manager = needManagerMail({
      to: ['m@b.cn'],
      name: '陈志远',
      need: need('urgent'),
      why: 'returned',
      url: 'x',
    });
    expect(manager.subject).toMatch(/^【紧急】/);
    const chase = needFirstContactMail({
      to: ['a@b.cn'],
      name: '陈静',
      need: need('urgent'),
      kind: 'due',
      by: '2026-09-21 11:00',
      url: 'http://x',
    });
    expect(chase.subject).toMatch(/^【紧急】【先行联系】/);
    expect(chase.text).toContain('13900000001');
  });

  it('leaves a normal need’s subject as it was', () => {
    expect(owner(need('normal')).subject).toMatch(/^【诉求】/);
    expect(owner(need('normal'), 'en').subject).not.toContain('Urgent');
  });
});
