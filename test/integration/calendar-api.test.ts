import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStack } from '../support/stack.ts';

/** Issue 17 item 5: `GET /api/v1/calendar?year=` — each day's status, readable without signing in. */
let stack: Awaited<ReturnType<typeof testStack>>;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack.drop();
});

interface Day {
  date: string;
  status: string;
  holiday?: string;
  name?: { 'zh-CN': string; en: string };
  inLieu?: boolean;
}
const calendar = async (query: string) => {
  const res = await fetch(`${stack.url}/api/v1/calendar${query}`);
  return { res, body: (await res.json()) as { year: number; provisional: boolean; days: Day[] } };
};
const on = (days: Day[], date: string) => days.find((d) => d.date === date);

describe('the calendar API', () => {
  it('gives 2027 as provisional: the statutory holidays, 初三 and the days in lieu off, each named', async () => {
    const { res, body } = await calendar('?year=2027');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    // Any cache may keep it: it never carries a cookie (a CSRF cookie made for this caller would go to the next).
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(body.year).toBe(2027);
    expect(body.provisional).toBe(true);
    expect(body.days).toHaveLength(365);
    expect(on(body.days, '2027-02-08')).toEqual({
      date: '2027-02-08',
      status: 'holiday',
      holiday: 'springFestival',
      name: { 'zh-CN': '春节', en: 'Spring Festival' },
    });
    expect(on(body.days, '2027-02-09')).toMatchObject({
      status: 'holiday',
      holiday: 'springFestival',
      inLieu: true,
    });
    expect(on(body.days, '2027-02-11')).toEqual({ date: '2027-02-11', status: 'workday' });
    expect(on(body.days, '2027-02-13')).toEqual({ date: '2027-02-13', status: 'weekend' });
    expect(body.days.filter((d) => d.status === 'holiday')).toHaveLength(19);
    expect(body.days.some((d) => d.status === 'makeupWorkday')).toBe(false);
  });

  it('gives 2026 as the State Council arranged it, make-up workdays included', async () => {
    const { res, body } = await calendar('?year=2026');
    expect(res.status).toBe(200);
    expect(body.provisional).toBe(false);
    expect(on(body.days, '2026-02-14')).toEqual({
      date: '2026-02-14',
      status: 'makeupWorkday',
      holiday: 'springFestival',
      name: { 'zh-CN': '春节', en: 'Spring Festival' },
    });
    expect(on(body.days, '2026-10-01')?.name?.['zh-CN']).toBe('国庆节');
  });

  it('answers a year outside 2000–2100, a malformed or a missing one with a 400 naming the field', async () => {
    for (const [query, message] of [
      ['?year=1999', 'calendar.year'],
      ['?year=2101', 'calendar.year'],
      ['?year=20x7', 'calendar.year'],
      ['?year=2027.5', 'calendar.year'],
      ['', 'field.required'],
    ] as const) {
      const res = await fetch(`${stack.url}/api/v1/calendar${query}`);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { error: string; fields: { path: string; message: string }[] };
      expect(body.error).toBe('field.invalid');
      expect(body.fields, query).toEqual([expect.objectContaining({ path: 'year', message })]);
    }
  });

  it('is in the OpenAPI document, open to everyone', async () => {
    const doc = (await (await fetch(`${stack.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, { get?: { security?: unknown[]; parameters?: { name: string }[] } }>;
    };
    const get = doc.paths['/api/v1/calendar']?.get;
    expect(get?.security).toEqual([]);
    expect(get?.parameters?.map((p) => p.name)).toEqual(['year']);
  });
});
