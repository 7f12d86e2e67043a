import { describe, expect, it } from 'vitest';
import { createCalendar } from '#shared/calendar/working-days.ts';
import { escalationsToSend, settledBy } from '#shared/domain/cadence.ts';
import { fromZod, validate } from '#shared/domain/input-error.ts';
import { NEED_CATEGORIES, NEED_NATURES, type Need } from '#shared/domain/work-item.ts';
import { DEFAULT_CLOCKS, NeedClocksInput } from '#shared/needs/clocks.ts';
import {
  dueInWorkingDays,
  firstContactOwed,
  firstContactPlan,
  hoursClock,
  natureOf,
  openingClocks,
  RESOLUTION_WORKING_DAYS,
  resolutionWorkingDays,
  SIGN_FOR_WORKING_DAYS,
} from '#shared/needs/rules.ts';

const cal = createCalendar();
// Mon 21 Sep 2026, 10:00 Shanghai.
const MON_10 = new Date('2026-09-21T02:00:00Z');
type Kind = Pick<Need, 'category' | 'urgency' | 'nature' | 'complexity'>;
const need = (k: Partial<Kind> = {}): Kind => ({ category: 'utilities', urgency: 'normal', ...k });
const clone = () =>
  structuredClone(DEFAULT_CLOCKS) as unknown as Record<string, Record<string, Record<string, unknown>>>;
const problems = (input: unknown) => {
  const r = validate(NeedClocksInput, input);
  return r.success ? [] : fromZod(r.error).fields.map((f) => `${f.path} ${f.message}`);
};

describe('the default clocks: today’s for a normal need', () => {
  it('gives a normal need of every category today’s resolution clock and one working day to sign for', () => {
    for (const category of NEED_CATEGORIES) {
      for (const nature of ['help', 'complaint', undefined] as const) {
        const c = openingClocks(cal, MON_10, need({ category, nature }));
        expect(c.resolveBy, `${category} ${nature}`).toBe(
          cal.addWorkingDays('2026-09-21', RESOLUTION_WORKING_DAYS[category]),
        );
        // One working day (seven working hours): close of business on the next working day, as before.
        expect(c.dueAt).toBe('2026-09-22T09:30:00.000Z');
        expect(c.firstContactBy).toBeUndefined();
      }
    }
  });

  it('reads a need stored without a nature as a request for help', () => {
    expect(natureOf({})).toBe('help');
    expect(resolutionWorkingDays(DEFAULT_CLOCKS, need({ category: 'land' }))).toBe(15);
  });

  it('answers a consultation in three working days, whatever its category', () => {
    expect(resolutionWorkingDays(DEFAULT_CLOCKS, need({ category: 'land', nature: 'consult' }))).toBe(3);
  });

  it('keeps a category clock shorter than the table’s (hiring: 5)', () => {
    expect(resolutionWorkingDays(DEFAULT_CLOCKS, need({ category: 'hiring', nature: 'suggestion' }))).toBe(5);
  });

  it('still answers the old sign-for constant (one working day) for anything that uses it', () => {
    expect(dueInWorkingDays(cal, MON_10, SIGN_FOR_WORKING_DAYS).toISOString()).toBe(
      '2026-09-22T09:30:00.000Z',
    );
  });
});

