import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCalendar } from '#shared/calendar/working-days.ts';
import { DEFAULT_CADENCE, escalationsToSend, plan, settledBy } from '#shared/domain/cadence.ts';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import { fromZod, validate } from '#shared/domain/input-error.ts';
import { normalisePhone, Phone, stripControlCharacters, Text } from '#shared/domain/primitives.ts';
import { ownAssessment } from '#shared/leads/assess.ts';
import { moveStateKey } from '#shared/lifecycle/move-rules.ts';
import { blockedNeedIds } from '#shared/needs/withdraw.ts';
import { departmentPipeline } from '#shared/pipeline/pipeline.ts';
import { cancelledWords } from '../../functions/http/pages/task.view.tsx';

/** Every notification at 09:00 sharp, as before the spread (its own tests below and in cadence-spread). */
const AT_NINE = { ...DEFAULT_CADENCE, spreadMinutes: 0 };

/** Issue 15's leftovers: the pure rules behind them. */
const problems = (schema: z.ZodType, value: unknown): string[] => {
  const result = validate(schema, value);
  return result.success ? [] : fromZod(result.error).fields.map((f) => f.message);
};

describe('phones: one normalisation before the check (item 5)', () => {
  it('takes full-width digits, spaces and dashes, and stores the plain number', () => {
    for (const [typed, stored] of [
      ['１３８００１３８０００', '13800138000'],
      ['138 0013 8000', '13800138000'],
      ['138-0013-8000', '13800138000'],
      ['１３８－００１３－８０００', '13800138000'],
      ['＋８６ １３８００１３８０００', '+8613800138000'],
      ['０５７１－８８８８８８８８', '057188888888'],
      ['010-1234 5678', '01012345678'],
      ['\u300013800138000\u3000', '13800138000'],
    ]) {
      expect(Phone.parse(typed), typed).toBe(stored);
    }
  });

  it('still refuses what is not a mainland number once normalised', () => {
    for (const phone of [
      '１３８００１３８００',
      '23800138000',
      '010-123456',
      '+1 13800138000',
      '１３８abc',
      '',
    ])
      expect(problems(Phone, phone), phone).toEqual(['phone.invalid']);
    expect(problems(z.object({ phone: Phone }), {})).toEqual(['field.required']);
  });

  it('is one function (forms and the API share it)', () => {
    expect(normalisePhone('１３８ ００１３－８０００')).toBe('13800138000');
  });
});

describe('text: control and bidi-override characters are stripped (item 5)', () => {
  const text = Text(200);
  it('strips C0 controls, DEL and the bidirectional embeddings, overrides and isolates', () => {
    for (const c of [
      '\u0000',
      '\u0001',
      '\u0008',
      '\u000b',
      '\u001b',
      '\u007f',
      '\u202a',
      '\u202e',
      '\u2066',
      '\u2069',
    ])
      expect(text.parse(`芯途${c}半导体`), JSON.stringify(c)).toBe('芯途半导体');
    expect(text.parse('ع\u202eالكلمة')).toBe('عالكلمة');
    expect(stripControlCharacters('a\u0000b\u202ec')).toBe('abc');
  });

  it('keeps tab and line breaks (multi-line fields) and ordinary text, emoji and rare characters', () => {
    for (const ok of [
      '第一行\n第二行',
      '第一行\r\n第二行',
      '项目\t说明',
      '𠮷野家',
      '华曜 👍',
      'O’Brien & Co.',
    ])
      expect(text.parse(ok), JSON.stringify(ok)).toBe(ok);
  });

  it('says text.required for a text of nothing but control characters and spaces', () => {
    expect(problems(text, ' \u0000\u202e ')).toEqual(['text.required']);
    expect(problems(text, '   ')).toEqual(['text.required']);
  });

  it('counts the length after stripping', () => {
    expect(problems(Text(3), `ab${'\u0000'.repeat(10)}c`)).toEqual([]);
  });
});

