import type { ConverterFunction } from 'opencc-js/t2cn';
import { z } from 'zod';
import { type Enterprise, PlannedDates, plannedInOrder } from './enterprise.ts';
import type { FieldError } from './input-error.ts';
import { ProjectType } from './lifecycle.ts';
import { Email, Id, Instant, IsoDate, msg, Phone, StoredIsoDate, Text, Wan } from './primitives.ts';

/**
 * A lead (全民招商): any staff member registers an investor the zone might bring in. The first registrant of an
 * investor holds the attribution; a later registration of the same investor (same normalised name or unified social
 * credit code) is stored too, flagged as a duplicate of the earlier lead for a department head — never merged, never
 * refused. A head of the lead's department (or a manager) assesses it (研判): accepted, it becomes an enterprise in
 * talks (在谈) with a negotiating officer (首谈人); declined, with a reason. Signing makes it a signed project.
 */

/** Where the lead came from: 以商招商, 中介推荐, 展会, 网络, 其他. */
export const LEAD_SOURCES = ['businessReferral', 'agency', 'expo', 'online', 'other'] as const;
export const LeadSource = z.enum(LEAD_SOURCES, { error: msg('lead.source.invalid') });
export type LeadSource = z.infer<typeof LeadSource>;

export const LEAD_STATUSES = ['registered', 'accepted', 'declined', 'signed'] as const;
export const LeadStatus = z.enum(LEAD_STATUSES, { error: msg('lead.status.invalid') });
export type LeadStatus = z.infer<typeof LeadStatus>;

// --- The unified social credit code (GB 32100-2015) ---

/** The characters a USCC uses (no I, O, S, V, Z), in the order that gives each its value. */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Whether a code is 18 characters of the code's alphabet whose last one is the check character of the others. */
export function isValidUscc(code: string): boolean {
  if (!/^[0-9A-HJ-NP-RTUWXY]{18}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(code[i] as string) * (USCC_WEIGHTS[i] as number);
  return code[17] === USCC_CHARS[(31 - (sum % 31)) % 31];
}

/** A USCC from input: half-width, without spaces, upper-cased, then checked. */
export const Uscc = z
  .string()
  .transform((s) => s.normalize('NFKC').replace(/\s+/g, '').toUpperCase())
  .refine(isValidUscc, { error: 'uscc.invalid' });

// --- Normalising an investor's name ---

/** Chinese company-form suffixes (after NFKC, spaces dropped): taken off the end, however many. */
const NAME_SUFFIXES = ['股份有限公司', '有限责任公司', '有限公司', '集团公司', '集团', '公司'];

/**
 * Latin company-form words, taken off the end only as whole words (after a space, comma or full stop), so that
 * "Tesco" or "Costco" keep their letters while "Zinc Co., Ltd." loses only its "Co., Ltd.".
 */
const LATIN_SUFFIX = /[\s,.]+(co\s*[,.]?\s*ltd|inc|corp|corporation|limited|ltd|company|group|co)\.?$/;

/**
 * The name an investor is known by for duplicate detection: full-width → half-width (NFKC), trimmed, case-folded,
 * `(中国)` and `(集团)` dropped wherever they are, Latin company-form words (Co., Ltd., Inc., …) taken off the end as
 * whole words, punctuation and spaces dropped, then Chinese company-form suffixes (股份有限公司, 有限公司, 集团, …)
 * taken off the end. A name that is nothing but such words stays as it was cleaned, so no two unrelated leads meet
 * on an empty name.
 */
export async function normaliseInvestorName(name: string): Promise<string> {
  return normalisedWith(await simplifier(), name);
}

/**
 * Traditional characters as simplified (臺積電 → 台积电, 集團 → 集团), so an investor registered once in each script is
 * one investor: opencc's dictionaries (about 190 KB of code, and a trie to build) load where a name is first
 * compared, not with every function.
 */
let toSimplified: Promise<ConverterFunction> | undefined;
function simplifier(): Promise<ConverterFunction> {
  toSimplified ??= import('opencc-js/t2cn').then((m) => m.Converter({ from: 't', to: 'cn' }));
  return toSimplified;
}

function normalisedWith(simplified: ConverterFunction, name: string): string {
  let latin = simplified(name.normalize('NFKC'))
    .trim()
    .toLowerCase()
    .replace(/\((中国|集团|china)\)/g, '');
  for (
    let next = latin.replace(LATIN_SUFFIX, '');
    next !== latin && next.trim();
    next = latin.replace(LATIN_SUFFIX, '')
  )
    latin = next;
  const cleaned = latin.replace(/[\p{P}\p{S}\p{Z}\s]+/gu, '');
  let core = cleaned;
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of NAME_SUFFIXES) {
      if (core.length > suffix.length && core.endsWith(suffix)) {
        core = core.slice(0, -suffix.length);
        changed = true;
      }
    }
  }
  return core || cleaned || name.trim();
}

/** What identifies a lead's investor: its normalised name, and its USCC when given. */
export async function leadIdentity(lead: {
  investor: string;
  uscc?: string;
}): Promise<{ name: string; uscc?: string }> {
  return { name: await normaliseInvestorName(lead.investor), ...(lead.uscc ? { uscc: lead.uscc } : {}) };
}

// --- The lead ---

