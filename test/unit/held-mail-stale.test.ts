import { describe, expect, it } from 'vitest';
import type { NeedPart } from '#shared/domain/need-part.ts';
import { reminderStage } from '#shared/mail/about.ts';
import type { Mail, MailAbout } from '#shared/mail/mailer.ts';
import { movedOn, supersededBy } from '#shared/mail/stale.ts';
import { type PartMailKind, partMail } from '#shared/needs/parts-mail.tsx';

const need = (over: Partial<Extract<MailAbout, { kind: 'need' }>> = {}): MailAbout => ({
  kind: 'need',
  enterpriseId: 'e1',
  id: 'n1',
  status: 'routed',
  ownerId: 'owner',
  ...over,
});
const task = (over: Partial<Extract<MailAbout, { kind: 'task' }>> = {}): MailAbout => ({
  kind: 'task',
  enterpriseId: 'e1',
  id: 't1',
  officerId: 'officer',
  ...over,
});

describe('a held mail about a need', () => {
  it('still stands while the need is in the status it was sent in, with the same owner', () => {
    expect(movedOn(need(), { status: 'routed', ownerId: 'owner' })).toBeUndefined();
  });

  it('has moved on once the need is in another status (answered, closed, signed for…)', () => {
    expect(movedOn(need(), { status: 'closed', ownerId: 'owner' })).toBe('status');
    expect(movedOn(need({ status: 'committed' }), { status: 'resolved', ownerId: 'owner' })).toBe('status');
  });

  it('has moved on once someone else owns it (handed over, rerouted)', () => {
    expect(movedOn(need(), { status: 'routed', ownerId: 'someone-else' })).toBe('owner');
    expect(movedOn(need(), { status: 'routed' })).toBe('owner');
  });

  it('has moved on once the need is gone', () => {
    expect(movedOn(need(), undefined)).toBe('gone');
  });

  it('asks nothing of the owner when the mail named none (a manager asked to decide)', () => {
    expect(
      movedOn(need({ ownerId: undefined, status: 'escalated' }), { status: 'escalated', ownerId: 'x' }),
    ).toBe(undefined);
  });

  it('a first-contact chase has moved on once the contact is recorded, the status unchanged', () => {
    const chase = need({ firstContact: true });
    expect(movedOn(chase, { status: 'routed', ownerId: 'owner' })).toBeUndefined();
    expect(
      movedOn(chase, { status: 'routed', ownerId: 'owner', firstContactAt: '2026-11-30T01:00:00Z' }),
    ).toBe('firstContact');
    // Any other mail about the need is not moot because of the contact.
    expect(
      movedOn(need(), { status: 'routed', ownerId: 'owner', firstContactAt: '2026-11-30T01:00:00Z' }),
    ).toBe(undefined);
  });
});

describe('a held mail about a task', () => {
  it('still stands while the task is open with the same officer', () => {
    expect(movedOn(task(), { status: 'open', officerId: 'officer' })).toBeUndefined();
  });

  it('has moved on once the task is completed or cancelled', () => {
    expect(movedOn(task(), { status: 'completed', officerId: 'officer' })).toBe('closed');
    expect(movedOn(task(), { status: 'cancelled', officerId: 'officer' })).toBe('closed');
  });

  it('has moved on once another officer holds it (reassigned, handed over)', () => {
    expect(movedOn(task(), { status: 'open', officerId: 'new-officer' })).toBe('officer');
  });

  it('has moved on once the task is gone', () => {
    expect(movedOn(task(), undefined)).toBe('gone');
  });
});

describe('a held mail about a need’s part (协办)', () => {
  const part: MailAbout = { kind: 'part', enterpriseId: 'e1', needId: 'n1', id: 'p1', ownerId: 'head' };
  it('stands while the part is open and its owner answers for it', () => {
    expect(movedOn(part, { status: 'open', ownerId: 'head' })).toBeUndefined();
  });
  it('has moved on once answered or ended, or handed to someone else', () => {
    expect(movedOn(part, { status: 'answered', ownerId: 'head' })).toBe('closed');
    expect(movedOn(part, { status: 'cancelled', ownerId: 'head' })).toBe('closed');
    expect(movedOn(part, { status: 'open', ownerId: 'officer' })).toBe('owner');
    expect(movedOn(part, undefined)).toBe('gone');
  });
});

