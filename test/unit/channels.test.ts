import { describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/config/config.ts';
import { Contact } from '#shared/domain/enterprise.ts';
import { ContactChoice, NewStaff } from '#shared/domain/organisation.ts';
import { composeMail } from '#shared/mail/shell.tsx';
import { type Channel, channelOf, recipientOf } from '#shared/notify/channel.ts';
import { channelText } from '#shared/notify/outbox-channel.ts';
import {
  dingtalkContent,
  plainText,
  SMS_MAX_CHARS,
  SMS_TITLE_CHARS,
  smsParams,
  smsTemplate,
  smsText,
  smsTitle,
  truncateBytes,
  WECOM_DESCRIPTION_BYTES,
  WECOM_TEXT_BYTES,
  WECOM_TITLE_BYTES,
  wecomContent,
} from '#shared/notify/render.ts';
import { channelAdapters, channelSecretsOf, offeredChannels } from '#shared/notify/setup.ts';
import { percentEncode, rpcSignature } from '#shared/notify/sms.ts';
import type { Db } from '#shared/store/db.ts';

const all = new Set<Channel>(['email', 'wecom', 'dingtalk', 'sms']);
const LINK = 'https://aftercare.example.cn/needs/N1?sig=abc&exp=1';
const long = composeMail({
  to: ['a@zone.example.cn'],
  subject: `【待签收】${'很长的企业诉求标题'.repeat(30)}`,
  body: '园区企业提交了诉求。'.repeat(100),
  links: [{ url: LINK }],
  footer: '安商服务',
});

describe('recipient → channel', () => {
  it('goes by the chosen channel when it is offered and the person has what it needs', () => {
    expect(channelOf(recipientOf({ email: 'a@x.cn', channel: 'wecom', wecomUserId: 'A' }), all)).toBe(
      'wecom',
    );
    expect(channelOf(recipientOf({ email: 'a@x.cn', channel: 'dingtalk', dingtalkUserId: 'A' }), all)).toBe(
      'dingtalk',
    );
    expect(channelOf(recipientOf({ email: 'a@x.cn', channel: 'sms', phone: '13800138000' }), all)).toBe(
      'sms',
    );
  });

  it('falls back to email: an address alone, no channel, a channel not offered, a missing field, a landline', () => {
    expect(channelOf('a@x.cn', all)).toBe('email');
    expect(channelOf(recipientOf({ email: 'a@x.cn' }), all)).toBe('email');
    expect(
      channelOf(recipientOf({ email: 'a@x.cn', channel: 'wecom', wecomUserId: 'A' }), new Set(['email'])),
    ).toBe('email');
    expect(channelOf(recipientOf({ email: 'a@x.cn', channel: 'wecom' }), all)).toBe('email');
    expect(channelOf({ email: 'a@x.cn', channel: 'sms', phone: '010-12345678' }, all)).toBe('email');
  });

  it('carries only what the channel needs (an email person is their address alone), the mobile as 11 digits', () => {
    expect(
      recipientOf({
        email: 'a@x.cn',
        channel: 'sms',
        phone: '+86 138-0013-8000',
        wecomUserId: 'A',
        dingtalkUserId: 'B',
      }),
    ).toEqual({ email: 'a@x.cn', channel: 'sms', phone: '13800138000' });
    expect(recipientOf({ email: 'a@x.cn', phone: '13800138000' })).toBe('a@x.cn');
    expect(recipientOf({ email: 'a@x.cn', channel: 'wecom' })).toBe('a@x.cn');
  });
});

describe('a channel that needs a field the person lacks is a field error', () => {
  const staff = {
    name: '王芳',
    email: 'wang@zone.example.cn',
    role: 'officer',
    departmentId: '01KB0000000000000000000000',
  };
  const pathsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
    r.error?.issues.map((i) => `${i.path.join('.')}:${i.message}`) ?? [];

  it('for staff', () => {
    expect(NewStaff.safeParse({ ...staff }).success).toBe(true);
    expect(pathsOf(NewStaff.safeParse({ ...staff, channel: 'sms' }))).toEqual(['phone:channel.needs.sms']);
    expect(pathsOf(NewStaff.safeParse({ ...staff, channel: 'wecom' }))).toEqual([
      'wecomUserId:channel.needs.wecom',
    ]);
    expect(pathsOf(NewStaff.safeParse({ ...staff, channel: 'dingtalk', phone: '13800138000' }))).toEqual([
      'dingtalkUserId:channel.needs.dingtalk',
    ]);
    expect(pathsOf(NewStaff.safeParse({ ...staff, channel: 'sms', phone: '0571-88888888' }))).toEqual([
      'phone:phone.mobile',
    ]);
    expect(pathsOf(NewStaff.safeParse({ ...staff, channel: 'fax' }))).toEqual(['channel:channel.invalid']);
    expect(NewStaff.safeParse({ ...staff, channel: 'wecom', wecomUserId: 'WangFang' }).success).toBe(true);
    expect(pathsOf(ContactChoice.safeParse({ channel: 'sms' }))).toEqual(['phone:channel.needs.sms']);
  });

  it('for enterprise contacts, who have email or SMS (outside the zone’s WeCom and DingTalk)', () => {
    const contact = { name: '李总', phone: '0571-88888888', email: 'li@ent.example.cn' };
    expect(Contact.safeParse(contact).success).toBe(true);
    expect(pathsOf(Contact.safeParse({ ...contact, channel: 'sms' }))).toEqual(['phone:phone.mobile']);
    expect(Contact.safeParse({ ...contact, phone: '13800138000', channel: 'sms' }).success).toBe(true);
    expect(pathsOf(Contact.safeParse({ ...contact, channel: 'wecom' }))).toEqual(['channel:channel.invalid']);
  });
});

describe('message → channel content', () => {
  it('SMS: the subject cut to a template variable, the whole SMS within the length limit, the link for a code', () => {
    const params = smsParams(long, new Date('2026-12-01T17:00:00Z'));
    expect([...params.title].length).toBeLessThanOrEqual(SMS_TITLE_CHARS);
    expect(params.title).not.toMatch(/[【】]/);
    // The enterprise and the task fit: no app tag (the signature names the sender), no company-form suffix.
    expect(smsTitle('【安商服务】新任务：智造精工机器人有限公司 — 推进至「注册登记」')).toBe(
      '新任务：智造精工机器人 — 推进至「注册登记」',
    );
    expect(smsTitle('【延期已批准】智造精工机器人股份有限公司：推进至「落实场地」')).toBe(
      '延期已批准 智造精工机器人：推进至「落实场地」',
    );
    expect(smsTitle('[Aftercare] New task: Acme — Registration')).toBe('New task: Acme — Registration');
    expect(params.link).toBe(LINK);
    // No due date on the message: the day it goes, in Shanghai (01:00 on 2 December there).
    expect(params.date).toBe('12月2日');
    const template = smsTemplate('https://aftercare.hitech-zone.example.cn');
    const text = smsText('高新区安商服务', { ...params, code: 'Ab3dEf7hJk9m' }, template);
    expect([...text].length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(text.startsWith('【高新区安商服务】')).toBe(true);
    // The deployment's address is the template's fixed text, however long; the code is the variable.
    expect(text).toContain('请打开 https://aftercare.hitech-zone.example.cn/s/Ab3dEf7hJk9m 查看办理');
    // The template's variables are written ${name}.
    expect(template).toContain('$' + '{code}');
    expect(template).not.toContain('$' + '{link}');
  });

  it('SMS: a message about a due date shows it (with its time for a clock in working hours)', () => {
    const at = new Date('2026-12-01T02:00:00Z');
    expect(smsParams({ ...long, due: '2026-12-05' }, at).date).toBe('12月5日前');
    expect(smsParams({ ...long, due: '2026-01-09 11:30' }, at).date).toBe('1月9日11:30前');
    for (const due of ['2026-12-05', '2026-12-25 16:45'])
      expect([...smsParams({ ...long, due }, at).date].length).toBeLessThanOrEqual(35);
  });

  it('WeCom textcard within its byte limits, never cut inside a character; DingTalk action card', () => {
    const w = wecomContent(long);
    if (w.msgtype !== 'textcard') throw new Error('expected a textcard');
    expect(Buffer.byteLength(w.textcard.title)).toBeLessThanOrEqual(WECOM_TITLE_BYTES);
    expect(Buffer.byteLength(w.textcard.description)).toBeLessThanOrEqual(WECOM_DESCRIPTION_BYTES);
    expect(w.textcard.description).not.toContain('\uFFFD');
    expect(w.textcard.url).toBe(LINK);
    expect(truncateBytes('汉字汉字', 9)).toBe('汉字…');
    const d = dingtalkContent(long);
    expect(d.msgtype === 'action_card' && d.action_card.single_url).toBe(LINK);
  });

  it('a message of several links (a digest) keeps every link on WeCom and DingTalk, each beside its line', () => {
    const digest = composeMail({
      to: [],
      subject: '【每日汇总】2 项待办',
      body: '今天需要处理：',
      sections: [
        {
          title: '逾期',
          lines: [
            { text: '康泰医疗 · 注册登记', url: `${LINK}?a=1` },
            { text: '智造精工 · 落实场地', url: `${LINK}?a=2` },
          ],
        },
      ],
      footer: '页脚',
    });
    const w = wecomContent(digest);
    expect(w.msgtype).toBe('text');
    const content = w.msgtype === 'text' ? w.text.content : '';
    expect(content).toContain(`康泰医疗 · 注册登记 <a href="${LINK}?a=1">详情</a>`);
    expect(content).toContain(`智造精工 · 落实场地 <a href="${LINK}?a=2">详情</a>`);
    const d = dingtalkContent(digest);
    const markdown = d.msgtype === 'action_card' ? d.action_card.markdown : '';
    expect(markdown).toContain(`康泰医疗 · 注册登记 [查看详情](${LINK}?a=1)`);
    expect(markdown).toContain(`智造精工 · 落实场地 [查看详情](${LINK}?a=2)`);
    // Too long for a WeCom text: whole lines are left out, never half a link.
    const many = composeMail({
      to: [],
      subject: 's',
      body: 'b',
      sections: [
        {
          title: 't',
          lines: Array.from({ length: 60 }, (_, i) => ({ text: `企业${i}`, url: `${LINK}?n=${i}` })),
        },
      ],
      footer: 'f',
    });
    const cut = wecomContent(many);
    const text = cut.msgtype === 'text' ? cut.text.content : '';
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(WECOM_TEXT_BYTES);
    expect(text.endsWith('…')).toBe(true);
    expect(text.split('<a href=').length - 1).toBe(text.split('</a>').length - 1);
  });

  it('the same words on every channel: the text without its bare link lines', () => {
    const m = composeMail({ to: [], subject: 's', body: '正文', links: [{ url: LINK }], footer: '页脚' });
    expect(plainText(m)).toBe('正文\n\n页脚');
    expect(channelText('wecom', m)).toContain('正文');
    expect(channelText('dingtalk', m)).toContain(LINK);
    // A link's label goes with it: no channel shows "打开任务：" with nothing after it.
    const labelled = composeMail({
      to: [],
      subject: 's',
      body: '正文：',
      links: [{ label: '打开任务：', url: LINK }],
      footer: '页脚',
    });
    expect(plainText(labelled)).toBe('正文：\n\n页脚');
    expect(channelText('dingtalk', labelled)).not.toContain('打开任务');
    // With or without a colon; a section's lines stay above their indented links.
    const sectioned = composeMail({
      to: [],
      subject: 's',
      body: '正文',
      links: [{ label: '录入放假安排', url: LINK }],
      sections: [{ title: '逾期', lines: [{ text: '某企业 · 注册登记', url: `${LINK}2` }] }],
      footer: '页脚',
    });
    expect(plainText(sectioned)).toBe('正文\n\n逾期\n- 某企业 · 注册登记\n\n页脚');
    const bare = { ...m, links: [] };
    expect(wecomContent(bare).msgtype).toBe('text');
  });
});

describe('Alibaba Cloud RPC signature', () => {
  it('encodes as RFC 3986 and signs the documented StringToSign', () => {
    expect(percentEncode("a b*~'")).toBe('a%20b%2A~%27');
    // The example of Alibaba Cloud's signature documentation (AccessKeySecret "testsecret").
    const params = {
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      Format: 'XML',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Timestamp: '2016-02-23T12:46:24Z',
      Version: '2014-05-26',
    };
    expect(rpcSignature('GET', params, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });
});

describe('channels from configuration and secrets', () => {
  const aws = (extra: Record<string, string> = {}) =>
    loadConfig({ AFTERCARE_MODE: 'aws', TABLE_NAME: 'table', BASE_URL: 'https://a.example.cn', ...extra });
  const db = {} as Db;
  const clock = { now: () => new Date() };

  it('offers only email on AWS until a channel is configured, and every channel locally (the outbox)', () => {
    expect(offeredChannels(aws())).toEqual(['email']);
    expect(
      offeredChannels(aws({ WECOM_CORP_ID: 'ww1', WECOM_AGENT_ID: '1000002', SMS_SIGN_NAME: '园区' })),
    ).toEqual(['email', 'wecom']);
    const local = loadConfig({
      AFTERCARE_MODE: 'local',
      TABLE_NAME: 'table',
      BASE_URL: 'http://localhost:3000',
    });
    expect(offeredChannels(local)).toEqual(['email', 'wecom', 'dingtalk', 'sms']);
  });

  it('builds an adapter only with its secret (without it, people on that channel get email)', () => {
    const config = aws({ WECOM_CORP_ID: 'ww1', WECOM_AGENT_ID: '1000002', DINGTALK_AGENT_ID: '3000001' });
    expect(channelAdapters(config, {}, db, clock).map((a) => a.channel)).toEqual([]);
    const secrets = channelSecretsOf({
      signingKey: 'k',
      channels: { wecomSecret: 's', dingtalkAppKey: 'k' },
    });
    expect(channelAdapters(config, secrets, db, clock).map((a) => a.channel)).toEqual(['wecom']);
    expect(channelSecretsOf({ channels: { wecomSecret: 42 } })).toEqual({});
    expect(channelSecretsOf(undefined)).toEqual({});
  });
});
