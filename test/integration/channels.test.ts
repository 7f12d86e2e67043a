import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/config/config.ts';
import type { Mail, Mailer } from '#shared/mail/mailer.ts';
import { sendOrQueue, sendQueuedMail } from '#shared/mail/office-hours.ts';
import { composeMail } from '#shared/mail/shell.tsx';
import { asRecipient, type Recipient, recipientOf } from '#shared/notify/channel.ts';
import { dingtalkAdapter } from '#shared/notify/dingtalk.ts';
import { proxiedFetch } from '#shared/notify/egress.ts';
import { createNotifier } from '#shared/notify/notifier.ts';
import { SMS_TITLE_CHARS, smsTemplate } from '#shared/notify/render.ts';
import { channelAdapters, channelSecretsOf } from '#shared/notify/setup.ts';
import { shortLinker } from '#shared/notify/short-links.ts';
import { rpcSignature, smsAdapter } from '#shared/notify/sms.ts';
import { wecomAdapter } from '#shared/notify/wecom.ts';
import { dueMail } from '#shared/store/mail-queue.ts';
import { listStaff } from '#shared/store/organisation.ts';
import { lookUpShortLink } from '#shared/store/short-links.ts';
import { listUndeliverable } from '#shared/store/undeliverable.ts';
import { outbox } from '../support/client.ts';
import { freshDb } from '../support/db.ts';
import { manualClock, storeDeps } from '../support/fixtures.ts';
import { dingtalkServer, type ProviderServer, smsServer, wecomServer } from '../support/provider-servers.ts';
import { testStack } from '../support/stack.ts';

const LINK = 'http://localhost:3000/needs/N1?sig=abc.def&exp=1760000000';
const SHORT = /^http:\/\/localhost:3000\/s\/([2-9A-HJ-NP-Za-km-z]{12})$/;
const message = (to: Mail['to']): Mail =>
  composeMail({
    to,
    subject: '【待签收】企业诉求 GX-2026-0001：厂房停电',
    body: '陈志远，您好：园区企业提交了一条紧急诉求，请在 2 个工作小时内签收。',
    links: [{ url: LINK }],
    footer: '安商服务 · 高新区',
  });

const person = (over: Partial<Recipient> & { email: string }): Recipient => asRecipient(recipientOf(over));

function recordingEmail(down = false): Mailer & { sent: Mail[]; down: boolean } {
  const m = {
    sent: [] as Mail[],
    down,
    async send(mail: Mail) {
      if (m.down) throw new Error('mail server down');
      m.sent.push(mail);
      return { id: `e${m.sent.length}` };
    },
  };
  return m;
}

let wecom: ProviderServer;
let dingtalk: ProviderServer;
let sms: ProviderServer;
let db: Awaited<ReturnType<typeof freshDb>>;
const clock = manualClock('2026-11-30T02:00:00Z');
let nowMs = Date.parse('2026-11-30T02:00:00Z');
const now = () => nowMs;

const wecomOptions = () => ({
  endpoint: wecom.url,
  corpId: 'ww-corp',
  agentId: 1000002,
  secret: 'wecom-secret',
  now,
});
const dingtalkOptions = () => ({
  endpoint: dingtalk.url,
  agentId: 3000001,
  appKey: 'ding-key',
  appSecret: 'ding-secret',
  now,
  // The send result is read at once and then twice more, a few milliseconds apart (in production: seconds).
  resultDelaysMs: [0, 5, 5],
});
const smsOptions = (secret = 'sms-secret') => ({
  endpoint: sms.url,
  accessKeyId: 'LTAI-test',
  accessKeySecret: secret,
  signName: '高新区安商服务',
  templateCode: 'SMS_123456789',
  template: smsTemplate('http://localhost:3000'),
  shortLink: shortLinker({ db, clock, baseUrl: 'http://localhost:3000' }),
});
/** The target a short link in an SMS stands for, as the short-link route would redirect to it. */
async function targetOf(link: string) {
  const code = SHORT.exec(link)?.[1];
  expect(code, link).toBeDefined();
  return lookUpShortLink(db, code as string, clock.now());
}

