import { describe, expect, it } from 'vitest';
import { createCalendar, OFFICE_HOURS } from '#shared/calendar/working-days.ts';
import type { Mail } from '#shared/mail/mailer.ts';
import { sendOrQueue, sendToStaff } from '#shared/mail/office-hours.ts';
import type { Db } from '#shared/store/db.ts';

const cal = createCalendar();
/** An instant given as Shanghai wall-clock time. */
const local = (dateTime: string) => new Date(`${dateTime}+08:00`);
const iso = (at: Date) => at.toISOString();

describe('office hours (09:00–12:00, 13:30–17:30 Asia/Shanghai, working days)', () => {
  it('opens and closes on the minute, with the lunch break closed', () => {
    const cases: [string, boolean][] = [
      ['2026-11-27T08:59:59', false],
      ['2026-11-27T09:00:00', true],
      ['2026-11-27T11:59:59', true],
      ['2026-11-27T12:00:00', false],
      ['2026-11-27T13:29:59', false],
      ['2026-11-27T13:30:00', true],
      ['2026-11-27T17:29:59', true],
      ['2026-11-27T17:30:00', false],
      ['2026-11-27T23:00:00', false],
    ];
    for (const [at, open] of cases) expect(cal.isOfficeTime(local(at)), at).toBe(open);
  });

  it('is open on make-up weekend days and closed on holidays that fall on weekdays', () => {
    for (const day of ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']) {
      expect(cal.isOfficeTime(local(`${day}T10:00:00`)), day).toBe(true);
    }
    for (const day of ['2026-01-02', '2026-02-18', '2026-05-05', '2026-06-19', '2026-09-25', '2026-10-07']) {
      expect(cal.isOfficeTime(local(`${day}T10:00:00`)), day).toBe(false);
    }
  });

  it('is seven working hours a day', () => {
    expect(OFFICE_HOURS.reduce((sum, w) => sum + w.end - w.start, 0)).toBe(7 * 60);
    const friday9 = local('2026-11-27T09:00:00');
    expect(iso(cal.addWorkingHours(friday9, 7))).toBe(iso(local('2026-11-27T17:30:00')));
    expect(iso(cal.addWorkingHours(friday9, 7.5))).toBe(iso(local('2026-11-30T09:30:00')));
  });
});

describe('when office hours next begin', () => {
  it('is the instant itself inside office hours', () => {
    const at = local('2026-11-27T10:17:42');
    expect(cal.nextOfficeTime(at)).toEqual(at);
  });

  it('is 09:00 the same day before opening, and 13:30 during lunch', () => {
    expect(iso(cal.nextOfficeTime(local('2026-11-27T06:00:00')))).toBe(iso(local('2026-11-27T09:00:00')));
    expect(iso(cal.nextOfficeTime(local('2026-11-27T12:00:00')))).toBe(iso(local('2026-11-27T13:30:00')));
    expect(iso(cal.nextOfficeTime(local('2026-11-27T13:29:30')))).toBe(iso(local('2026-11-27T13:30:00')));
  });

  it('after the last Friday before the Spring Festival is the make-up Saturday, and after that 24 Feb', () => {
    expect(iso(cal.nextOfficeTime(local('2026-02-13T17:30:00')))).toBe(iso(local('2026-02-14T09:00:00')));
    expect(iso(cal.nextOfficeTime(local('2026-02-14T18:00:00')))).toBe(iso(local('2026-02-24T09:00:00')));
    expect(iso(cal.nextOfficeTime(local('2026-02-18T10:00:00')))).toBe(iso(local('2026-02-24T09:00:00')));
  });

  it('counts from the Shanghai day around UTC midnight', () => {
    // 2026-02-13T16:30Z is 00:30 on Saturday 14 Feb, a make-up working day.
    expect(iso(cal.nextOfficeTime(new Date('2026-02-13T16:30:00Z')))).toBe('2026-02-14T01:00:00.000Z');
    // 2026-10-09T23:00Z is 07:00 on Saturday 10 Oct, the make-up day after National Day.
    expect(iso(cal.nextOfficeTime(new Date('2026-10-09T23:00:00Z')))).toBe('2026-10-10T01:00:00.000Z');
  });

  it('always lands in office hours, never earlier than asked, and is stable', () => {
    const start = local('2026-09-28T00:00:00').getTime();
    for (let t = start; t < start + 14 * 86_400_000; t += 37 * 60_000) {
      const at = new Date(t);
      const next = cal.nextOfficeTime(at);
      expect(cal.isOfficeTime(next), iso(at)).toBe(true);
      expect(next.getTime()).toBeGreaterThanOrEqual(t);
      expect(cal.nextOfficeTime(next)).toEqual(next);
    }
  });
});