describe('an urgent need gets the short clocks', () => {
  it('first contact in 1 working hour, sign-for in 2, an answer in 3 working days — a power outage too', () => {
    const c = openingClocks(cal, MON_10, need({ category: 'utilities', urgency: 'urgent' }));
    expect(c).toEqual({
      firstContactBy: '2026-09-21T03:00:00.000Z', // 11:00
      dueAt: '2026-09-21T04:00:00.000Z', // 12:00
      resolveBy: '2026-09-24', // not 10 working days
    });
    for (const nature of NEED_NATURES) {
      const r = resolutionWorkingDays(DEFAULT_CLOCKS, need({ urgency: 'urgent', nature, category: 'land' }));
      expect(r, nature).toBeLessThanOrEqual(3);
    }
  });

  it('counts working hours across the lunch break', () => {
    // 11:30 + 1 h: half an hour before 12:00, half an hour after 13:30.
    const c = openingClocks(cal, new Date('2026-09-21T03:30:00Z'), need({ urgency: 'urgent' }));
    expect(c.firstContactBy).toBe('2026-09-21T06:00:00.000Z'); // 14:00
    expect(c.dueAt).toBe('2026-09-21T07:00:00.000Z'); // 15:00
  });

  it('counts across 17:30 and the National Day holiday: 17:00 on 30 Sep → 8 Oct, 10 Oct (make-up day)', () => {
    const c = openingClocks(cal, new Date('2026-09-30T09:00:00Z'), need({ urgency: 'urgent' }));
    expect(c.firstContactBy).toBe('2026-10-08T01:30:00.000Z'); // 09:30 on Thu 8 Oct
    expect(c.dueAt).toBe('2026-10-08T02:30:00.000Z'); // 10:30
    expect(c.resolveBy).toBe('2026-10-10'); // 8, 9 and the make-up Saturday 10 Oct
  });

  it('counts a make-up working Saturday: Fri 13 Feb 17:00 → Sat 14 Feb 09:30', () => {
    const c = openingClocks(cal, new Date('2026-02-13T09:00:00Z'), need({ urgency: 'urgent' }));
    expect(c.firstContactBy).toBe('2026-02-14T01:30:00.000Z');
  });

  it('starts the clock at the next office hour for a need sent in the evening', () => {
    // Mon 21 Sep 20:00 → Tue 22 Sep 10:00.
    const c = openingClocks(cal, new Date('2026-09-21T12:00:00Z'), need({ urgency: 'urgent' }));
    expect(c.firstContactBy).toBe('2026-09-22T02:00:00.000Z');
  });

  it('owes first contact only until it is recorded or the need is signed for', () => {
    const by = '2026-09-21T03:00:00.000Z';
    expect(firstContactOwed({ firstContactBy: by, status: 'routed' })).toBe(true);
    expect(firstContactOwed({ firstContactBy: by, status: 'routed', firstContactAt: by })).toBe(false);
    expect(firstContactOwed({ firstContactBy: by, status: 'committed' })).toBe(false);
    expect(firstContactOwed({ status: 'routed' })).toBe(false);
  });
});

describe('hoursClock: working hours, whole working days to the end of the day', () => {
  it('ends a sub-day clock exactly, and a day clock at close of business', () => {
    const t = (at: string, h: number) => hoursClock(cal, new Date(at), h).toISOString();
    expect(t('2026-09-21T01:00:00Z', 2)).toBe('2026-09-21T03:00:00.000Z'); // 09:00 + 2 h = 11:00
    // 09:00 Monday + one working day: 17:30 Tuesday, not 17:30 Monday.
    expect(t('2026-09-21T01:00:00Z', 7)).toBe('2026-09-22T09:30:00.000Z');
    // 8 hours from 10:00 Monday: 11:00 Tuesday is before the day clock's end, so 17:30 Tuesday; never earlier than 7.
    expect(t('2026-09-21T02:00:00Z', 8)).toBe('2026-09-22T09:30:00.000Z');
    // 9 hours from 16:30 Monday: 1 h Monday, 7 h Tuesday, 1 h Wednesday: 10:00 Wednesday, past Tuesday's close.
    expect(t('2026-09-21T08:30:00Z', 9)).toBe('2026-09-23T02:00:00.000Z');
  });
});