beforeAll(async () => {
  [wecom, dingtalk, sms, db] = await Promise.all([
    wecomServer({ corpId: 'ww-corp', secret: 'wecom-secret', agentId: 1000002 }),
    dingtalkServer({ appKey: 'ding-key', appSecret: 'ding-secret', agentId: 3000001 }),
    smsServer({ accessKeyId: 'LTAI-test', accessKeySecret: 'sms-secret' }),
    freshDb(),
  ]);
});
afterAll(async () => {
  await Promise.all([wecom.close(), dingtalk.close(), sms.close(), db.drop()]);
});

describe('WeCom application messages', () => {
  it('fetch a token once, keep it until it expires, and send a textcard with the signed link', async () => {
    const adapter = wecomAdapter(wecomOptions());
    const to = [person({ email: 'a@zone.example.cn', channel: 'wecom', wecomUserId: 'ChenZhiyuan' })];
    await adapter.send(message(to), to);
    await adapter.send(message(to), to);
    expect(wecom.tokenFetches).toBe(1);
    expect(wecom.refused).toEqual([]);
    const body = wecom.sent.at(-1) as { touser: string; msgtype: string; textcard: Record<string, string> };
    expect(body.touser).toBe('ChenZhiyuan');
    expect(body.msgtype).toBe('textcard');
    expect(body.textcard.url).toBe(LINK);
    expect(body.textcard.title).toContain('GX-2026-0001');
    expect(body.textcard.description).toContain('请在 2 个工作小时内签收');
    expect(body.textcard.description).not.toContain(LINK);
    // Past expires_in (7200 s), the next send fetches a fresh token first.
    nowMs += 7200_000;
    await adapter.send(message(to), to);
    expect(wecom.tokenFetches).toBe(2);
  });

  it('fetch a new token when WeCom answers 42001 (expired) and send again', async () => {
    const adapter = wecomAdapter(wecomOptions());
    const to = [person({ email: 'a@zone.example.cn', channel: 'wecom', wecomUserId: 'ChenZhiyuan' })];
    await adapter.send(message(to), to);
    const fetches = wecom.tokenFetches;
    const sent = wecom.sent.length;
    wecom.expireToken();
    await adapter.send(message(to), to);
    expect(wecom.tokenFetches).toBe(fetches + 1);
    expect(wecom.sent.length).toBe(sent + 1);
  });

  it('report the users WeCom does not know (invaliduser) as failed', async () => {
    wecom.unknownUsers.add('Gone');
    const adapter = wecomAdapter(wecomOptions());
    const gone = person({ email: 'gone@zone.example.cn', channel: 'wecom', wecomUserId: 'Gone' });
    const here = person({ email: 'here@zone.example.cn', channel: 'wecom', wecomUserId: 'Here' });
    const out = await adapter.send(message([gone, here]), [gone, here]);
    expect((wecom.sent.at(-1) as { touser: string }).touser).toBe('Gone|Here');
    expect(out.failed?.map((r) => r.email)).toEqual(['gone@zone.example.cn']);
  });

  it('report the users without a WeCom licence (unlicenseduser) as failed too', async () => {
    wecom.unlicensedUsers.add('NoLicence');
    const adapter = wecomAdapter(wecomOptions());
    const none = person({ email: 'nolicence@zone.example.cn', channel: 'wecom', wecomUserId: 'NoLicence' });
    const here = person({ email: 'here@zone.example.cn', channel: 'wecom', wecomUserId: 'Here' });
    const out = await adapter.send(message([none, here]), [none, here]);
    expect(out.failed?.map((r) => r.email)).toEqual(['nolicence@zone.example.cn']);
  });
});

