import { z } from 'zod';
import { IssueToken } from '#shared/auth/api-tokens.ts';
import { BoardQuery } from '#shared/board/board.ts';
import { Enterprise, RegisterEnterprise } from '#shared/domain/enterprise.ts';
import { Staff } from '#shared/domain/organisation.ts';
import { ApprovalRoutingInput } from '#shared/lifecycle/approval-routing.ts';
import { NeedClocksInput } from '#shared/needs/clocks.ts';

/**
 * The API's schemas: the domain's zod schemas, named for the OpenAPI document. What the API answers is an explicit
 * list of public fields (`pick`, never `omit`), and every answer is parsed through it (`publicJson`): a new field
 * on a domain type — a key, a token, a hash — is not sent unless it is added here.
 */
export const RegisterEnterpriseBody = RegisterEnterprise.meta({ id: 'RegisterEnterprise' });
/** An enterprise without its portal key (a secret: it makes the enterprise's portal links valid). */
export const EnterpriseOut = Enterprise.pick({
  id: true,
  name: true,
  investor: true,
  industryChain: true,
  contractedInvestment: true,
  fundsInPlace: true,
  lead: true,
  serviceOfficerId: true,
  serviceDepartmentId: true,
  contacts: true,
  stage: true,
  stageSince: true,
  status: true,
  signedAt: true,
  milestones: true,
  openTaskId: true,
  createdAt: true,
  updatedAt: true,
  version: true,
}).meta({ id: 'Enterprise' });
export const StaffOut = Staff.pick({
  id: true,
  name: true,
  email: true,
  role: true,
  departmentId: true,
  active: true,
  away: true,
  digest: true,
  locale: true,
  version: true,
}).meta({ id: 'Staff' });
export const IssueTokenBody = IssueToken.meta({ id: 'IssueToken' });
export const BoardParams = BoardQuery;
export const BoardRowOut = z
  .object({
    itemType: z.enum(['task', 'need', 'part']),
    id: z.string(),
    enterpriseId: z.string(),
    enterpriseName: z.string(),
    stage: z.string(),
    industryChain: z.string(),
    ownerId: z.string(),
    ownerName: z.string(),
    departmentId: z.string(),
    dueAt: z.string(),
    dueDate: z.string(),
    light: z.enum(['green', 'yellow', 'red']),
    overdueWorkingDays: z.number().int(),
    /** An urgent need (listed first). */
    urgent: z.boolean(),
  })
  .meta({ id: 'BoardRow' });
export const BoardOut = z
  .object({
    scope: z.enum(['zone', 'department', 'mine']),
    rows: z.array(BoardRowOut),
    next: z.string().optional(),
  })
  .meta({ id: 'Board' });
export const ErrorOut = z
  .object({
    error: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string(), text: z.string() })).optional(),
  })
  .meta({ id: 'Error' });

import { RoutingInput } from '#shared/needs/routing.ts';

export const RoutingTableSchema = RoutingInput.meta({ id: 'NeedRouting' });
export const ApprovalRoutingSchema = ApprovalRoutingInput.meta({ id: 'ApprovalRouting' });
export const NeedClocksSchema = NeedClocksInput.meta({ id: 'NeedClocks' });
const Figures = z.object({
  id: z.string(),
  name: z.string(),
  counts: z.record(z.string(), z.number()),
  responseRate: z.number().nullable(),
  onTimeRate: z.number().nullable(),
  resolutionRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
  firstContactOnTimeRate: z.number().nullable(),
  partsOnTimeRate: z.number().nullable(),
  averageWorkingDaysToResolve: z.number().nullable(),
});
export const NeedFiguresOut = z
  .object({ departments: z.array(Figures), staff: z.array(Figures) })
  .meta({ id: 'NeedFigures' });
