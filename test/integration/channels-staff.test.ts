import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tellNegotiator } from '#shared/leads/mail.tsx';
import { composeMail } from '#shared/mail/shell.tsx';
import { recipientOf } from '#shared/notify/channel.ts';
import { getStaff, getStaffByEmail } from '#shared/store/organisation.ts';
import { Client, csrfFrom, outbox, signIn } from '../support/client.ts';
import { makeZone, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

let stack: Awaited<ReturnType<typeof testStack>>;
let zone: Zone;
let manager: Client;

beforeAll(async () => {
  stack = await testStack({ clockStart: new Date('2026-12-02T02:00:00Z') });
  zone = await makeZone(stack.deps);
  manager = new Client(stack.url);
  await signIn(manager, zone.manager.email);
}, 60_000);
afterAll(async () => stack.drop());

describe('people have a phone and a preferred channel (staff page)', () => {
  it('adds a person with a phone and SMS; SMS without a phone is a field error and nothing is stored', async () => {
    await manager.page('/console/staff');
    expect(manager.lastHtml).toContain('name="channel"');
    const bad = await manager.submit('/console/staff/people', {
      name: '赵敏',
      email: 'zhao.min@zone.example.cn',
      role: 'officer',
      departmentId: zone.departments[0]?.id as string,
      channel: 'sms',
    });
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(page).toMatch(/id="f-phone-error"[^>]*>选择短信通知时，请填写手机号码/);
    expect(await getStaffByEmail(stack.deps.db, 'zhao.min@zone.example.cn')).toBeUndefined();
    manager.lastHtml = page;
    const ok = await manager.submit('/console/staff/people', {
      name: '赵敏',
      email: 'zhao.min@zone.example.cn',
      role: 'officer',
      departmentId: zone.departments[0]?.id as string,
      phone: '138 0013 8000',
      channel: 'sms',
    });
    expect(ok.status).toBe(303);
    const stored = await getStaffByEmail(stack.deps.db, 'zhao.min@zone.example.cn');
    expect([stored?.channel, stored?.phone]).toEqual(['sms', '13800138000']);
  });

  it('shows an SMS in the outbox as the phone gets it: the short link, which leads to the signed link', async () => {
    const person = (await getStaffByEmail(stack.deps.db, 'zhao.min@zone.example.cn'))!;
    const target = `${stack.url}/need?t=${'x'.repeat(120)}`;
    await stack.deps.mailer.send(
      composeMail({
        to: [recipientOf(person)],
        subject: '测试',
        body: '正文',
        links: [{ url: target }],
        footer: '',
      }),
    );
    const sms = (await outbox(stack.url)).find((m) => m.channel === 'sms' && m.to.includes('13800138000'))!;
    const short = /https?:\/\/\S+\/s\/\w+/.exec(sms.text)?.[0];
    expect(short, sms.text).toBeDefined();
    expect(sms.text).not.toContain('x'.repeat(120));
    expect(sms.links).toContain(short);
    const res = await fetch(short!.replace(/^https?:\/\/[^/]+/, stack.url), { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toContain('x'.repeat(120));
  });

  it('a manager changes a person’s channel; WeCom without a WeCom user id is a field error', async () => {
    const id = zone.officer.id;
    await manager.page('/console/staff');
    const bad = await manager.submit(`/console/staff/people/${id}/contact`, { channel: 'wecom' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/id="f-contact-wecomUserId-error"/);
    expect((await getStaff(stack.deps.db, id))?.channel).toBeUndefined();
    const ok = await manager.submit(`/console/staff/people/${id}/contact`, {
      channel: 'wecom',
      wecomUserId: 'WangFang',
      phone: '13900139000',
    });
    expect(ok.status).toBe(303);
    const saved = await getStaff(stack.deps.db, id);
    expect([saved?.channel, saved?.wecomUserId, saved?.phone]).toEqual(['wecom', 'WangFang', '13900139000']);
    const page = await manager.page('/console/staff');
    expect(page).toMatch(new RegExp(`data-staff="${id}"[\\s\\S]*?企业微信`));
    // The person is told by email that their links now go elsewhere (a change they did not make shows).
    const told = (await outbox(stack.url)).find((m) => m.subject.includes('通知方式已更改'));
    expect([told?.channel, told?.to]).toEqual(['email', [zone.officer.email]]);
    expect(told?.text).toContain('企业微信');
  });

  it('the JSON API sets the same fields, with the same validation', async () => {
    await manager.page('/console');
    const issued = await manager.request('/api/v1/tokens', {
      json: { label: 'hr sync' },
      headers: { 'x-csrf-token': csrfFrom(manager.lastHtml) },
    });
    const { token } = (await issued.json()) as { token: string };
    const put = (body: unknown) =>
      fetch(`${stack.url}/api/v1/staff/${zone.head.id}/contact`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const bad = await put({ channel: 'dingtalk' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('dingtalkUserId');
    const ok = await put({ channel: 'dingtalk', dingtalkUserId: 'head0001' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      id: zone.head.id,
      channel: 'dingtalk',
      dingtalkUserId: 'head0001',
    });
    expect((await getStaff(stack.deps.db, zone.head.id))?.dingtalkUserId).toBe('head0001');
    // Hostile or malformed input: a field error each time, nothing stored.
    for (const body of [
      { channel: 7 },
      { channel: 'wecom', wecomUserId: 'a b' },
      { channel: 'wecom', wecomUserId: 'x'.repeat(65) },
      { channel: 'wecom', wecomUserId: 'a\u202Eb' },
      { channel: 'sms', phone: '１３８００１３８０００\u0000' },
      { channel: 'sms', phone: '+1 202 555 0100' },
      { channel: ['sms'] },
      { channel: 'dingtalk', dingtalkUserId: { $ne: '' } },
    ]) {
      const res = await put(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await getStaff(stack.deps.db, zone.head.id))?.dingtalkUserId).toBe('head0001');
    // Replaced as a whole: back to email, the DingTalk id left out is removed.
    const back = await put({ channel: 'email' });
    expect(await back.json()).toMatchObject({ channel: 'email' });
    expect((await getStaff(stack.deps.db, zone.head.id))?.dingtalkUserId).toBeUndefined();
  });

  it('work messages go by the person’s channel; sign-in mail always by email (it is the credential)', async () => {
    const officer = await getStaff(stack.deps.db, zone.officer.id);
    expect(officer?.channel).toBe('wecom');
    await tellNegotiator(
      stack.deps,
      officer as NonNullable<typeof officer>,
      { id: 'E1', investor: '远景投资' },
      '李处长',
    );
    const entries = (await outbox(stack.url)) as unknown as {
      channel: string;
      to: string[];
      subject: string;
    }[];
    const told = entries.find((m) => m.subject.includes('远景投资'));
    expect([told?.channel, told?.to]).toEqual(['wecom', ['WangFang']]);
    // Signing in still works from the email in the outbox.
    await signIn(new Client(stack.url), zone.officer.email);
    const signInMail = (await outbox(stack.url))[0] as unknown as { channel: string; to: string[] };
    expect([signInMail.channel, signInMail.to]).toEqual(['email', [zone.officer.email]]);
  });

  it('only managers change a channel: officer and head 403, anonymous 303 (page) or 401 (API)', async () => {
    const officer = new Client(stack.url);
    await signIn(officer, zone.officer.email);
    await officer.page('/console');
    const res = await officer.submit(`/console/staff/people/${zone.head.id}/contact`, { channel: 'email' });
    expect(res.status).toBe(403);
    const head = new Client(stack.url);
    await signIn(head, zone.head.email);
    await head.page('/console');
    const byHead = await head.submit(`/console/staff/people/${zone.officer.id}/contact`, {
      channel: 'email',
    });
    expect(byHead.status).toBe(403);
    const anonymous = await fetch(`${stack.url}/console/staff/people/${zone.officer.id}/contact`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'channel=email',
    });
    expect(anonymous.status).toBe(303);
    const api = await fetch(`${stack.url}/api/v1/staff/${zone.officer.id}/contact`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"channel":"email"}',
    });
    expect(api.status).toBe(401);
    expect((await getStaff(stack.deps.db, zone.officer.id))?.channel).toBe('wecom');
  });
});