/** 信息提供人/引荐人: a staff member (by id; their name is kept beside it), or someone outside the zone by name. */
export const Referrer = z.object({ staffId: Id.optional(), name: Text(40) });
export type Referrer = z.infer<typeof Referrer>;

/** The investor's contact: a name and a phone; an email when known (the enterprise's portal link needs one). */
export const LeadContact = z.object({ name: Text(40), phone: Phone, email: Email.optional() });

export const Assessment = z.object({
  /** Who assessed it: a staff member's (or an integration's) id. */
  by: z.string().max(40),
  at: Instant,
  decision: z.enum(['accept', 'decline']),
  reason: z.string().optional(),
  /** The negotiating officer (首谈人) named on acceptance. */
  negotiatorId: Id.optional(),
});
export type Assessment = z.infer<typeof Assessment>;

export const Lead = z.object({
  id: Id,
  investor: Text(100),
  /** The normalised investor name duplicates are detected on (see normaliseInvestorName). */
  investorKey: z.string(),
  uscc: z.string().optional(),
  industryChain: Text(40),
  source: LeadSource,
  /** 万元. */
  expectedInvestment: Wan,
  contact: LeadContact,
  referrer: Referrer.optional(),
  notes: z.string().optional(),
  /** Who registered it and their department: the attribution, if this is the investor's first lead. */
  registeredBy: Id,
  departmentId: Id,
  /** Server time. */
  registeredAt: Instant,
  status: LeadStatus,
  /** The earlier lead of the same investor, when this one was flagged as its duplicate. */
  duplicateOf: Id.optional(),
  assessment: Assessment.optional(),
  /** The enterprise in talks made when it was accepted. */
  enterpriseId: Id.optional(),
  /** At signing: the agreement, its date and the contracted investment (万元), for the leaderboard. */
  agreement: z.enum(['framework', 'contract']).optional(),
  signedAt: StoredIsoDate.optional(),
  contractedInvestment: Wan.optional(),
  version: z.number().int().min(1),
});
export type Lead = z.infer<typeof Lead>;

/** What registering a lead takes (from the phone form or `POST /api/v1/leads`); the rest is the server's. */
export const NewLead = z.object({
  investor: Lead.shape.investor,
  uscc: Uscc.optional(),
  industryChain: Lead.shape.industryChain,
  source: LeadSource,
  expectedInvestment: Wan,
  contact: LeadContact,
  /** A staff id, or an outside name (a staff id's name is filled in from the organisation). */
  referrer: z
    .object({ staffId: Id.optional(), name: Text(40).optional() })
    .superRefine((r, ctx) => {
      if (!r.staffId && !r.name)
        ctx.addIssue({ code: 'custom', path: ['name'], message: 'lead.referrer.required' });
    })
    .optional(),
  notes: Text(500).optional(),
});
export type NewLead = z.infer<typeof NewLead>;

const reason = z
  .string({ error: 'lead.reason.required' })
  .trim()
  .min(1, { error: 'lead.reason.required' })
  .max(500, { error: 'text.tooLong' });

/** 研判: accept (naming the 首谈人, and the project's name and contact email when the lead has none) or decline with a reason. */
export const AssessLead = z.discriminatedUnion(
  'decision',
  [
    z.object({
      decision: z.literal('accept'),
      negotiatorId: Id,
      /** The project's name while in talks (the investor's name if left out). */
      name: Text(100).optional(),
      /** The contact's email, when the lead has none (the enterprise's portal link is emailed at signing). */
      contactEmail: Email.optional(),
    }),
    z.object({ decision: z.literal('decline'), reason }),
  ],
  { error: msg('lead.decision.invalid') },
);
export type AssessLead = z.infer<typeof AssessLead>;

/** Signing a project in talks: 框架协议 or 正式合同, the contracted investment, the date, and what aftercare needs. */
export const SignProject = z
  .object({
    agreement: z.enum(['framework', 'contract'], { error: msg('agreement.invalid') }),
    contractedInvestment: Wan.refine((v) => v > 0, { error: 'money.positive' }),
    signedAt: IsoDate,
    projectType: ProjectType.default('industrial'),
    /** The aftercare service officer (the negotiator unless someone else is named). */
    serviceOfficerId: Id.optional(),
    planned: PlannedDates,
  })
  .superRefine(plannedInOrder);
export type SignProject = z.infer<typeof SignProject>;

/** What the enterprise and today forbid about a signing: only an active project in talks, never dated ahead. */
export function signingProblems(
  fields: Pick<SignProject, 'signedAt'>,
  enterprise: Pick<Enterprise, 'stage' | 'status'>,
  today: string,
): FieldError[] {
  if (enterprise.stage !== 'negotiating' || enterprise.status !== 'active')
    return [{ path: 'agreement', message: 'signing.notInTalks' }];
  return fields.signedAt > today ? [{ path: 'signedAt', message: 'date.future' }] : [];
}

/** Filters of the leads list. */
export const LeadQuery = z.object({
  status: LeadStatus.optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type LeadQuery = z.infer<typeof LeadQuery>;

/** The leaderboard's counters (per department and per person): the registrant holds the lead's figures. */
export const LEAD_COUNTERS = [
  'registered',
  'duplicates',
  'accepted',
  'declined',
  'signed',
  'contracted',
] as const;
export type LeadCounter = (typeof LEAD_COUNTERS)[number];
export type LeadCounters = Record<LeadCounter, number>;
