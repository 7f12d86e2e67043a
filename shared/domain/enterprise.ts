import { z } from 'zod';
import { Approval, ProjectType } from './lifecycle.ts';
import { ContactChannelChoice, requireChannelField } from './organisation.ts';
import { Email, Id, Instant, IsoDate, msg, Phone, StoredIsoDate, Text, Wan } from './primitives.ts';
import { ProjectProfile } from './project-profile.ts';
import { MILESTONES, Stage } from './stage.ts';

export const Contact = z
  .object({
    name: Text(40),
    phone: Phone,
    email: Email,
    title: Text(40).optional(),
    /** The language of the emails this contact gets (zh-CN unless English is chosen). */
    locale: z.enum(['zh-CN', 'en'], { error: msg('field.invalid') }).optional(),
    /**
     * How this contact is told (email when not set): email or SMS to their phone. Enterprises are outside the zone's
     * WeCom and DingTalk organisations, so those are not offered to them.
     */
    channel: ContactChannelChoice.optional(),
  })
  .superRefine(requireChannelField);
export type Contact = z.infer<typeof Contact>;

/** Stored records read any valid date (StoredIsoDate); what is entered is held to IsoDate's window by the input schemas. */
export const MilestoneDates = z.object({
  planned: StoredIsoDate.optional(),
  actual: StoredIsoDate.optional(),
  /** The planned date before its first re-plan (an approved due-date move, a manager's change); absent if never. */
  originalPlanned: StoredIsoDate.optional(),
  /** How many times the planned date was changed (each change is an `enterprise.replanned`/`planChanged` event). */
  replans: z.number().int().min(0).optional(),
});

export const Milestones = z.object(
  Object.fromEntries(MILESTONES.map((m) => [m, MilestoneDates.default({})])) as Record<
    (typeof MILESTONES)[number],
    z.ZodDefault<typeof MilestoneDates>
  >,
);
export type Milestones = z.infer<typeof Milestones>;

/**
 * `closed`: the zone's service ended (the normal end). `exited`: the project stopped — its contract terminated
 * (终止) or the investor withdrew (退出); the record is kept, and a manager can reactivate it (盘活).
 */
export const EnterpriseStatus = z.enum(['active', 'paused', 'closed', 'exited']);

/** Why and when a project stopped (终止/退出). */
export const Exit = z.object({
  kind: z.enum(['terminated', 'withdrawn'], { error: msg('exit.kind.invalid') }),
  reason: Text(500),
  date: StoredIsoDate,
});
export type Exit = z.infer<typeof Exit>;

/** How a signed project began as a lead (全民招商): the lead, who brought the information, who led the talks. */
export const Origin = z.object({
  leadId: Id,
  /** 信息提供人/引荐人: a staff member, or someone outside the zone by name. */
  referrer: z.object({ staffId: Id.optional(), name: Text(40) }).optional(),
  /** 首谈人 and 首谈部门: who leads the talks with the investor. */
  negotiator: z.object({ staffId: Id, departmentId: Id }).optional(),
  expectedInvestment: Wan.optional(),
  /** 框架协议 or 正式合同: set at signing. */
  agreement: z.enum(['framework', 'contract']).optional(),
});
export type Origin = z.infer<typeof Origin>;

/** An approval's dates (between "site secured" and "construction started"). */
export const ApprovalDates = z.object({
  planned: StoredIsoDate.optional(),
  actual: StoredIsoDate.optional(),
});

/** The attribution of a lead: which department and which person brought the project in. */
export const Lead = z.object({ departmentId: Id, staffId: Id });

export const Enterprise = z.object({
  id: Id,
  name: Text(100),
  investor: Text(100),
  industryChain: Text(40),
  contractedInvestment: Wan,
  fundsInPlace: Wan,
  lead: Lead,
  serviceOfficerId: Id,
  serviceDepartmentId: Id,
  contacts: z.array(Contact).min(1).max(5),
  stage: Stage,
  stageSince: StoredIsoDate,
  status: EnterpriseStatus,
  /** When it was signed; none while the lead is still in talks (`negotiating`). */
  signedAt: StoredIsoDate.optional(),
  milestones: Milestones,
  /** Which approvals it needs (项目类型); industrial unless said otherwise. */
  projectType: ProjectType.default('industrial'),
  /** Each approval's dates, once it has any. */
  approvals: z.partialRecord(Approval, ApprovalDates).default({}),
  /** Set when the project stopped (status `exited`). */
  exit: Exit.optional(),
  /** In talks: the date the officer said they follow up next (the next follow-up task is due then). */
  nextFollowUpOn: StoredIsoDate.optional(),
  /** For a project that began as a registered lead. */
  origin: Origin.optional(),
  /** The 台账's other columns and what the indicators count by (size tier, 500强/上市, origin). */
  profile: ProjectProfile.default({}),
  /** The one open task (tracking or visit), if any: set and cleared in the same transactions as the task. */
  openTaskId: Id.optional(),
  /** The current key of the enterprise's portal link; a manager revokes all links by changing it. */
  portalKey: z.string().min(8).max(64).optional(),
  /** The lifecycle execution's generation (`<id>-g<n>`) and whether it runs or has failed and awaits a restart. */
  lifecycle: z
    .object({ generation: z.number().int().min(1), status: z.enum(['running', 'failed']) })
    .optional(),
  createdAt: Instant,
  updatedAt: Instant,
  version: z.number().int().min(1),
});
export type Enterprise = z.infer<typeof Enterprise>;

/** A funds-in-place report: the cumulative total that has arrived as of a date. */
export const FundsRecord = z.object({
  id: Id,
  enterpriseId: Id,
  asOf: StoredIsoDate,
  total: Wan,
  recordedBy: Id.optional(),
});
export type FundsRecord = z.infer<typeof FundsRecord>;

/** Planned milestone dates, any of them (the rest get the default working days, `domain/schedule.ts`). */
export const PlannedDates = z
  .object(
    Object.fromEntries(MILESTONES.map((m) => [m, IsoDate.optional()])) as Record<
      (typeof MILESTONES)[number],
      z.ZodOptional<typeof IsoDate>
    >,
  )
  .default({});

/** Planned dates come in milestone order, none before the signing (a registration's or a signing's form). */
export function plannedInOrder(
  v: { signedAt: string; planned: Partial<Record<(typeof MILESTONES)[number], string>> },
  ctx: z.RefinementCtx,
): void {
  let previous = v.signedAt;
  for (const m of MILESTONES) {
    const date = v.planned[m];
    if (!date) continue;
    if (date < previous) ctx.addIssue({ code: 'custom', path: ['planned', m], message: 'planned.order' });
    previous = date;
  }
}

/** What registering a signed enterprise needs, from the form or `POST /api/v1/enterprises`. */
export const RegisterEnterprise = z
  .object({
    name: Enterprise.shape.name,
    investor: Enterprise.shape.investor,
    industryChain: Enterprise.shape.industryChain,
    contractedInvestment: Wan,
    signedAt: IsoDate,
    projectType: ProjectType.default('industrial'),
    lead: Lead,
    serviceOfficerId: Id,
    contacts: z.array(Contact).min(1, { error: 'contacts.required' }).max(5),
    /** Planned milestone dates; any left out get the default working days (domain/schedule.ts). */
    planned: PlannedDates,
    profile: ProjectProfile.default({}),
  })
  .superRefine(plannedInOrder);
export type RegisterEnterprise = z.infer<typeof RegisterEnterprise>;