describe('adding working hours', () => {
  it('ends a stretch at the close of a window rather than at the next opening', () => {
    expect(iso(cal.addWorkingHours(local('2026-11-27T09:00:00'), 3))).toBe(iso(local('2026-11-27T12:00:00')));
  });

  it('starts from the next opening when it starts in lunch, after hours or on a holiday', () => {
    expect(iso(cal.addWorkingHours(local('2026-11-27T12:15:00'), 1))).toBe(iso(local('2026-11-27T14:30:00')));
    expect(iso(cal.addWorkingHours(local('2026-11-27T17:30:00'), 1))).toBe(iso(local('2026-11-30T10:00:00')));
    expect(iso(cal.addWorkingHours(local('2026-02-13T17:00:00'), 1))).toBe(iso(local('2026-02-14T09:30:00')));
    expect(iso(cal.addWorkingHours(local('2026-10-01T09:00:00'), 8))).toBe(iso(local('2026-10-09T10:00:00')));
  });

  it('rounds to whole minutes and refuses a negative number of hours', () => {
    const at = local('2026-11-27T09:00:00');
    expect(iso(cal.addWorkingHours(at, 1 / 3))).toBe(iso(local('2026-11-27T09:20:00')));
    expect(iso(cal.addWorkingHours(at, 0.001))).toBe(iso(at));
    expect(() => cal.addWorkingHours(at, -1)).toThrow(RangeError);
  });
});

/** A mail, a mailer that records or refuses, and a table that only records what is put in it. */
function harness(now: Date, mailerWorks = true) {
  const mail: Mail = {
    to: ['wang.fang@zone.example.cn'],
    subject: '待办',
    text: 't',
    html: '<p>t</p>',
    links: [],
  };
  const sent: Mail[] = [];
  const puts: Record<string, unknown>[] = [];
  const db = {
    table: 'test',
    doc: {
      send: async (command: { input: { Item?: Record<string, unknown> } }) => {
        if (command.input.Item) puts.push(command.input.Item);
        return {};
      },
    },
  } as unknown as Db;
  const mailer = {
    send: async (m: Mail) => {
      if (!mailerWorks) throw Object.assign(new Error('down'), { name: 'MailServerDown' });
      sent.push(m);
      return { id: 'm1' };
    },
  };
  return { deps: { db, clock: { now: () => now }, calendar: cal, mailer }, mail, sent, puts };
}

describe('staff mail and office hours', () => {
  it('sends mail to staff at once inside office hours', async () => {
    const h = harness(local('2026-02-14T10:00:00')); // the make-up Saturday
    expect(await sendToStaff(h.deps, h.mail)).toBe('sent');
    expect(h.sent).toEqual([h.mail]);
    expect(h.puts).toEqual([]);
  });

  it('holds mail sent after hours until office hours next begin', async () => {
    const h = harness(local('2026-09-30T18:00:00')); // the eve of National Day
    expect(await sendToStaff(h.deps, h.mail)).toBe('queued');
    expect(h.sent).toEqual([]);
    expect(h.puts).toHaveLength(1);
    expect(String(h.puts[0]?.SK)).toMatch(/^2026-10-08T01:00:00\.000Z#[0-9A-Z]{26}$/);
    expect(h.puts[0]?.mail).toEqual(h.mail);
  });

  it('queues a mail the server refuses for a retry five minutes later', async () => {
    const now = local('2026-11-27T10:00:00');
    const h = harness(now, false);
    expect(await sendOrQueue(h.deps, h.mail)).toBe('queued');
    expect(String(h.puts[0]?.SK).slice(0, 24)).toBe(new Date(now.getTime() + 5 * 60_000).toISOString());
  });
});
