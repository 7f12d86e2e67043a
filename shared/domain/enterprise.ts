import { z } from 'zod';
import { Email, Id, Instant, IsoDate, msg, Phone, StoredIsoDate, Text, Wan } from './primitives.ts';
import { MILESTONES, Stage } from './stage.ts';

export const Contact = z.object({
  name: Text(40),
  phone: Phone,
  email: Email,
  title: Text(40).optional(),
  /** The language of the emails this contact gets (zh-CN unless English is chosen). */
  locale: z.enum(['zh-CN', 'en'], { error: msg('field.invalid') }).optional(),
});
export type Contact = z.infer<typeof Contact>;

/** Stored records read any valid date (StoredIsoDate); what is entered is held to IsoDate's window by the input schemas. */
export const MilestoneDates = z.object({
  planned: StoredIsoDate.optional(),
  actual: StoredIsoDate.optional(),
});

export const Milestones = z.object(
  Object.fromEntries(MILESTONES.map((m) => [m, MilestoneDates.default({})])) as Record<
    (typeof MILESTONES)[number],
    z.ZodDefault<typeof MilestoneDates>
  >,
);
export type Milestones = z.infer<typeof Milestones>;

export const EnterpriseStatus = z.enum(['active', 'paused', 'closed']);

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
  signedAt: StoredIsoDate,
  milestones: Milestones,
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

/** What registering a signed enterprise needs, from the form or `POST /api/v1/enterprises`. */
export const RegisterEnterprise = z
  .object({
    name: Enterprise.shape.name,
    investor: Enterprise.shape.investor,
    industryChain: Enterprise.shape.industryChain,
    contractedInvestment: Wan,
    signedAt: IsoDate,
    lead: Lead,
    serviceOfficerId: Id,
    contacts: z.array(Contact).min(1, { error: 'contacts.required' }).max(5),
    /** Planned milestone dates; any left out get the default working days (domain/schedule.ts). */
    planned: z
      .object(
        Object.fromEntries(MILESTONES.map((m) => [m, IsoDate.optional()])) as Record<
          (typeof MILESTONES)[number],
          z.ZodOptional<typeof IsoDate>
        >,
      )
      .default({}),
  })
  .superRefine((v, ctx) => {
    let previous = v.signedAt;
    for (const m of MILESTONES) {
      const date = v.planned[m];
      if (!date) continue;
      if (date < previous) {
        ctx.addIssue({ code: 'custom', path: ['planned', m], message: 'planned.order' });
      }
      previous = date;
    }
  });
export type RegisterEnterprise = z.infer<typeof RegisterEnterprise>;