describe('DingTalk work notifications', () => {
  it('send an action card whose button opens the signed link, with a cached token refreshed on 42001', async () => {
    const adapter = dingtalkAdapter(dingtalkOptions());
    const to = [
      person({ email: 'a@zone.example.cn', channel: 'dingtalk', dingtalkUserId: 'manager0001' }),
      person({ email: 'b@zone.example.cn', channel: 'dingtalk', dingtalkUserId: 'officer0002' }),
    ];
    await adapter.send(message(to), to);
    await adapter.send(message(to), to);
    expect(dingtalk.tokenFetches).toBe(1);
    dingtalk.expireToken();
    await adapter.send(message(to), to);
    expect(dingtalk.tokenFetches).toBe(2);
    expect(dingtalk.refused).toEqual([]);
    const body = dingtalk.sent.at(-1) as {
      agent_id: number;
      userid_list: string;
      msg: { msgtype: string; action_card: Record<string, string> };
    };
    expect(body.agent_id).toBe(3000001);
    expect(body.userid_list).toBe('manager0001,officer0002');
    expect(body.msg.msgtype).toBe('action_card');
    expect(body.msg.action_card.single_url).toBe(LINK);
    expect(body.msg.action_card.markdown).toContain('请在 2 个工作小时内签收');
  });

  it('read the send result and report the invalid, rate-limited and failed users as failed', async () => {
    dingtalk.unknownUsers.add('ding-gone');
    dingtalk.forbiddenUsers.add('ding-limited');
    dingtalk.failedUsers.add('ding-failed');
    // DingTalk answers errcode 0 and a task_id whoever the users are; the first read finds the task unprocessed.
    dingtalk.pendingResults = 1;
    const adapter = dingtalkAdapter(dingtalkOptions());
    const to = ['ding-here', 'ding-gone', 'ding-limited', 'ding-failed'].map((id) =>
      person({ email: `${id}@zone.example.cn`, channel: 'dingtalk', dingtalkUserId: id }),
    );
    try {
      const out = await adapter.send(message(to), to);
      expect(out.failed?.map((r) => r.email).sort()).toEqual([
        'ding-failed@zone.example.cn',
        'ding-gone@zone.example.cn',
        'ding-limited@zone.example.cn',
      ]);
      const reads = dingtalk.resultReads.filter((r) => String(r.task_id) === out.id);
      expect(reads).toEqual([
        { agent_id: 3000001, task_id: Number(out.id) },
        { agent_id: 3000001, task_id: Number(out.id) },
      ]);
      expect(dingtalk.refused).toEqual([]);
    } finally {
      dingtalk.pendingResults = 0;
    }
  });

  it('read the send result at most three times, and report nobody failed while DingTalk is still at it', async () => {
    dingtalk.pendingResults = 100;
    const adapter = dingtalkAdapter(dingtalkOptions());
    const to = [person({ email: 'slow@zone.example.cn', channel: 'dingtalk', dingtalkUserId: 'ding-gone' })];
    try {
      const out = await adapter.send(message(to), to);
      expect(out.failed ?? []).toEqual([]);
      expect(dingtalk.resultReads.filter((r) => String(r.task_id) === out.id)).toHaveLength(3);
    } finally {
      dingtalk.pendingResults = 0;
    }
  });
});

