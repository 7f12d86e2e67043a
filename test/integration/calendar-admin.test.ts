import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remindMissingArrangement } from '#shared/calendar-admin/reminder.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { createNeed } from '#shared/needs/create.ts';
import { createStaff } from '#shared/organisation/create.ts';
import { getNeed } from '#shared/store/needs.ts';
import { openTasksOf } from '#shared/store/tasks.ts';
import { Client, notices, outbox, signIn } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

/**
 * Issue 17 item 5: managers enter a year's official arrangement on /console/calendar; the year becomes official,
 * open due dates counted in working days move (their owners told), and until then the console and the sweep warn.
 */
let stack: Awaited<ReturnType<typeof testStack>>;
let zone: Zone;
// Wed 27 January 2027, 10:00 Shanghai: 2027 has no arrangement entered (provisional).
const START = new Date('2027-01-27T02:00:00Z');

beforeAll(async () => {
  stack = await testStack({ clockStart: START });
  zone = await makeZone(stack.deps);
}, 60_000);
afterAll(async () => stack.drop());

const lines = (days: string[], holiday: string) => days.map((d) => `2027-${d} ${holiday}`);
const HOLIDAYS = [
  ...lines(['01-01', '01-02', '01-03'], '元旦'),
  ...lines(['02-05', '02-06', '02-07', '02-08', '02-09', '02-10', '02-11', '02-12', '02-13'], '春节'),
  ...lines(['04-03', '04-04', '04-05'], '清明节'),
  ...lines(['05-01', '05-02', '05-03', '05-04', '05-05'], '劳动节'),
  ...lines(['06-09'], '端午'),
  ...lines(['09-15'], 'Mid-Autumn Festival'),
  ...lines(['10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07'], '国庆节'),
].join('\n');
const WORKDAYS = '2027-02-20 春节\n2027-10-09 国庆节';

async function calendarApi() {
  const res = await fetch(`${stack.url}/api/v1/calendar?year=2027`);
  return (await res.json()) as {
    provisional: boolean;
    days: { date: string; status: string; holiday?: string }[];
  };
}