describe('a held reminder superseded by a newer one', () => {
  const mail = (about: MailAbout | undefined, to: Mail['to'] = ['a@zone.example.cn']): Mail => ({
    to,
    subject: 's',
    text: '',
    html: '',
    links: [],
    ...(about ? { about } : {}),
  });
  const reminder = (stage: number, over: Partial<Extract<MailAbout, { kind: 'task' }>> = {}) =>
    task({ reminder: stage, ...over });

  it('is superseded by a later reminder at least as far along about the same item to the same people', () => {
    expect(supersededBy(mail(reminder(0)), mail(reminder(2)))).toBe(true);
    expect(supersededBy(mail(reminder(1)), mail(reminder(1)))).toBe(true);
    expect(supersededBy(mail(need({ reminder: -1 })), mail(need({ reminder: 0 })))).toBe(true);
  });

  it('is not superseded by one less far along (a clock set back keyed it after), nor by other mail', () => {
    expect(supersededBy(mail(reminder(2)), mail(reminder(0)))).toBe(false);
    expect(supersededBy(mail(reminder(0)), mail(reminder(0), ['b@zone.example.cn']))).toBe(false);
    expect(supersededBy(mail(reminder(0)), mail(reminder(0, { id: 't2' })))).toBe(false);
    expect(supersededBy(mail(reminder(0)), mail(task()))).toBe(false);
    expect(supersededBy(mail(task()), mail(reminder(0)))).toBe(false);
    expect(supersededBy(mail(reminder(0)), mail(need({ reminder: 0, id: 't1' })))).toBe(false);
    expect(supersededBy(mail(undefined), mail(undefined))).toBe(false);
  });

  it('supersedes a part’s (协办) reminder by a later one about the same part, never by its need’s', () => {
    const part = (reminder: number, id = 'p1'): MailAbout => ({
      kind: 'part',
      enterpriseId: 'e1',
      needId: 'n1',
      id,
      ownerId: 'head',
      reminder,
    });
    expect(supersededBy(mail(part(-1)), mail(part(0)))).toBe(true);
    expect(supersededBy(mail(part(2)), mail(part(1)))).toBe(false);
    expect(supersededBy(mail(part(0)), mail(part(0, 'p2')))).toBe(false);
    expect(supersededBy(mail(part(0, 'n1')), mail(need({ reminder: 0, id: 'n1' })))).toBe(false);
    // The part's mails mark it: a reminder with its stage, its first ask without, the lead's notices not at all.
    const of = (kind: PartMailKind, days?: number) =>
      partMail({
        kind,
        to: ['a@zone.example.cn'],
        name: '王芳',
        part: {
          id: 'p1',
          enterpriseId: 'e1',
          needId: 'n1',
          ownerId: 'head',
          needTitle: '厂房双回路供电',
          needRef: 'XQ-1',
          part: '电力接入',
          dueDate: '2026-12-07',
        } as NeedPart,
        enterpriseName: '企业',
        department: '招商一局',
        days,
        url: 'https://zone.example.cn/n',
      }).about;
    expect([of('before'), of('overdue', 2)].map((a) => a?.kind === 'part' && a.reminder)).toEqual([-1, 2]);
    expect(of('asked')).toMatchObject({ kind: 'part', id: 'p1' });
    expect(of('asked')).not.toHaveProperty('reminder');
    expect(of('answered')).toBeUndefined();
  });

  it('counts a reminder’s stage from before the due date to the working days late', () => {
    expect([reminderStage('before'), reminderStage('due'), reminderStage('overdue', 3)]).toEqual([-1, 0, 3]);
    expect(reminderStage('overdue', 0)).toBe(1);
  });
});
