import { registerEnterprise } from '#shared/enterprises/register.ts';
import { handOverNeed } from '#shared/needs/hand-over.ts';
import { getEnterpriseFile } from '#shared/store/enterprises.ts';
import { Client, type OutboxMail, outbox } from './client.ts';
import { registration, system, type Zone } from './fixtures.ts';
import type { testStack } from './stack.ts';

type Stack = Awaited<ReturnType<typeof testStack>>;

/** Path and query of a link, to follow it on the test S(). */
export const path = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** The reference number the portal's redirect after a submission carries. */
export const refOf = (res: Response) =>
  new URL(res.headers.get('location')!, 'http://x').searchParams.get('ref')!;

/**
 * What the needs tests do through the pages, as an enterprise and its staff would, on one test stack and zone (read
 * when called: they exist once the file's beforeAll ran).
 */
export function needSteps(
  env: () => { stack: Stack; zone: Zone },
  options: {
    /**
     * Who owns each need `submitNeed` sends: a need with no route reaches the coordinator (the first active
     * manager), who hands it to this person at once — for tests of an officer's handling, with managers above them.
     */
    owner?: () => { id: string; departmentId: string };
  } = {},
) {
  const S = () => env().stack;
  const today = () => S().deps.calendar.localDate(S().clock.now());

  async function newest(filter: (m: OutboxMail) => boolean): Promise<OutboxMail> {
    const mail = (await outbox(S().url)).find(filter);
    if (!mail) throw new Error('no such mail');
    return mail;
  }

  /** A signed enterprise with one contact, and the path of the portal link it was mailed. */
  async function enterprise(name: string, contactEmail: string) {
    const e = await registerEnterprise(
      S().deps,
      registration(env().zone, {
        name,
        contacts: [{ name: '企业联系人', phone: '13900000001', email: contactEmail }],
        signedAt: '2026-09-01',
      }),
      system,
    );
    await S().engine.idle();
    const portal = await newest((m) => m.to.includes(contactEmail) && m.links[0]!.includes('/portal?'));
    return { e, portal: path(portal.links[0]!) };
  }

  /** Submit a need from the portal page, as the enterprise would; then give it to `options.owner`, if set. */
  async function submitNeed(client: Client, portal: string, fields: Record<string, string>) {
    const res = await submitRouted(client, portal, fields);
    const owner = options.owner?.();
    if (!owner || res.status !== 303) return res;
    const verified = S().deps.links.verify(
      new URL(portal, S().url).searchParams.get('t')!,
      'portal',
      S().clock.now(),
    );
    if (!verified.ok) throw new Error('not a portal link');
    const need = await needByRef(verified.subject, refOf(res));
    await handOverNeed(S().deps, { enterpriseId: need.enterpriseId, needId: need.id }, owner, system);
    await S().engine.idle();
    return res;
  }

  /** Submit a need from the portal page, as the enterprise would, leaving it with whoever it was routed to. */
  async function submitRouted(client: Client, portal: string, fields: Record<string, string>) {
    await client.page(portal);
    const res = await client.submit('/portal', {
      t: new URL(portal, S().url).searchParams.get('t')!,
      category: 'utilities',
      title: '厂房双回路供电',
      description: '生产线需要双回路供电，希望协调供电公司排期。',
      urgency: 'normal',
      contactName: '企业联系人',
      contactPhone: '13900000001',
      ...fields,
    });
    await S().engine.idle();
    return res;
  }

  /** Open the emailed page, then post; the CSRF token comes from the sign-in form when the page has no form left. */
  async function onPage(client: Client, link: string) {
    await client.page(link);
    if (!client.lastHtml.includes('name="_csrf"')) await client.page('/signin');
  }

  async function post(to: '/need' | '/rate', link: string, form: Record<string, string>) {
    const client = new Client(S().url);
    await onPage(client, link);
    const res = await client.submit(to, { t: new URL(link, S().url).searchParams.get('t')!, ...form });
    await S().engine.idle();
    return res;
  }

  const handle = (link: string, form: Record<string, string>) => post('/need', link, form);
  const rate = (link: string, form: Record<string, string>) => post('/rate', link, form);

  async function needByRef(enterpriseId: string, ref: string) {
    const file = (await getEnterpriseFile(S().deps.db, enterpriseId))!;
    return file.needs.find((n) => n.ref === ref)!;
  }

  return { today, newest, enterprise, submitNeed, submitRouted, handle, rate, needByRef };
}
