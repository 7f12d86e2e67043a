import type { Enterprise } from '../domain/enterprise.ts';
import { ROLES, type Role, type Staff } from '../domain/organisation.ts';
import type { Need } from '../domain/work-item.ts';

/**
 * Who may do what: the one place the role rules are said. Routes declare the action they need (`route()` checks
 * the role part before the handler runs), use cases and views ask `can(person, action, subject)`, and nothing
 * else compares roles. The README's authorization matrix is these rules applied to the routes.
 */

/** Who acts: a signed-in staff member (the principal's), or the staff member an emailed link was made for. */
export type Person = Pick<Staff, 'id' | 'role' | 'departmentId' | 'active'>;

const EVERYONE: readonly Role[] = ROLES;
const HEADS_AND_MANAGERS: readonly Role[] = ['departmentHead', 'manager'];
const MANAGERS: readonly Role[] = ['manager'];

/** Every action, and the roles that may take it (before any subject rule). */
export const ACTIONS = {
  /** The overdue board of one's own items, and its export (`/console`, `/console/board.xlsx`, `/api/v1/board`). */
  'board.view': EVERYONE,
  /** The whole zone's board. */
  'board.zone': MANAGERS,
  /** A department's board (a head: their own). */
  'board.department': HEADS_AND_MANAGERS,
  /** One person's items on the board. Subject: the person (a head: someone in their department). */
  'board.person': HEADS_AND_MANAGERS,
  /** Act across departments: another department's board, every department's people, hand-overs between any. */
  'departments.any': MANAGERS,
  /** The warning that mail is not being delivered. */
  'mail.backlog': HEADS_AND_MANAGERS,
  /** The addresses SES reported undeliverable, on the board. */
  'mail.undeliverable': MANAGERS,
  /** One's own page and settings (`/console/me`, `/api/v1/me`). */
  'me.settings': EVERYONE,
  'pipeline.view': HEADS_AND_MANAGERS,
  'scoreboard.view': HEADS_AND_MANAGERS,
  /** Set a department's annual targets. */
  'targets.set': MANAGERS,
  /** The people page. Subject: a person shown on it (a head: their department's). */
  'staff.view': HEADS_AND_MANAGERS,
  /** Add people and departments. */
  'organisation.add': MANAGERS,
  /** Hand all of one person's work to another (a head: within their department, see `departments.any`). */
  'staff.handOver': HEADS_AND_MANAGERS,
  /** Import a ledger (台账). */
  'ledger.import': HEADS_AND_MANAGERS,
  /** Register a signed enterprise (the form, the page's POST, the API). */
  'enterprise.register': HEADS_AND_MANAGERS,
  /** An enterprise's page. Subject: the enterprise (see `seesEnterprise`). */
  'enterprise.view': EVERYONE,
  /** Reassign, re-plan, pause, resume, close, restart, portal links. Subject: the enterprise. */
  'enterprise.manage': HEADS_AND_MANAGERS,
  /** Open a need on an enterprise's behalf. Subject: the enterprise. */
  'need.onBehalf': EVERYONE,
  /** The needs figures per department and officer. */
  'need.figures': HEADS_AND_MANAGERS,
  'need.routing.view': HEADS_AND_MANAGERS,
  'need.routing.set': MANAGERS,
  /** Route a returned or escalated need to a department (from the need's link). */
  'need.reroute': MANAGERS,
  /** Decide and close a returned or escalated need (from the need's link). */
  'need.decide': MANAGERS,
  /** Approve or refuse an extension. Subject: the need (a head: one their department owns). */
  'need.decideExtension': HEADS_AND_MANAGERS,
  /** Issue a personal API token. */
  'token.issue': MANAGERS,
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof ACTIONS;

type EnterpriseSubject = Pick<Enterprise, 'serviceOfficerId' | 'serviceDepartmentId' | 'lead'>;
type PersonSubject = Pick<Staff, 'departmentId'>;

/** What the subject-dependent actions are about. */
interface Subjects {
  'board.person': PersonSubject;
  'staff.view': PersonSubject;
  'enterprise.view': EnterpriseSubject;
  'enterprise.manage': EnterpriseSubject;
  'need.onBehalf': EnterpriseSubject;
  'need.decideExtension': Pick<Need, 'ownerDepartmentId'>;
}

/** The subject an action may be asked about (`never`: the action has no subject rule). */
export type SubjectOf<A extends Action> = A extends keyof Subjects ? Subjects[A] : never;

/** Managers see every enterprise; a department head their department's (served or brought in); others those they serve or brought in. */
function seesEnterprise(who: Person, enterprise: EnterpriseSubject): boolean {
  if (can(who, 'departments.any')) return true;
  if (who.role === 'departmentHead') {
    return (
      enterprise.serviceDepartmentId === who.departmentId || enterprise.lead.departmentId === who.departmentId
    );
  }
  return enterprise.serviceOfficerId === who.id || enterprise.lead.staffId === who.id;
}

/** Managers reach everyone; others the people of their own department. */
const inReach = (who: Person, departmentId: string | undefined) =>
  can(who, 'departments.any') || departmentId === who.departmentId;

const SUBJECT_RULES: { [A in keyof Subjects]: (who: Person, subject: Subjects[A]) => boolean } = {
  'board.person': (who, person) => inReach(who, person.departmentId),
  'staff.view': (who, person) => inReach(who, person.departmentId),
  'enterprise.view': seesEnterprise,
  'enterprise.manage': seesEnterprise,
  'need.onBehalf': seesEnterprise,
  'need.decideExtension': (who, need) => inReach(who, need.ownerDepartmentId),
};

const hasSubjectRule = (action: Action): action is keyof Subjects => action in SUBJECT_RULES;

/** The roles that may take an action (on some subject): what a route checks before its handler runs. */
export function rolesFor(action: Action): readonly Role[] {
  return ACTIONS[action];
}

/**
 * Whether a person may take an action — on this subject, when one is given; without one, whether they may take
 * it at all (on some subject), which is what a route checks before it has loaded the subject. Nobody signed in,
 * or someone no longer active, may take none.
 */
export function can<A extends Action>(who: Person | undefined, action: A, subject?: SubjectOf<A>): boolean {
  if (!who?.active || !rolesFor(action).includes(who.role)) return false;
  if (subject === undefined || !hasSubjectRule(action)) return true;
  return (SUBJECT_RULES[action] as (who: Person, subject: unknown) => boolean)(who, subject);
}

/** The board's scopes, widest first, and the action each needs: a person's default scope is the first they may take. */
export const BOARD_SCOPES = [
  { scope: 'zone', action: 'board.zone' },
  { scope: 'department', action: 'board.department' },
  { scope: 'mine', action: 'board.view' },
] as const satisfies readonly { scope: string; action: Action }[];

export type BoardScopeName = (typeof BOARD_SCOPES)[number]['scope'];

/** The board scopes a person may choose (officers: their own items; heads: also their department; managers: also the zone). */
export function boardScopes(may: (action: Action) => boolean): BoardScopeName[] {
  return BOARD_SCOPES.filter((s) => may(s.action)).map((s) => s.scope);
}
