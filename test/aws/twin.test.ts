import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FunctionId, specOf } from '#functions/registry.ts';
import type { Department, Staff } from '#shared/domain/organisation.ts';
import { NEED_CATEGORIES } from '#shared/domain/work-item.ts';
import { createFirstManager } from '#shared/organisation/first-manager.ts';
import { readFirstSheet, toXlsx } from '#shared/spreadsheets/workbook.ts';
import { getEnterprise, getEnterpriseFile } from '#shared/store/enterprises.ts';
import { getStaffByEmail, listDepartments } from '#shared/store/organisation.ts';
import { getScores } from '#shared/store/scores.ts';
import { openTasksOf } from '#shared/store/tasks.ts';
import { Client } from '../support/client.ts';
import { checkCalls, formatDenied, formatUnused, suggestEnvironment, type Unused } from './iam/check.ts';
import type { MotoMail } from './twin/moto.ts';
import { startTwin, TWIN_DIR, type Twin } from './twin/twin.ts';

/**
 * The AWS build, end to end, as a zone would use it on AWS: every page and step runs in the bundles CDK built, in AWS
 * mode, against the stand-ins, with DynamoDB's and Lambda's transient failures injected all along.
 */
let twin: Twin;
// Wednesday 2 December 2026, 10:00 in Shanghai: office hours on a working day.
const START = new Date('2026-12-02T02:00:00Z');

beforeAll(async () => {
  // AWS's transient failures, injected all along (TWIN_FAULTS=0.2 npm run test:aws to explore).
  const rate = Number(process.env.TWIN_FAULTS ?? 0.03);
  twin = await startTwin({ clockStart: START, dynamoFaultRate: rate, lambdaFaultRate: rate });
}, 240_000);
afterAll(async () => {
  await twin?.stop();
});

const links = (mail: MotoMail) =>
  [...mail.body.matchAll(/href="([^"]+)"/g)].map((m) => (m[1] as string).replaceAll('&amp;', '&'));