describe('escalations of a task whose holder is the only head (item 8)', () => {
  const calendar = createCalendar();
  // Due Wed 23 Sep 2026; by Wed 30 Sep the head (day 1) and managers (day 3) escalations are both past.
  const task = { id: 'task', dueAt: '2026-09-23T09:30:00.000Z', openedAt: '2026-09-01T02:00:00.000Z' };
  const late = new Date('2026-09-30T02:00:00Z');
  const kinds = (send: { kind: string }[]) => send.map((n) => n.kind).filter((k) => k !== 'overdue');

  it('sends the managers the head escalation and not their own as a second one', () => {
    const p = plan(calendar, AT_NINE, { ...task, notified: [] }, late);
    expect(kinds(p.send)).toEqual(['head', 'managers']);
    expect(kinds(escalationsToSend(p.send, true))).toEqual(['head']);
    // Sent to the managers, the head escalation settles theirs: recorded with it, it is never planned later.
    expect(settledBy({ kind: 'head', key: 'head:2026-09-23' }, true)).toEqual(['managers:2026-09-23']);
    const later = plan(
      calendar,
      AT_NINE,
      { ...task, notified: ['head:2026-09-23', 'managers:2026-09-23'] },
      late,
    );
    expect(kinds(later.send)).toEqual([]);
  });

  it("keeps both when a head other than the holder was told, even if none is left by the managers' turn", () => {
    const p = plan(calendar, AT_NINE, { ...task, notified: [] }, late);
    expect(escalationsToSend(p.send, false)).toEqual(p.send);
    expect(settledBy({ kind: 'head', key: 'head:2026-09-23' }, false)).toEqual([]);
    // The head was told on its day; by the managers' day the department has no other head (away, left): the
    // managers are still told, since nothing settled theirs.
    const later = plan(calendar, AT_NINE, { ...task, notified: ['head:2026-09-23'] }, late);
    expect(kinds(escalationsToSend(later.send, true))).toEqual(['managers']);
  });
});

describe('the stalled list (item 2)', () => {
  const e = (name: string, stage: Enterprise['stage'], status: Enterprise['status'] = 'active') =>
    ({ id: name, name, stage, stageSince: '2026-01-01', status }) as unknown as Enterprise;

  it('never lists a project in visits (after 纳统), nor a stopped one', () => {
    const result = departmentPipeline(
      [
        e('a', 'registered'),
        e('b', 'inStatistics'),
        e('c', 'registered', 'exited'),
        e('d', 'capacityReached'),
      ],
      { stalledDays: 60 },
      '2026-06-01',
    );
    expect(result.stalled.map((x) => x.name)).toEqual(['a', 'd']);
  });
});

describe('leads: nobody assesses their own (item 4)', () => {
  it('refuses the registrant, lets anyone else', () => {
    expect(ownAssessment({ id: 'h' }, { registeredBy: 'h' })).toBe('lead.ownLead');
    expect(ownAssessment({ id: 'm' }, { registeredBy: 'h' })).toBeUndefined();
    expect(ownAssessment(undefined, { registeredBy: 'h' })).toBeUndefined();
  });
});

describe('blocked approvals’ needs (item 6)', () => {
  it('are found from the audit events that link each need to its approval', () => {
    const timeline = [
      { action: 'task.blocked', details: { approval: 'energy', needId: 'n1' } },
      { action: 'task.blocked', details: { approval: 'planningPermit', needId: 'n2' } },
      { action: 'need.opened', details: { needId: 'n3' } },
      { action: 'task.blocked', details: { approval: 'energy', needId: 'n1' } },
    ];
    expect(blockedNeedIds(timeline, 'energy')).toEqual(['n1']);
    expect(blockedNeedIds(timeline)).toEqual(['n1', 'n2']);
  });
});

describe('words, never codes (item 7)', () => {
  it('says why a task was cancelled, and the reason given', () => {
    expect(cancelledWords({ cancelled: 'signed' })).toEqual({ key: 'task.cancelled.signed' });
    expect(cancelledWords({ cancelled: 'signed', cause: 'signed' })).toEqual({
      key: 'task.cancelled.signed',
    });
    expect(cancelledWords({ cancelled: '合同解除', cause: 'exited' })).toEqual({
      key: 'task.cancelled.exited',
      reason: '合同解除',
    });
    expect(cancelledWords({ cancelled: 'exited' })).toEqual({ key: 'task.cancelled.exited' });
    expect(cancelledWords({ cancelled: '企业迁出', cause: 'closed' })).toEqual({
      key: 'task.cancelled',
      reason: '企业迁出',
    });
    expect(cancelledWords({ cancelled: '企业迁出' })).toEqual({
      key: 'task.cancelled.other',
      reason: '企业迁出',
    });
    expect(cancelledWords(undefined)).toEqual({ key: 'task.cancelled.other' });
  });

  it('names a request closed with its task by how the task ended, not as refused', () => {
    expect(moveStateKey({ status: 'pending' })).toBe('task.move.state.pending');
    expect(moveStateKey({ status: 'refused', closedReason: 'completed' })).toBe('task.move.closed.completed');
    expect(moveStateKey({ status: 'refused', closedReason: 'cancelled' })).toBe('task.move.closed.cancelled');
  });
});