describe('firstContactPlan: the owner at the deadline, the head an hour later, the managers three', () => {
  const by = '2026-09-21T03:00:00.000Z'; // Mon 11:00
  const need = (notified: string[] = [], extra: Partial<Need> = {}) =>
    ({ firstContactBy: by, status: 'routed', notified, ...extra }) as Need;
  const at = (iso: string) => new Date(iso);

  it('waits for the deadline, then reminds the owner once', () => {
    expect(firstContactPlan(cal, need(), at('2026-09-21T02:30:00Z'))).toEqual({ send: [], next: at(by) });
    const p = firstContactPlan(cal, need(), at(by));
    expect(p.send.map((n) => n.kind)).toEqual(['due']);
    // 11:00 + 1 working hour is 12:00, the end of the morning: told when the afternoon begins.
    expect(p.next).toEqual(at('2026-09-21T05:30:00Z'));
    expect(firstContactPlan(cal, need([p.send[0]!.key]), at(by)).send).toEqual([]);
  });

  it('escalates to the head, then the managers (lunch break not counted), each once', () => {
    const head = firstContactPlan(cal, need([`firstContact:due:${by}`]), at('2026-09-21T05:30:00Z'));
    expect(head.send.map((n) => n.kind)).toEqual(['head']);
    expect(head.next).toEqual(at('2026-09-21T07:30:00Z')); // 15:30
    const late = firstContactPlan(cal, need(), at('2026-09-22T02:00:00Z'));
    expect(late.send.map((n) => n.kind)).toEqual(['due', 'head', 'managers']);
    expect(late.next).toBeUndefined();
  });

  it('tells the managers once when a head owns the need: the head notice already went to them', () => {
    const late = firstContactPlan(cal, need(), at('2026-09-22T02:00:00Z')).send;
    expect(escalationsToSend(late, true).map((n) => n.kind)).toEqual(['due', 'head']);
    expect(escalationsToSend(late, false).map((n) => n.kind)).toEqual(['due', 'head', 'managers']);
    const head = late.find((n) => n.kind === 'head')!;
    expect(settledBy(head, true)).toEqual([`firstContact:managers:${by}`]);
    expect(settledBy(head, false)).toEqual([]);
    // Settled, the managers' notice is never planned again.
    const settled = [`firstContact:due:${by}`, head.key, `firstContact:managers:${by}`];
    expect(firstContactPlan(cal, need(settled), at('2026-09-22T02:00:00Z')).send).toEqual([]);
    // The head was told (a real head); later nobody heads the department: the managers' notice still goes.
    const managers = late.filter((n) => n.kind === 'managers');
    expect(escalationsToSend(managers, true)).toEqual(managers);
  });

  it('stops once the call is recorded or the need is signed for', () => {
    expect(firstContactPlan(cal, need([], { firstContactAt: by }), at('2026-09-22T02:00:00Z'))).toEqual({
      send: [],
    });
    expect(firstContactPlan(cal, need([], { status: 'committed' }), at('2026-09-22T02:00:00Z')).send).toEqual(
      [],
    );
  });
});

describe('complexity', () => {
  it('gives a complex need the longer clock, never less than a simple one', () => {
    expect(resolutionWorkingDays(DEFAULT_CLOCKS, need({ complexity: 'complex' }))).toBe(25);
    expect(resolutionWorkingDays(DEFAULT_CLOCKS, need({ complexity: 'complex', urgency: 'urgent' }))).toBe(7);
    const table = clone();
    table.help!.normal!.resolveComplexDays = 12;
    table.help!.normal!.resolveSimpleDays = 12;
    // Hiring's own clock is 5, under the table's 12: complex gets 12.
    expect(
      resolutionWorkingDays(
        NeedClocksInput.parse(table),
        need({ category: 'hiring', complexity: 'complex' }),
      ),
    ).toBe(12);
  });
});

describe('the clock table’s validation', () => {
  it('accepts the defaults, and numbers typed into a form', () => {
    expect(problems(DEFAULT_CLOCKS)).toEqual([]);
    const typed = clone();
    typed.help!.urgent!.signForHours = '3';
    expect(NeedClocksInput.parse(typed).help.urgent.signForHours).toBe(3);
  });

  it('wants first contact ≤ sign-for ≤ resolution, simple ≤ complex', () => {
    const t = clone();
    t.help!.urgent!.firstContactHours = 3; // > sign-for 2
    t.consult!.normal!.signForHours = 28; // > 3 working days × 7 hours
    t.complaint!.normal!.resolveComplexDays = 10; // < simple 15
    expect(problems(t).sort()).toEqual([
      'complaint.normal.resolveComplexDays clocks.complexShorter',
      'consult.normal.signForHours clocks.signForAfterResolution',
      'help.urgent.firstContactHours clocks.firstContactAfterSignFor',
    ]);
  });

  it('wants positive whole numbers below sane maxima, and every cell', () => {
    const t = clone();
    t.help!.normal!.resolveSimpleDays = 0;
    t.help!.urgent!.signForHours = 1.5;
    t.suggestion!.normal!.resolveComplexDays = 61;
    t.consult!.urgent!.firstContactHours = 'abc';
    delete t.complaint!.urgent!.signForHours;
    const p = problems(t);
    expect(p).toEqual(
      expect.arrayContaining([
        'help.normal.resolveSimpleDays clocks.tooSmall',
        'help.urgent.signForHours clocks.number',
        'suggestion.normal.resolveComplexDays clocks.tooLarge',
        'consult.urgent.firstContactHours clocks.number',
        'complaint.urgent.signForHours clocks.number',
      ]),
    );
  });

  it('refuses unknown natures and a first-contact clock on a normal row', () => {
    const t = clone();
    (t as Record<string, unknown>).praise = t.help;
    t.help!.normal!.firstContactHours = 1;
    expect(problems(t)).toEqual(expect.arrayContaining(['_ field.unknown', 'help.normal field.unknown']));
  });
});