const path = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** Wait for a mail SES accepted (read back from moto) that matches. */
async function mailFor(to: string, subject: RegExp, seen = new Set<string>()): Promise<MotoMail> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const mail = (await twin.mail()).find(
      (m) => m.to.includes(to) && subject.test(m.subject) && !seen.has(m.id),
    );
    if (mail) {
      seen.add(mail.id);
      return mail;
    }
    if (Date.now() > deadline) {
      const all = (await twin.mail()).map((m) => `${m.to.join(',')}: ${m.subject}`);
      throw new Error(`no mail to ${to} matching ${subject}; sent:\n${all.join('\n')}\n${await diagnosis()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const signInMails = new Set<string>();

/** Sign in from the emailed link (read back from SES), as a person would. */
async function signIn(email: string): Promise<Client> {
  const client = new Client(twin.url);
  await client.page('/signin');
  expect((await client.submit('/signin', { email })).status).toBe(200);
  const link = links(await mailFor(email, /登录/, signInMails)).find((l) => l.includes('/signin/verify'));
  const confirm = await client.page(path(link as string));
  const verified = await client.submit('/signin/verify', {
    t: /name="t" value="([^"]+)"/.exec(confirm)?.[1] as string,
  });
  expect(verified.status).toBe(303);
  return client;
}

/** The enterprise's portal link, from the mail its contact received. */
async function portalOf(contact: string): Promise<string> {
  return path(links(await mailFor(contact, /企业服务链接/)).find((l) => l.includes('/portal?')) as string);
}

/** Submit a need with PDF files from the portal page, as the enterprise's browser would. */
async function submitNeed(
  portal: string,
  fields: { title: string; description: string },
  files: { name: string; bytes: Buffer }[],
): Promise<Response> {
  const client = new Client(twin.url);
  const page = await client.page(portal);
  const form = new FormData();
  form.set('_csrf', /name="_csrf" value="([^"]+)"/.exec(page)?.[1] as string);
  form.set('t', new URL(portal, twin.url).searchParams.get('t') as string);
  const all = {
    category: 'permits',
    urgency: 'normal',
    contactName: '沈一鸣',
    contactPhone: '13800138001',
    ...fields,
  };
  for (const [k, v] of Object.entries(all)) form.set(k, v);
  for (const f of files) {
    form.append('attachments', new Blob([new Uint8Array(f.bytes)], { type: 'application/pdf' }), f.name);
  }
  return fetch(`${twin.url}/portal`, {
    method: 'POST',
    body: form,
    headers: { cookie: [...client.jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    redirect: 'manual',
  });
}

const shanghaiDate = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(twin.clock.now());

describe('the AWS build, run as AWS runs it', () => {
  it('carries a zone from sign-in through two stages, reminders, a need with an attachment and the sweep', async () => {
    // The operator's first step after deploying (npm run create-manager, with the operator's own credentials).
    const manager = await createFirstManager(
      { db: twin.db, clock: twin.clock },
      { name: '陈志远', email: 'director@zone.example.cn', department: '管委会' },
    );

    // The manager signs in from the emailed link and adds a department and its people.
    const browser = await signIn(manager.email);
    expect(await browser.page('/console')).toContain('陈志远');
    await browser.page('/console/staff');
    expect((await browser.submit('/console/staff/departments', { name: '招商一局' })).status).toBe(303);
    const dept = (await listDepartments(twin.db)).find((d) => d.name === '招商一局') as Department;
    const person = async (name: string, email: string, role: string) => {
      await browser.page('/console/staff');
      const res = await browser.submit('/console/staff/people', { name, email, role, departmentId: dept.id });
      expect(res.status).toBe(303);
      return (await getStaffByEmail(twin.db, email)) as Staff;
    };
    const head = await person('王芳', 'head@zone.example.cn', 'departmentHead');
    const officer = await person('陈静', 'officer@zone.example.cn', 'officer');
    expect(await browser.page('/console/scoreboard')).toContain('招商一局');
    // The manager routes permits needs to 招商一局 (its head owns them) and stays the coordinator: the settings page
    // saves the table, the coordinator and the audit event in one transaction.
    await browser.page('/console/settings');
    const routed = await browser.submit('/console/settings/need-routing', {
      ...Object.fromEntries(NEED_CATEGORIES.map((c) => [c, ''])),
      permits: dept.id,
      coordinatorId: manager.id,
    });
    expect(routed.status).toBe(303);

    // …and registers an enterprise; its lifecycle starts on the Step Functions endpoint.
    await browser.page('/console/enterprises/new');
    const registered = await browser.submit('/console/enterprises', {
      name: '云端孪生科技有限公司',
      investor: '孪生投资集团',
      industryChain: '集成电路',
      contractedInvestment: '50000',
      signedAt: '2026-11-30',
      'lead.departmentId': dept.id,
      'lead.staffId': head.id,
      serviceOfficerId: officer.id,
      'contacts.0.name': '沈一鸣',
      'contacts.0.phone': '13800138001',
      'contacts.0.email': 'shen@twin.example.cn',
      'planned.registered': '2026-12-04',
      'planned.siteSecured': '2026-12-08',
      'planned.constructionStarted': '2026-12-10',
    });
    expect(registered.status).toBe(303);
    const enterpriseId = /\/console\/enterprises\/([0-9A-Z]+)/.exec(
      registered.headers.get('location') ?? '',
    )?.[1];
    expect(enterpriseId).toBeTruthy();
    const id = enterpriseId as string;

    // The officer completes two stages from the emailed links, on a phone, without a password.
    const seen = new Set<string>();
    for (const stage of ['registered', 'siteSecured'] as const) {
      const mail = await mailFor(officer.email, /新任务/, seen);
      const task = links(mail).find((l) => l.includes('/task?')) as string;
      const phone = new Client(twin.url);
      const page = await phone.page(path(task));
      // People act once the workflow waits (seconds later, not milliseconds): so their action releases it.
      await twin.engine.idle();
      const done = await phone.submit('/task', {
        t: /name="t" value="([^"]+)"/.exec(page)?.[1] as string,
        outcome: 'milestone',
        'milestone.actualDate': shanghaiDate(),
      });
      expect(done.status).toBe(303);
      await expect
        .poll(async () => (await getEnterprise(twin.db, id))?.stage, { timeout: 30_000 })
        .toBe(stage);
    }
    // Site secured: the five approvals open at once (the officer holds them: no department is routed yet), each
    // with its own mail and link; the officer reports each granted, on the phone.
    const granted = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const mail = await mailFor(officer.email, /新任务/, seen);
      expect(mail.subject).toContain('办理');
      const task = links(mail).find((l) => l.includes('/task?')) as string;
      const phone = new Client(twin.url);
      const page = await phone.page(path(task));
      await twin.engine.idle();
      const done = await phone.submit('/task', {
        t: /name="t" value="([^"]+)"/.exec(page)?.[1] as string,
        outcome: 'approved',
        'approved.approvedDate': shanghaiDate(),
      });
      expect(done.status).toBe(303);
      granted.add(mail.subject);
    }
    expect(granted.size).toBe(5);
    await expect
      .poll(async () => Object.keys((await getEnterprise(twin.db, id))?.approvals ?? {}).length, {
        timeout: 30_000,
      })
      .toBe(5);
    // Then construction is tracked.
    const third = await mailFor(officer.email, /新任务/, seen);
    expect(third.subject).toContain('云端孪生科技有限公司');
    expect(third.subject).toContain('开工建设');

    // The clock moves past the next due date: the sweep reminds the officer and escalates to the head.
    await twin.engine.idle();
    twin.clock.advance('P9D');
    await twin.sweep();
    await mailFor(officer.email, /【逾期】/);
    await mailFor(head.email, /【督办】/);

    // The enterprise submits a need with an attachment from its portal link.
    const portal = await portalOf('shen@twin.example.cn');
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('图纸说明')]);
    const submitted = await submitNeed(
      portal,
      { title: '施工许可材料', description: '附上设计图纸与说明，请协助办理施工许可。' },
      [{ name: '图纸.pdf', bytes: pdf }],
    );
    expect(submitted.status).toBe(303);
    const ref = new URL(submitted.headers.get('location') as string, twin.url).searchParams.get(
      'ref',
    ) as string;
    expect(ref).toMatch(/^XQ-/);

    // Nobody signs for it in time: the head who owns it has no other head over them, so the managers are told.
    const needMail = await mailFor(head.email, new RegExp(ref));
    await twin.engine.idle();
    twin.clock.advance('P4D');
    await mailFor(manager.email, new RegExp(`【诉求督办】.*${ref}`));

    // The owner (the routed department's head) signs for it, commits to a date, and answers.
    const needLink = path(links(needMail).find((l) => l.includes('/need?')) as string);
    const owner = new Client(twin.url);
    const act = async (fields: Record<string, string>) => {
      await owner.page(needLink);
      if (!owner.lastHtml.includes('name="_csrf"')) await owner.page('/signin');
      await twin.engine.idle();
      return owner.submit('/need', {
        t: new URL(needLink, twin.url).searchParams.get('t') as string,
        ...fields,
      });
    };
    expect((await act({ action: 'signFor', committedDate: '2026-12-22' })).status).toBe(303);
    // The attachment comes back from S3 unchanged.
    const href = /href="(\/attachments\?[^"]+)"/
      .exec(await owner.page(needLink))?.[1]
      ?.replaceAll('&amp;', '&');
    const download = await fetch(`${twin.url}${href}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
    expect(
      (await act({ action: 'resolve', answer: '已协调住建局，材料齐全，可于12月22日前取证。' })).status,
    ).toBe(303);

    // The enterprise rates the answer.
    const rateMail = await mailFor('shen@twin.example.cn', /请评价/);
    const rateLink = path(links(rateMail).find((l) => l.includes('/rate?')) as string);
    const rater = new Client(twin.url);
    await rater.page(rateLink);
    await twin.engine.idle();
    const rated = await rater.submit('/rate', {
      t: new URL(rateLink, twin.url).searchParams.get('t') as string,
      rating: 'satisfied',
      comment: '谢谢',
    });
    expect(rated.status).toBe(303);
    await expect
      .poll(async () => (await getEnterpriseFile(twin.db, id))?.needs.find((n) => n.ref === ref)?.status, {
        timeout: 30_000,
      })
      .toBe('revisit');

    // The manager, as coordinator, calls the enterprise back (回访) from the link mailed to them: that ends the need.
    const revisitMail = await mailFor(manager.email, /回访/);
    const revisitLink = path(links(revisitMail).find((l) => l.includes('/need?')) as string);
    const coordinator = new Client(twin.url);
    await coordinator.page(revisitLink);
    await twin.engine.idle();
    const visited = await coordinator.submit('/need', {
      t: new URL(revisitLink, twin.url).searchParams.get('t') as string,
      action: 'revisit',
      resolved: 'yes',
      satisfied: 'yes',
    });
    expect(visited.status).toBe(303);
    await expect
      .poll(async () => (await getEnterpriseFile(twin.db, id))?.needs.find((n) => n.ref === ref)?.status, {
        timeout: 30_000,
      })
      .toBe('closed');

    // An evening need: the owner's mail waits for office hours, and the morning's sweep (as EventBridge Scheduler
    // invokes it) sends it.
    await twin.engine.idle();
    twin.clock.advance('PT9H'); // 19:00 in Shanghai
    const evening = await submitNeed(
      portal,
      { title: '夜间用电报装', description: '请协助办理临时用电。' },
      [],
    );
    expect(evening.status).toBe(303);
    const eveningRef = new URL(evening.headers.get('location') as string, twin.url).searchParams.get(
      'ref',
    ) as string;
    await twin.engine.idle();
    expect((await twin.mail()).some((m) => m.to.includes(head.email) && m.subject.includes(eveningRef))).toBe(
      false,
    );
    twin.clock.advance('PT14H15M'); // 09:15 the next working day
    expect(await twin.sweep()).toMatchObject({ queued: { failed: 0 } });
    await mailFor(head.email, new RegExp(eveningRef));

    // What the table holds: two stages done, the third open, funds recorded, every change audited.
    const file = await getEnterpriseFile(twin.db, id);
    expect(file?.enterprise.stage).toBe('siteSecured');
    expect(file?.tasks.filter((t) => t.status === 'open')).toHaveLength(1);
    expect(twin.engine.counters.failed).toBe(0);
  }, 240_000);

  it('never keeps a failed secret read: once the secret is readable again, the same container serves', async () => {
    const ssm = new SSMClient(twin.aws);
    // Created by the first function that read it (none existed when the twin started), with a signing key.
    const Name = twin.synthesized.functions.find((f) => f.id === 'Http')?.environment
      .SECRETS_PARAMETER as string;
    const stored = await ssm.send(new GetParameterCommand({ Name, WithDecryption: true }));
    expect(stored.Parameter?.Type).toBe('SecureString');
    const value = stored.Parameter?.Value as string;
    expect(JSON.parse(value).signingKey.length).toBeGreaterThanOrEqual(32);
    // An operator's typo in the JSON: a new container cannot read it and answers with an error…
    await ssm.send(
      new PutParameterCommand({ Name, Value: '{"signingKey": ', Type: 'SecureString', Overwrite: true }),
    );
    twin.fn('Http').recycle();
    try {
      const refused = await fetch(`${twin.url}/signin`);
      expect(refused.status).toBeGreaterThanOrEqual(500);
    } finally {
      await ssm.send(new PutParameterCommand({ Name, Value: value, Type: 'SecureString', Overwrite: true }));
    }
    // …and once it is fixed, the same container reads it again and serves.
    const fn = twin.fn('Http');
    const coldStarts = fn.coldStarts;
    expect((await fetch(`${twin.url}/signin`)).status).toBe(200);
    expect(fn.coldStarts).toBe(coldStarts);
  });

  it('keeps a need’s files within what one Lambda event carries, and says so when they are more', async () => {
    const file = await getEnterpriseFile(twin.db, (await enterpriseIds())[0] as string);
    const portal = await portalOf(file?.enterprise.contacts[0]?.email as string);
    const pdf = (mb: number) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(mb * 1024 * 1024)]);
    const send = (files: Buffer[]) =>
      submitNeed(
        portal,
        { title: '大附件', description: '三份图纸。' },
        files.map((bytes, i) => ({ name: `${i}.pdf`, bytes })),
      );
    // 4.2 MB of files is 5.6 MB as a Lambda event: it reaches the function, which explains the limit.
    const tooMany = await send([pdf(1.4), pdf(1.4), pdf(1.4)]);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain('附件合计不能超过 4 MB');
    // 4 MB of files fits.
    expect((await send([pdf(1.3), pdf(1.3), pdf(1.3)])).status).toBe(303);
  });
  it('marks an address SES reports as bounced undeliverable, for managers to see', async () => {
    // As SNS delivers SES's event to the MailFeedback function.
    const message = {
      eventType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        bouncedRecipients: [
          { emailAddress: 'shen@twin.example.cn', diagnosticCode: 'smtp; 550 user unknown' },
        ],
      },
      mail: { timestamp: twin.clock.now().toISOString() },
    };
    const sns = {
      Records: [{ EventSource: 'aws:sns', Sns: { Type: 'Notification', Message: JSON.stringify(message) } }],
    };
    expect(await twin.fn('MailFeedback').invoke(sns)).toEqual({ marked: 1 });
    // Thirteen days on, the morning's session has ended: the manager signs in again.
    const board = await (await signIn('director@zone.example.cn')).page('/console');
    expect(board).toContain('data-undeliverable="1"');
    expect(board).toContain('shen@twin.example.cn — 退信');
  });

  it('answers sign-in for an unknown address after the same calls as for a known one; the link goes out after', async () => {
    // Issue 14 item 10: the Http bundle only counts the request and hands it to SignInMail (an asynchronous
    // invocation), whatever the address; SignInMail looks it up and sends the link.
    const ask = async (email: string) => {
      const client = new Client(twin.url);
      await client.page('/signin');
      const from = twin.calls.length;
      expect((await client.submit('/signin', { email })).status).toBe(200);
      return twin.calls
        .slice(from)
        .filter((c) => c.fn === 'Http' && c.client !== 'SSMClient')
        .map((c) => `${c.client} ${c.command}`);
    };
    const before = (await twin.mail()).length;
    const known = await ask('director@zone.example.cn');
    const unknown = await ask('nobody@zone.example.cn');
    expect(known.filter((c) => /Invoke/.test(c))).toHaveLength(1);
    expect(known.some((c) => /SES|Get(Item)?Command/.test(c))).toBe(false);
    expect(unknown).toEqual(known);
    await twin.asyncInvocations.idle();
    expect(twin.asyncInvocations.failures).toEqual([]);
    const sent = (await twin.mail()).slice(before);
    expect(sent.some((m) => m.to.includes('nobody@zone.example.cn'))).toBe(false);
    await mailFor('director@zone.example.cn', /登录/, signInMails);
  });

  it('imports a ledger in the background: the Http bundle checks it and invokes LedgerImport, which registers it', async () => {
    // Issue 17 item 4: the zones' columns, people by name; the import runs in its own function, off the request.
    const browser = await signIn('director@zone.example.cn');
    await browser.page('/console/import');
    const res = await browser.request('/console/import/template.xlsx');
    expect(res.status).toBe(200);
    const template = await readFirstSheet(Buffer.from(await res.arrayBuffer()));
    const bytes = await ledgerOf(template, ['孪生台账甲有限公司', '孪生台账乙有限公司']);
    await browser.page('/console/import');
    const preview = await browser.upload('/console/import', {}, [
      { field: 'file', name: 'ledger.xlsx', bytes, type: 'application/octet-stream' },
    ]);
    const page = await preview.text();
    expect(preview.status, page.slice(0, 300)).toBe(200);
    browser.lastHtml = page;
    const confirm = /action="(\/console\/import\/([0-9A-Z]+)\/confirm)"/.exec(page);
    const done = await browser.submit(confirm?.[1] as string, {});
    expect(done.status).toBe(303);
    await twin.asyncInvocations.idle();
    await expect
      .poll(
        async () =>
          (await browser.page(`/console/import/${confirm?.[2]}`)).includes('data-import-status="imported"'),
        {
          timeout: 60_000,
        },
      )
      .toBe(true);
    await twin.engine.idle();
  });

  it('checks a 5,000-row ledger in the request within the Http function’s memory, as Lambda counts it', async () => {
    // Issue 17 item 4: the largest ledger allowed is checked by the Http bundle (512 MB) before the import starts.
    const browser = await signIn('director@zone.example.cn');
    const res = await browser.request('/console/import/template.xlsx');
    const template = await readFirstSheet(Buffer.from(await res.arrayBuffer()));
    const names = Array.from({ length: 5000 }, (_, i) => `孪生大台账${String(i).padStart(4, '0')}有限公司`);
    const bytes = await ledgerOf(template, names);
    const http = twin.fn('Http');
    http.recycle();
    await browser.page('/console/import');
    const preview = await browser.upload('/console/import', {}, [
      { field: 'file', name: 'ledger.xlsx', bytes, type: 'application/octet-stream' },
    ]);
    const page = await preview.text();
    expect(preview.status, page.slice(0, 300)).toBe(200);
    expect(page).toContain('预览：5000 个项目可以导入');
    const memory = http.fn.memoryMb;
    expect(memory).toBe(512);
    expect(http.peakRssMb).toBeGreaterThan(0);
    expect(http.peakRssMb).toBeLessThan(memory);
    writeFileSync(
      join(TWIN_DIR, 'ledger-memory.txt'),
      `Http peak ${Math.ceil(http.peakRssMb)} MB of ${memory} MB\n`,
    );
    // The limit is the twin's own, enforced: the same page in a sandbox of 64 MB is killed, as Lambda would.
    const small = http.resized(64);
    try {
      const event = {
        version: '2.0',
        rawPath: '/signin',
        rawQueryString: '',
        headers: { host: new URL(twin.url).host },
        requestContext: { http: { method: 'GET', path: '/signin' } },
        isBase64Encoded: false,
      };
      await expect(small.invoke(event)).rejects.toThrow(/Runtime exited with error: signal: killed/);
    } finally {
      small.stop();
    }
  }, 120_000);

  it('takes funds with evidence to S3 and counts them once verified; a manager enters a year’s holidays', async () => {
    // Issue 17 items 3 and 5 through the Http bundle: the evidence under funds/, the counters, the calendar's item.
    const id = (await enterpriseIds())[0] as string;
    const officer = await signIn('officer@zone.example.cn');
    await officer.page(`/console/funds/new?e=${id}`);
    const today = shanghaiDate();
    const reported = await officer.upload(
      '/console/funds',
      { e: id, kind: 'funds', amount: '500', evidenceDate: today },
      [
        {
          field: 'attachments',
          name: '银行回单.pdf',
          bytes: Buffer.from('%PDF-1.4 twin receipt'),
          type: 'application/pdf',
        },
      ],
    );
    expect(reported.status, (await reported.clone().text()).slice(0, 300)).toBe(303);
    const reportPath = (reported.headers.get('location') ?? '').split('?')[0] as string;
    const head = await signIn('head@zone.example.cn');
    const reportPage = await head.page(reportPath);
    expect(reportPage).toContain('银行回单.pdf');
    // The evidence read back from S3 (funds/<enterprise>/<report>/<file>).
    const evidence = /href="([^"]*\/evidence\?a=[0-9A-Z]+)"/.exec(reportPage)?.[1]?.replaceAll('&amp;', '&');
    const file = await head.request(evidence as string);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).toString()).toContain('twin receipt');
    expect((await head.submit(reportPath, { decision: 'verify' })).status).toBe(303);
    const enterprise = await getEnterprise(twin.db, id);
    expect(enterprise?.fundsInPlace).toBeGreaterThanOrEqual(500);
    const month = today.slice(0, 7);
    const scores = await getScores(twin.db, [enterprise!.lead.departmentId], [month]);
    expect(scores.get(`${enterprise!.lead.departmentId}|${month}`)?.fundsArrived).toBeGreaterThanOrEqual(500);

    const manager = await signIn('director@zone.example.cn');
    expect(await manager.page('/console/calendar?year=2027')).toContain('2027');
    const entered = await manager.submit('/console/calendar', {
      year: '2027',
      version: '0',
      holidays: [
        '01-01 元旦',
        '02-05 春节',
        '02-06 春节',
        '02-07 春节',
        '02-08 春节',
        '02-09 春节',
        '02-10 春节',
        '02-11 春节',
        '04-05 清明节',
        '05-01 劳动节',
        '05-02 劳动节',
        '06-09 端午',
        '09-15 中秋节',
        '10-01 国庆节',
        '10-02 国庆节',
        '10-03 国庆节',
        '10-04 国庆节',
        '10-05 国庆节',
      ]
        .map((l) => `2027-${l}`)
        .join('\n'),
      workdays: '',
    });
    expect(entered.status, (await entered.clone().text()).slice(0, 400)).toBe(303);
    const api = (await (await fetch(`${twin.url}/api/v1/calendar?year=2027`)).json()) as {
      provisional: boolean;
    };
    expect(api.provisional).toBe(false);
    await twin.engine.idle();
  });

  it('made no AWS call its role would deny, and every grant it holds is used or justified', async () => {
    // The failure steps run only when a step has failed for good: run them as their workflow would, last.
    const id = (await enterpriseIds())[0] as string;
    const failure = { Error: 'States.TaskFailed', Cause: 'twin: a step that failed after its retries' };
    await twin.fn('FailureStep').invoke({ state: { enterpriseId: id }, error: failure });
    // The lifecycle's remind step runs only when a wait reaches the execution's age limit (the sweep reminds).
    const [open] = await openTasksOf(twin.db, id);
    const aged = await twin.fn('RemindStep').invoke({
      enterpriseId: id,
      generation: 1,
      startedAt: '2026-01-01T00:00:00.000Z',
      cycles: 1500,
      taskId: open?.id,
    });
    expect(aged).toMatchObject({ open: true, continueAsNew: true });
    const need = (await getEnterpriseFile(twin.db, id))?.needs[0];
    await twin
      .fn('NeedFailureStep')
      .invoke({ state: { enterpriseId: id, needId: need?.id }, error: failure });

    const calls = twin.iamCalls();
    const { template, stackName } = twin.synthesized;
    const env = suggestEnvironment(
      template,
      { account: '123456789012', region: 'ap-southeast-1', stackName },
      { refs: twin.names.refs, getAtt: twin.names.attributes },
    );
    writeFileSync(join(TWIN_DIR, 'calls.json'), JSON.stringify({ calls, env }, null, 1));
    const result = checkCalls(template, calls, env);
    expect(result.unresolved).toEqual([]);
    expect(formatDenied(result.denied)).toBe('');
    // Every function made calls, and every call was checked.
    for (const f of twin.synthesized.functions)
      expect(
        calls.some((c) => c.fn === f.id),
        f.id,
      ).toBe(true);
    const unjustified = result.unused.filter((u) => !justified(u));
    expect(formatUnused(unjustified)).toBe('');
  });
});

