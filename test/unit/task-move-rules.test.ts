import { describe, expect, it } from 'vitest';
import { can, type Person } from '#shared/auth/permissions.ts';
import { loadConfig } from '#shared/config/config.ts';
import { approversOf } from '#shared/domain/approval.ts';
import type { Staff } from '#shared/domain/organisation.ts';
import { Task } from '#shared/domain/work-item.ts';
import { parseMoveSubject } from '#shared/lifecycle/due-date-move.ts';
import { decidable, moveRefusal, visitNotBefore } from '#shared/lifecycle/move-rules.ts';

/** Issue 14 items 7, 9 and 15: the rules of due-date moves and visit intervals, without a table. */
const person = (id: string, role: Staff['role'], departmentId: string): Staff =>
  ({ id, role, departmentId, active: true, name: id, email: `${id}@x.cn`, version: 1 }) as Staff;
const officer = person('OFFICER', 'officer', 'DEPT_A');
const colleague = person('COLLEAGUE', 'officer', 'DEPT_A');
const head = person('HEAD', 'departmentHead', 'DEPT_A');
const otherHead = person('OTHER_HEAD', 'departmentHead', 'DEPT_B');
const manager = person('MANAGER', 'manager', 'DEPT_M');
const staff = [officer, colleague, head, otherHead, manager];

const move = (requester: Staff | undefined, departmentId = 'DEPT_A') => ({ departmentId, requester });
const decides = (who: Person, requester: Staff | undefined, departmentId?: string) =>
  can(who, 'task.decideMove', move(requester, departmentId));

describe('who decides a due-date move', () => {
  it('an officer’s request goes to their department’s head, a head’s to the managers', () => {
    expect(approversOf(staff, officer, 'DEPT_A').map((s) => s.id)).toEqual(['HEAD']);
    expect(approversOf(staff, head, 'DEPT_A').map((s) => s.id)).toEqual(['MANAGER']);
    expect(approversOf(staff, officer, 'DEPT_C').map((s) => s.id)).toEqual(['MANAGER']);
    expect(approversOf([officer], officer, 'DEPT_A')).toEqual([]);
  });

  it('the officer’s head or a manager may decide; nobody their own request; a head’s own goes to managers', () => {
    expect(decides(head, officer)).toBe(true);
    expect(decides(manager, officer)).toBe(true);
    expect(decides(manager, head)).toBe(true);
    expect(decides(head, head)).toBe(false);
    expect(decides(person('HEAD2', 'departmentHead', 'DEPT_A'), head)).toBe(false);
    expect(decides(manager, manager)).toBe(false);
    expect(decides(otherHead, officer)).toBe(false);
    expect(decides(colleague, officer)).toBe(false);
    expect(decides(officer, officer)).toBe(false);
    expect(decides(head, undefined)).toBe(false);
    expect(decides({ ...head, active: false }, officer)).toBe(false);
  });
});