describe('the holiday arrangements administrators keep', () => {
  let manager: Client;
  let computedDue: string;
  let plannedDue: string;
  let enterprises: string[];
  let need: { enterpriseId: string; id: string; ownerId?: string; resolveBy?: string };

  it('warns managers on the console and once by mail while the year is provisional', async () => {
    // One enterprise whose registration is due after its default 10 working days, one with a planned date.
    const computed = await registerEnterprise(
      stack.deps,
      registration(zone, { name: '按期计算有限公司', signedAt: '2027-01-20', planned: {} }),
      system,
    );
    const planned = await registerEnterprise(
      stack.deps,
      registration(zone, {
        name: '计划日期有限公司',
        signedAt: '2027-01-20',
        contacts: [{ name: '李', phone: '13800138002', email: 'li@planned.example.cn' }],
        planned: { registered: '2027-02-16' },
      }),
      system,
    );
    enterprises = [computed.id, planned.id];
    // A need raised today: its time limit is 10 working days (permits), provisionally Tuesday 16 February too.
    need = await createNeed(
      stack.deps,
      computed,
      {
        category: 'permits',
        title: '施工许可咨询',
        description: '请协助办理。',
        contactName: '沈一鸣',
        contactPhone: '13800138001',
      },
      system,
    );
    expect(need.resolveBy).toBe('2027-02-16');
    await stack.engine.idle();
    const dues = await Promise.all(
      enterprises.map(async (id) => (await openTasksOf(stack.deps.db, id))[0]?.dueAt ?? ''),
    );
    computedDue = dues[0] ?? '';
    plannedDue = dues[1] ?? '';
    // Provisionally 02-05 to 02-10 are off: 10 working days from Wednesday 27 January end on Tuesday 16 February —
    // the very date the other enterprise planned, which is still a date someone chose.
    expect(computedDue).toBe('2027-02-16T09:30:00.000Z');
    expect(plannedDue).toBe(computedDue);

    manager = new Client(stack.url);
    await signIn(manager, zone.manager.email);
    const board = await manager.page('/console');
    expect(board).toContain('data-calendar-missing="2027"');
    expect(board).toContain('href="/console/calendar?year=2027"');
    const officer = new Client(stack.url);
    await signIn(officer, zone.officer.email);
    expect(await officer.page('/console')).not.toContain('data-calendar-missing');
    expect((await officer.request('/console/calendar')).status).toBe(403);

    // A sweep whose pace has no turn left (its budget spent on held mail) neither claims nor sends the warning; it
    // asks for one turn per manager, as SES counts recipients.
    // A second manager: the mail takes a turn for each.
    const second = await createStaff(
      stack.deps,
      {
        name: '周敏',
        email: 'second.manager@zone.example.cn',
        role: 'manager',
        departmentId: zone.manager.departmentId,
      },
      system,
    );
    const asked: number[] = [];
    const spent = async (tokens = 1) => {
      asked.push(tokens);
      return false;
    };
    expect(await remindMissingArrangement(stack.deps, spent)).toBeUndefined();
    expect(asked).toEqual([2]);
    expect((await outbox(stack.url)).filter((m) => m.subject.includes('年放假安排尚未录入'))).toEqual([]);
    await stack.sweep();
    await stack.sweep();
    const warned = (await outbox(stack.url)).filter((m) => m.subject.includes('2027 年放假安排尚未录入'));
    expect(warned).toHaveLength(1);
    expect(warned[0]?.to).toContain(zone.manager.email);
    expect(warned[0]?.to).toContain(second.email);
    expect(warned[0]?.links[0]).toContain('/console/calendar?year=2027');
  });

  it('shows the provisional year, and refuses an arrangement with a bad line, storing nothing', async () => {
    const page = await manager.page('/console/calendar?year=2027');
    expect(page).toContain('data-provisional="true"');
    expect(page).toContain('2027-02-08 春节'); // the form starts from the computed days
    const bad = await manager.submit('/console/calendar', {
      year: '2027',
      version: '0',
      holidays: `${HOLIDAYS}\n2027-13-01 春节`,
      workdays: '2027-02-22 春节',
    });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('第 30 行');
    expect(text).toContain('日期格式应为 YYYY-MM-DD');
    const weekday = await manager.submit('/console/calendar', {
      year: '2027',
      version: '0',
      holidays: HOLIDAYS.replace('2027-02-08 春节\n', ''),
      workdays: '2027-02-22 春节',
    });
    expect(weekday.status).toBe(400);
    const why = await weekday.text();
    expect(why).toContain('调休上班日应为周六或周日');
    expect(why).toContain('法定节假日 2027-02-08 不在放假日期中');
    const past = await manager.submit('/console/calendar', {
      year: '2026',
      version: '0',
      holidays: '2026-01-01 元旦',
    });
    expect(past.status).toBe(400);
    expect(await past.text()).toContain('只能录入今年及以后年份的安排');
    expect((await calendarApi()).provisional).toBe(true);
  });

  it('enters the arrangement: the year is official, computed due dates move and their owners are told', async () => {
    await manager.page('/console/calendar?year=2027');
    const saved = await manager.submit('/console/calendar', {
      year: '2027',
      version: '0',
      holidays: HOLIDAYS,
      workdays: WORKDAYS,
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/console/calendar?year=2027&saved=1&moved=2');
    const api = await calendarApi();
    expect(api.provisional).toBe(false);
    expect(api.days.find((d) => d.date === '2027-02-11')).toMatchObject({
      status: 'holiday',
      holiday: 'springFestival',
    });
    expect(api.days.find((d) => d.date === '2027-02-20')).toMatchObject({ status: 'makeupWorkday' });
    expect(api.days.find((d) => d.date === '2027-09-15')).toMatchObject({ holiday: 'midAutumn' });

    await stack.engine.idle();
    const [computed, planned] = await Promise.all(enterprises.map((id) => openTasksOf(stack.deps.db, id)));
    // 02-11 and 02-12 are off now: ten working days end on Thursday 18 February. The planned date stays.
    expect(computed?.[0]?.dueAt).toBe('2027-02-18T09:30:00.000Z');
    expect(computed?.[0]?.originalDueAt).toBe('2027-02-18T09:30:00.000Z');
    expect(planned?.[0]?.dueAt).toBe(plannedDue);
    // The need's time limit follows; what the owner is to sign for by (tomorrow) does not move.
    const stored = await getNeed(stack.deps.db, need.enterpriseId, need.id);
    expect(stored?.resolveBy).toBe('2027-02-18');

    // One message per owner, listing what of theirs moved.
    const told = (await outbox(stack.url)).filter((m) => m.subject.includes('期限调整'));
    const officerMail = told.filter((m) => m.to.includes(zone.officer.email));
    expect(officerMail).toHaveLength(1);
    expect(officerMail[0]?.text).toContain('推进至「注册登记」 · 按期计算有限公司：2027-02-16 → 2027-02-18');
    const ownerEmail = [zone.manager, zone.head, zone.officer, zone.otherOfficer].find(
      (s) => s.id === need.ownerId,
    )?.email;
    const needMail = told.filter(
      (m) => ownerEmail && m.to.includes(ownerEmail) && m.text.includes('施工许可咨询'),
    );
    expect(needMail).toHaveLength(1);
    expect(needMail[0]?.text).toContain('施工许可咨询 · 按期计算有限公司：2027-02-16 → 2027-02-18');
    expect(told).toHaveLength(ownerEmail === zone.officer.email ? 1 : 2);

    const page = await manager.page('/console/calendar?year=2027&saved=1&moved=1');
    expect(page).toContain('data-provisional="false"');
    expect(page).toContain('第 1 版');
    expect(page).toContain('1 项未到期事项');
    expect(await manager.page('/console')).not.toContain('data-calendar-missing');
  });

  it('has the reminders follow the moved due date (the waiting workflow was released and re-planned)', async () => {
    // Tuesday 16 February, 09:05: the moved task is two working days from its due date, the planned one due today.
    const target = new Date('2027-02-16T01:05:00Z').getTime();
    stack.clock.advance(`PT${Math.ceil((target - stack.clock.now().getTime()) / 1000)}S`);
    await stack.engine.idle();
    const subjects = notices(await outbox(stack.url));
    expect(subjects).toContain('【提醒】按期计算有限公司：推进至「注册登记」将于 2027-02-18 到期');
    expect(subjects).not.toContain('【提醒】按期计算有限公司：推进至「注册登记」今天到期');
    expect(subjects).toContain('【提醒】计划日期有限公司：推进至「注册登记」今天到期');
  });

  it('takes a second entry only over the version its author saw', async () => {
    manager = new Client(stack.url); // the session ran out while the clock moved on
    await signIn(manager, zone.manager.email);
    await manager.page('/console/calendar?year=2027');
    const stale = await manager.submit('/console/calendar', {
      year: '2027',
      version: '0',
      holidays: HOLIDAYS,
      workdays: WORKDAYS,
    });
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain('该年的安排刚被他人修改');
    await manager.page('/console/calendar?year=2027');
    const again = await manager.submit('/console/calendar', {
      year: '2027',
      version: '1',
      holidays: HOLIDAYS,
      workdays: '2027-02-20 春节',
    });
    expect(again.status).toBe(303);
    // Nothing computed moves by a Saturday worked after the due date: nobody is told again.
    expect(again.headers.get('location')).toContain('moved=0');
  });
});