describe('Alibaba Cloud SMS', () => {
  it('send SendSms signed as documented (the stand-in recomputes the signature): the title, the due date and a short link’s code', async () => {
    const adapter = smsAdapter(smsOptions());
    const to = [person({ email: 'a@ent.example.cn', channel: 'sms', phone: '+86 138-0013-8000' })];
    await adapter.send({ ...message(to), due: '2026-12-01 11:30' }, to);
    expect(sms.refused).toEqual([]);
    const p = sms.sent.at(-1) as Record<string, string>;
    expect(p.PhoneNumbers).toBe('13800138000');
    expect(p.SignName).toBe('高新区安商服务');
    expect(p.TemplateCode).toBe('SMS_123456789');
    const params = JSON.parse(p.TemplateParam ?? '{}') as Record<string, string>;
    expect(Object.keys(params).sort()).toEqual(['code', 'date', 'title']);
    expect([...(params.title ?? '')].length).toBeLessThanOrEqual(SMS_TITLE_CHARS);
    expect(params.date).toBe('12月1日11:30前');
    // No link in a variable (carriers refuse them): the code, which the template's fixed `<origin>/s/` completes,
    // stands for the signed link's path and query on this origin.
    expect(params.code).toMatch(/^[2-9A-HJ-NP-Za-km-z]{12}$/);
    expect(await targetOf(`http://localhost:3000/s/${params.code}`)).toEqual({
      found: 'live',
      target: '/needs/N1?sig=abc.def&exp=1760000000',
    });
  });

  it('is refused by Alibaba Cloud for a variable over 35 characters (isv.PARAM_LENGTH_LIMIT): a signed link never fits', async () => {
    const request: Record<string, string> = {
      AccessKeyId: 'LTAI-test',
      Action: 'SendSms',
      Format: 'JSON',
      PhoneNumbers: '13800138000',
      RegionId: 'cn-hangzhou',
      SignName: '高新区安商服务',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: crypto.randomUUID(),
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_123456789',
      TemplateParam: JSON.stringify({ title: '待签收', link: LINK }),
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
    };
    const Signature = rpcSignature('POST', request, 'sms-secret');
    const answer = await fetch(`${sms.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...request, Signature }),
    });
    expect(((await answer.json()) as { Code: string }).Code).toBe('isv.PARAM_LENGTH_LIMIT');
    expect(sms.refused.at(-1)).toBe('isv.PARAM_LENGTH_LIMIT');
  });

  it('refuses, before sending, a message whose link it cannot shorten (it then goes by email)', async () => {
    const { shortLink: _none, ...withoutShortLinks } = smsOptions();
    const adapter = smsAdapter(withoutShortLinks);
    const to = [person({ email: 'a@ent.example.cn', channel: 'sms', phone: '13800138000' })];
    const sent = sms.sent.length;
    await expect(adapter.send(message(to), to)).rejects.toThrow(/sms: link no short link/);
    expect(sms.sent.length).toBe(sent);
  });

  it('is refused when signed with the wrong secret (the signature is really checked)', async () => {
    const adapter = smsAdapter(smsOptions('wrong-secret'));
    const to = [person({ email: 'a@ent.example.cn', channel: 'sms', phone: '13800138000' })];
    await expect(adapter.send(message(to), to)).rejects.toThrow(/SignatureDoesNotMatch/);
    expect(sms.refused.at(-1)).toBe('SignatureDoesNotMatch');
  });
});

describe('through an egress proxy (WeCom trusts only fixed IPs: 企业可信IP)', () => {
  /** An HTTP CONNECT proxy on 127.0.0.1 that records each tunnel's target and credentials. */
  async function connectProxy() {
    const tunnels: { target: string; auth?: string }[] = [];
    const server = createHttpServer((_req, res) => {
      res.writeHead(405);
      res.end();
    });
    server.on('connect', (req, client: Socket, head: Buffer) => {
      const auth = req.headers['proxy-authorization'];
      tunnels.push({ target: String(req.url), ...(auth ? { auth } : {}) });
      if (auth !== `Basic ${Buffer.from('zone:pa ss').toString('base64')}`) {
        client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
        return;
      }
      const [host, port] = String(req.url).split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    return {
      tunnels,
      url: (auth = 'zone:pa%20ss') => `http://${auth}@127.0.0.1:${port}`,
      close: () => new Promise<void>((r) => server.close(() => r())),
    };
  }

  it('send every provider call through the proxy named in the secret, with its credentials', async () => {
    const proxy = await connectProxy();
    try {
      const config = loadConfig({
        AFTERCARE_MODE: 'aws',
        TABLE_NAME: 'table',
        BASE_URL: 'http://localhost:3000',
        WECOM_CORP_ID: 'ww-corp',
        WECOM_AGENT_ID: '1000002',
        WECOM_ENDPOINT: wecom.url,
      });
      const secrets = channelSecretsOf({
        channels: { wecomSecret: 'wecom-secret', egressProxyUrl: proxy.url() },
      });
      const [adapter] = channelAdapters(config, secrets, db, clock);
      const to = [person({ email: 'w@zone.example.cn', channel: 'wecom', wecomUserId: 'ProxyUser' })];
      const sent = wecom.sent.length;
      await adapter?.send(message(to), to);
      expect(wecom.sent.length).toBe(sent + 1);
      expect((wecom.sent.at(-1) as { touser: string }).touser).toBe('ProxyUser');
      // The token fetch and the send both went through the tunnel to WeCom's host.
      const host = new URL(wecom.url).host;
      expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
      expect(proxy.tunnels.every((t) => t.target === host)).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('fail (and so fall back to email) when the proxy refuses, never going around it', async () => {
    const proxy = await connectProxy();
    try {
      const adapter = wecomAdapter({ ...wecomOptions(), fetch: proxiedFetch(proxy.url('zone:wrong')) });
      const to = [person({ email: 'w@zone.example.cn', channel: 'wecom', wecomUserId: 'ProxyUser' })];
      const sent = wecom.sent.length;
      await expect(adapter.send(message(to), to)).rejects.toThrow();
      expect(wecom.sent.length).toBe(sent);
      expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
    } finally {
      await proxy.close();
    }
    expect(channelSecretsOf({ channels: { egressProxyUrl: 'socks5://x:1' } })).toEqual({});
  });
});

describe('the Notifier', () => {
  const notifier = (email: Mailer) =>
    createNotifier({
      email,
      channels: [wecomAdapter(wecomOptions()), dingtalkAdapter(dingtalkOptions()), smsAdapter(smsOptions())],
      db,
      clock,
    });

  it('send each person by their channel and an address alone by email, the same link on every channel', async () => {
    const email = recordingEmail();
    const before = { w: wecom.sent.length, d: dingtalk.sent.length, s: sms.sent.length };
    await notifier(email).send(
      message([
        'plain@zone.example.cn',
        person({ email: 'w@zone.example.cn', channel: 'wecom', wecomUserId: 'WeiUser' }),
        person({ email: 'd@zone.example.cn', channel: 'dingtalk', dingtalkUserId: 'ding01' }),
        person({ email: 's@ent.example.cn', channel: 'sms', phone: '13900139000' }),
      ]),
    );
    expect(email.sent.map((m) => m.to)).toEqual([['plain@zone.example.cn']]);
    expect(email.sent[0]?.links).toEqual([LINK]);
    expect((wecom.sent.at(-1) as { textcard: { url: string } }).textcard.url).toBe(LINK);
    expect(
      (dingtalk.sent.at(-1) as { msg: { action_card: { single_url: string } } }).msg.action_card.single_url,
    ).toBe(LINK);
    const smsCode = JSON.parse((sms.sent.at(-1) as { TemplateParam: string }).TemplateParam).code;
    expect((await targetOf(`http://localhost:3000/s/${smsCode}`)).found).toBe('live');
    expect([wecom.sent.length, dingtalk.sent.length, sms.sent.length]).toEqual([
      before.w + 1,
      before.d + 1,
      before.s + 1,
    ]);
  });

  it('fall back to email on a 5xx or an errcode, and record it where managers see it', async () => {
    const email = recordingEmail();
    wecom.failNext({ status: 502 });
    dingtalk.failNext({ code: 88 });
    sms.failNext({ code: 'isv.BUSINESS_LIMIT_CONTROL' });
    await notifier(email).send(
      message([
        person({ email: 'w5xx@zone.example.cn', channel: 'wecom', wecomUserId: 'WeiUser' }),
        person({ email: 'derr@zone.example.cn', channel: 'dingtalk', dingtalkUserId: 'ding01' }),
        person({ email: 'serr@ent.example.cn', channel: 'sms', phone: '13900139000' }),
      ]),
    );
    expect(email.sent.map((m) => m.to)).toEqual([
      ['w5xx@zone.example.cn', 'derr@zone.example.cn', 'serr@ent.example.cn'],
    ]);
    const recorded = (await listUndeliverable(db)).filter((u) => u.reason === 'channel');
    expect(recorded.map((u) => [u.email, u.channel]).sort()).toEqual([
      ['derr@zone.example.cn', 'dingtalk'],
      ['serr@ent.example.cn', 'sms'],
      ['w5xx@zone.example.cn', 'wecom'],
    ]);
  });

  it('fall back to email for a person WeCom does not know, and for a channel not configured', async () => {
    const email = recordingEmail();
    wecom.unknownUsers.add('Gone');
    await createNotifier({ email, channels: [wecomAdapter(wecomOptions())], db, clock }).send(
      message([
        person({ email: 'gone@zone.example.cn', channel: 'wecom', wecomUserId: 'Gone' }),
        person({ email: 'noding@zone.example.cn', channel: 'dingtalk', dingtalkUserId: 'ding01' }),
      ]),
    );
    expect(email.sent.map((m) => m.to)).toEqual([['noding@zone.example.cn', 'gone@zone.example.cn']]);
  });

  it('fall back to email for a person DingTalk’s send result names, and record it', async () => {
    const email = recordingEmail();
    dingtalk.unknownUsers.add('ding-left');
    await createNotifier({ email, channels: [dingtalkAdapter(dingtalkOptions())], db, clock }).send(
      message([
        person({ email: 'left@zone.example.cn', channel: 'dingtalk', dingtalkUserId: 'ding-left' }),
        person({ email: 'stays@zone.example.cn', channel: 'dingtalk', dingtalkUserId: 'ding-stays' }),
      ]),
    );
    expect(email.sent.map((m) => m.to)).toEqual([['left@zone.example.cn']]);
    const recorded = (await listUndeliverable(db)).filter((u) => u.email === 'left@zone.example.cn');
    expect(recorded.map((u) => u.channel)).toEqual(['dingtalk']);
  });
});

describe('the retry queue, for every channel', () => {
  it('queue only those not reached when the mail server is down, and send the rest once it is back', async () => {
    const email = recordingEmail(true);
    const notifier = createNotifier({ email, channels: [wecomAdapter(wecomOptions())], db, clock });
    const deps = storeDeps({ db, clock, mailer: notifier });
    const wecomBefore = wecom.sent.length;
    const result = await sendOrQueue(
      deps,
      message([
        person({ email: 'q-w@zone.example.cn', channel: 'wecom', wecomUserId: 'QueueUser' }),
        'q-e@zone.example.cn',
      ]),
    );
    expect(result).toBe('queued');
    expect(wecom.sent.length).toBe(wecomBefore + 1);
    const queued = await dueMail(db, new Date(clock.now().getTime() + 10 * 60_000));
    expect(queued.map((q) => q.mail.to)).toEqual([['q-e@zone.example.cn']]);
    email.down = false;
    clock.set(new Date(clock.now().getTime() + 10 * 60_000).toISOString());
    expect(await sendQueuedMail(deps)).toEqual({ sent: 1, failed: 0 });
    expect(wecom.sent.length).toBe(wecomBefore + 1);
    expect(email.sent.map((m) => m.to)).toEqual([['q-e@zone.example.cn']]);
  });
});

describe('the local outbox', () => {
  it('shows every channel: each JSON entry says its channel and the address it used', async () => {
    const stack = await testStack();
    try {
      await stack.deps.mailer.send(
        message([
          'e@zone.example.cn',
          person({ email: 'w@zone.example.cn', channel: 'wecom', wecomUserId: 'WeiUser' }),
          person({ email: 'd@zone.example.cn', channel: 'dingtalk', dingtalkUserId: 'ding01' }),
          person({ email: 's@ent.example.cn', channel: 'sms', phone: '139-0013-9000' }),
        ]),
      );
      const entries = (await outbox(stack.url)) as unknown as {
        channel: string;
        to: string[];
        links: string[];
        text: string;
      }[];
      const byChannel = Object.fromEntries(entries.map((e) => [e.channel, e]));
      expect(Object.keys(byChannel).sort()).toEqual(['dingtalk', 'email', 'sms', 'wecom']);
      expect(byChannel.email?.to).toEqual(['e@zone.example.cn']);
      expect(byChannel.wecom?.to).toEqual(['WeiUser']);
      expect(byChannel.dingtalk?.to).toEqual(['ding01']);
      expect(byChannel.sms?.to).toEqual(['13900139000']);
      for (const e of entries) expect(e.links).toEqual([LINK]);
      // A link to another origin has no short link: the SMS shows it in its place (the local display only).
      expect(byChannel.sms?.text).toContain(`请打开 ${LINK} 查看办理`);
      const page = await (await fetch(new URL('/_local/outbox', stack.url))).text();
      expect(page).toContain('企业微信');
      expect(page).toContain('WeiUser');
    } finally {
      await stack.drop();
    }
  }, 120_000);
});

describe('the demo', () => {
  it('seeds people on WeCom, DingTalk and SMS, and keeps the demo manager on email', async () => {
    const stack = await testStack({ seed: true });
    try {
      const staff = await listStaff(stack.deps.db);
      const channels = new Map(staff.map((s) => [s.email.split('@')[0], s.channel ?? 'email']));
      expect(channels.get('chen.zhiyuan')).toBe('email');
      expect(new Set(channels.values())).toEqual(new Set(['email', 'wecom', 'dingtalk', 'sms']));
    } finally {
      await stack.drop();
    }
  }, 120_000);
});