describe('asking for a move', () => {
  const due = '2026-10-12T09:30:00.000Z';
  const pending = {
    id: 'M1',
    requestedBy: 'OFFICER',
    requestedAt: '2026-09-21T02:00:00.000Z',
    from: due,
    to: '2027-03-01T09:30:00.000Z',
    reason: '等待',
    status: 'pending' as const,
  };

  it('is refused while another request is pending (not replaced), or for a date not later than the due date', () => {
    const mine = { dueAt: due, officerId: pending.requestedBy };
    expect(moveRefusal(mine, '2027-03-01T09:30:00.000Z')).toBeUndefined();
    expect(moveRefusal({ ...mine, move: pending }, '2027-04-01T09:30:00.000Z')).toBe('task.move.pending');
    expect(moveRefusal(mine, due)).toBe('task.move.notLater');
    expect(moveRefusal(mine, '2026-10-09T09:30:00.000Z')).toBe('task.move.notLater');
    expect(
      moveRefusal({ ...mine, move: { ...pending, status: 'refused' } }, '2027-01-01T09:30:00.000Z'),
    ).toBe(undefined);
  });

  it('a request left by a previous officer (reassigned since) does not block the new one', () => {
    expect(
      moveRefusal({ dueAt: due, officerId: 'SOMEONE_NEW', move: pending }, '2027-04-01T09:30:00.000Z'),
    ).toBeUndefined();
  });

  it('is decided once, only while it is the task’s current pending request and the task is open', () => {
    expect(decidable({ status: 'open', move: pending }, pending)).toBe('ok');
    expect(
      decidable(
        { status: 'open', move: { ...pending, status: 'approved' } },
        { ...pending, status: 'approved' },
      ),
    ).toBe('decided');
    expect(decidable({ status: 'open', move: { ...pending, id: 'M2' } }, pending)).toBe('decided');
    expect(decidable({ status: 'completed', move: pending }, pending)).toBe('closed');
  });

  it('reads the approver’s link subject, and nothing else', () => {
    expect(parseMoveSubject('E/T/M/S')).toEqual({
      enterpriseId: 'E',
      taskId: 'T',
      moveId: 'M',
      approverId: 'S',
    });
    expect(parseMoveSubject('E/T/M')).toBeUndefined();
    expect(parseMoveSubject('E/T/M/S/X')).toBeUndefined();
    expect(parseMoveSubject('E//M/S')).toBeUndefined();
  });
});

describe('the task keeps a bounded summary', () => {
  it('reads a task written before progress reports were items, dropping the old list', () => {
    const ulid = (c: string) => c.repeat(26);
    const legacy = {
      enterpriseId: ulid('E'),
      enterpriseName: '某公司',
      industryChain: '集成电路',
      stage: 'signed',
      id: ulid('T'),
      kind: 'tracking',
      milestone: 'registered',
      status: 'open',
      officerId: ulid('A'),
      departmentId: ulid('D'),
      dueAt: '2026-10-12T09:30:00.000Z',
      openedAt: '2026-09-21T02:00:00.000Z',
      notified: [],
      extensions: Array.from({ length: 300 }, () => ({ at: 'x', by: 'y', from: 'a', to: 'b', reason: '等' })),
      version: 3,
    };
    const task = Task.parse(legacy);
    expect(task).not.toHaveProperty('extensions');
    expect(task.version).toBe(3);
  });
});

describe('visits keep a minimum interval', () => {
  it('the earliest date is the previous visit plus the interval, in calendar days; none before the first', () => {
    expect(visitNotBefore('2026-09-21', 20)).toBe('2026-10-11');
    expect(visitNotBefore('2026-12-20', 20)).toBe('2027-01-09');
    expect(visitNotBefore(undefined, 20)).toBeUndefined();
    expect(visitNotBefore('2026-09-21', 0)).toBeUndefined();
  });

  const env = {
    AFTERCARE_MODE: 'local',
    TABLE_NAME: 'tbl',
    BASE_URL: 'http://localhost:3000',
    MAIL_MODE: 'outbox',
  };

  it('defaults to 20 days, well inside the 3-month cadence, and must stay shorter than the visit interval', () => {
    expect(loadConfig(env).VISIT_MIN_INTERVAL_DAYS).toBe(20);
    expect(
      loadConfig({ ...env, VISIT_INTERVAL_MONTHS: '1', VISIT_MIN_INTERVAL_DAYS: '27' })
        .VISIT_MIN_INTERVAL_DAYS,
    ).toBe(27);
    expect(() => loadConfig({ ...env, VISIT_INTERVAL_MONTHS: '1', VISIT_MIN_INTERVAL_DAYS: '28' })).toThrow(
      /VISIT_MIN_INTERVAL_DAYS/,
    );
    expect(() => loadConfig({ ...env, VISIT_MIN_INTERVAL_DAYS: '-1' })).toThrow(/VISIT_MIN_INTERVAL_DAYS/);
  });
});