/** A ledger in the template's columns: its example row, once for each project name, people of the twin's zone. */
async function ledgerOf(
  template: Awaited<ReturnType<typeof readFirstSheet>>,
  names: string[],
): Promise<Buffer> {
  const example = template.rows[0]?.values ?? {};
  const rows = names.map((name) => {
    const row: Record<string, string> = {
      ...example,
      项目名称: name,
      首谈部门: '招商一局',
      首谈人: '王芳',
      服务专员: '陈静',
      签约日期: '2026-11-30',
    };
    return template.headers.map((h) => row[h] ?? null);
  });
  return toXlsx([{ name: '台账', columns: template.headers.map((header) => ({ header })), rows }]);
}

async function enterpriseIds(): Promise<string[]> {
  const { enterprisesAtStage } = await import('#shared/store/enterprises.ts');
  return (await enterprisesAtStage(twin.db, 'siteSecured')).items.map((e) => e.id);
}

/**
 * A grant no recorded call used is accepted only with a reason: the function's `rarely` list beside its grants
 * (its access in functions/registry.ts), or a grant the Lambda service itself uses with the function's role.
 */
function justified(u: Unused): boolean {
  const id = u.fn.replace(/[0-9A-F]{8}$/, '') as FunctionId;
  const rarely = specOf(id).access.rarely ?? {};
  if (rarely[u.action]) return true;
  // The function's logs and X-Ray segments, and the sweep's on-failure destination: written by Lambda.
  if (/^logs:|^xray:/.test(u.action)) return true;
  if (id === 'Sweep' && /^sqs:/.test(u.action)) return true;
  // The secrets parameter is created by whichever function reads it first after a deploy (here: Http); every
  // function that reads it may be that one (`shared/config/secrets.ts`).
  if (u.action === 'ssm:PutParameter' && specOf(id).access.secret) return true;
  // s3:ListBucket makes a missing attachment read as "not found" rather than "access denied" (see the grant).
  return u.action === 's3:ListBucket';
}

/** What the workflows were doing, for a failure message. */
async function diagnosis(): Promise<string> {
  const lines: string[] = [JSON.stringify(twin.engine.counters)];
  for (const machine of Object.values(twin.names.refs).filter((v) => v.includes(':stateMachine:'))) {
    const { executions } = await twin.engine.listExecutions({ stateMachineArn: machine });
    for (const e of executions) {
      const d = await twin.engine.describeExecution(e.executionArn);
      lines.push(
        `${e.executionArn.split(':').slice(-2).join(':')} ${d.status} ${d.error ?? ''} ${d.cause ?? ''}`,
      );
    }
  }
  for (const id of await enterpriseIds()) {
    const file = await getEnterpriseFile(twin.db, id);
    for (const n of file?.needs ?? []) lines.push(`need ${n.ref} ${n.status} v${n.version}`);
    for (const a of file?.timeline ?? []) lines.push(`  ${a.at} ${a.action}`);
  }
  return lines.join('\n');
}
