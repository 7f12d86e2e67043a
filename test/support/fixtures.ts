import { createCalendar } from '#shared/calendar/working-days.ts';
import type { Clock } from '#shared/clock/clock.ts';
import type { Department, Staff } from '#shared/domain/organisation.ts';
import { createDepartment, createStaff } from '#shared/organisation/create.ts';
import type { Db } from '#shared/store/db.ts';

export const system = { actor: { kind: 'system' as const }, channel: 'system' as const };

/** A clock a test moves by hand. */
export function manualClock(iso: string): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return { now: () => new Date(now), set: (next) => (now = new Date(next)) };
}

export interface Zone {
  departments: Department[];
  manager: Staff;
  head: Staff;
  officer: Staff;
  otherOfficer: Staff;
}

/** Two departments, a manager, a head of the first, an officer in each. */
export async function makeZone(deps: { db: Db; clock: Clock }, tag = ''): Promise<Zone> {
  const a = await createDepartment(deps, { name: `招商一局${tag}` }, system);
  const b = await createDepartment(deps, { name: `企业服务局${tag}` }, system);
  const staff = async (name: string, email: string, role: Staff['role'], departmentId: string) =>
    createStaff(deps, { name, email: `${email}${tag}@zone.example.cn`, role, departmentId }, system);
  return {
    departments: [a, b],
    manager: await staff('陈志远', 'manager', 'manager', b.id),
    head: await staff('王芳', 'head', 'departmentHead', a.id),
    officer: await staff('陈静', 'officer', 'officer', a.id),
    otherOfficer: await staff('孙悦', 'other', 'officer', b.id),
  };
}

export const calendar = createCalendar();

export function registration(zone: Zone, overrides: Record<string, unknown> = {}) {
  return {
    name: '芯途半导体有限公司',
    investor: '芯途科技集团',
    industryChain: '集成电路',
    contractedInvestment: 120000,
    signedAt: '2026-11-20',
    lead: { departmentId: zone.head.departmentId, staffId: zone.head.id },
    serviceOfficerId: zone.officer.id,
    contacts: [{ name: '沈一鸣', phone: '13800138001', email: 'shen@xintu.example.cn' }],
    planned: { registered: '2026-12-10', siteSecured: '2027-02-01' },
    ...overrides,
  };
}

import { loadConfig } from '#shared/config/config.ts';
import type { LifecycleInput, Workflows } from '#shared/workflows/workflows.ts';

export const testConfig = loadConfig({
  AFTERCARE_MODE: 'local',
  TABLE_NAME: 'unused',
  BASE_URL: 'http://localhost:3000',
  MAIL_MODE: 'outbox',
});

/** A Workflows that only records what it was asked to start (for tests of use cases that start lifecycles). */
export function recordingWorkflows(): Workflows & {
  started: LifecycleInput[];
  released: { token: string; output: unknown }[];
} {
  const started: LifecycleInput[] = [];
  const released: { token: string; output: unknown }[] = [];
  return {
    started,
    released,
    async startLifecycle(input) {
      started.push(input);
      return { executionName: `${input.enterpriseId}-g${input.generation}` };
    },
    async startNeed(input) {
      return { executionName: `${input.needId}-g${input.generation}` };
    },
    sendTaskSuccess: async (token, output) => {
      released.push({ token, output });
      return 'InvalidToken';
    },
    sendTaskFailure: async () => 'InvalidToken',
  };
}

import { randomBytes } from 'node:crypto';
import { createLinks } from '#shared/links/signed-link.ts';
import type { Mail, Mailer } from '#shared/mail/mailer.ts';

export const testLinks = createLinks(randomBytes(32).toString('base64'), 'http://localhost:3000');

/** A Mailer that keeps what it was given (for use-case tests that do not run the outbox). */
export function recordingMailer(): Mailer & { sent: Mail[] } {
  const sent: Mail[] = [];
  return {
    sent,
    async send(mail) {
      sent.push(mail);
      return { id: String(sent.length) };
    },
  };
}

/**
 * The adapters a use case needs, without the local stack: a table, a clock, and recording stand-ins for the rest
 * (or the ones a test passes).
 */
export function storeDeps(parts: {
  db: Db;
  clock: Clock;
  mailer?: Mailer;
  workflows?: Workflows;
}): import('#shared/deps.ts').Deps {
  return {
    calendar,
    config: testConfig,
    links: testLinks,
    mailer: recordingMailer(),
    workflows: recordingWorkflows(),
    ...parts,
  } as unknown as import('#shared/deps.ts').Deps;
}
