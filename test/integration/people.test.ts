import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStaffByEmail, listDepartments } from '#shared/store/organisation.ts';
import { Client, signIn } from '../support/client.ts';
import { makeZone, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

let stack: Awaited<ReturnType<typeof testStack>>;
let zone: Zone;

beforeAll(async () => {
  stack = await testStack({ clockStart: new Date('2026-12-02T02:00:00Z') });
  zone = await makeZone(stack.deps);
}, 60_000);
afterAll(async () => stack.drop());

describe('a manager builds the zone’s organisation from the console', () => {
  it('adds a department and a person, who then signs in with their address', async () => {
    const manager = new Client(stack.url);
    await signIn(manager, zone.manager.email);
    await manager.page('/console/staff');
    expect(manager.lastHtml).toContain('action="/console/staff/people"');
    const added = await manager.submit('/console/staff/departments', { name: '科技创新局' });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe('/console/staff?added=department');
    const dept = (await listDepartments(stack.deps.db)).find((d) => d.name === '科技创新局');
    expect(dept).toBeTruthy();

    expect(await manager.page('/console/staff?added=department')).toContain('已添加部门');
    const person = await manager.submit('/console/staff/people', {
      name: '林晓',
      email: ' Lin.Xiao@Zone.Example.cn ',
      role: 'officer',
      departmentId: dept?.id as string,
    });
    expect(person.status).toBe(303);
    expect((await getStaffByEmail(stack.deps.db, 'lin.xiao@zone.example.cn'))?.departmentId).toBe(dept?.id);
    await signIn(new Client(stack.url), 'lin.xiao@zone.example.cn');
  });

  it('refuses bad input and an address already in use, with the errors beside the fields, storing nothing', async () => {
    const manager = new Client(stack.url);
    await signIn(manager, zone.manager.email);
    await manager.page('/console/staff');
    const before = (await listDepartments(stack.deps.db)).length;
    const bad = await manager.submit('/console/staff/people', {
      name: '',
      email: 'not-an-email',
      role: 'officer',
    });
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(page).toMatch(/id="f-email-error"/);
    manager.lastHtml = page;
    const taken = await manager.submit('/console/staff/people', {
      name: '重复',
      email: zone.officer.email,
      role: 'officer',
      departmentId: zone.departments[0]?.id as string,
    });
    expect(taken.status).toBe(400);
    expect(await taken.text()).toContain('该邮箱已被使用');
    expect((await listDepartments(stack.deps.db)).length).toBe(before);
  });
});
