import type { Enterprise } from '../domain/enterprise.ts';
import { type FundsReport, verifierRefusal } from '../domain/funds-report.ts';
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
  /**
   * Register a signed enterprise (the form, the page's POST, the API, a ledger row). Subject: the departments it
   * credits and is served by (a head: only their own, for both).
   */
  'enterprise.register': HEADS_AND_MANAGERS,
  /** Give work to a person (reassign an enterprise, hand over). Subject: that person (a head: an officer of theirs). */
  'work.assignTo': HEADS_AND_MANAGERS,
  /** An enterprise's page. Subject: the enterprise (see `seesEnterprise`). */
  'enterprise.view': EVERYONE,
  /** Reassign, re-plan, pause, resume, close, restart, portal links. Subject: the enterprise. */
  'enterprise.manage': HEADS_AND_MANAGERS,
  /** Stop a project (终止/退出: its contract terminated, or the investor withdrew). Subject: the enterprise. */
  'enterprise.exit': HEADS_AND_MANAGERS,
  /** Reactivate a stopped or paused project (盘活), maybe with a new investor. Subject: the enterprise. */
  'enterprise.revive': HEADS_AND_MANAGERS,
  /** Open a need on an enterprise's behalf. Subject: the enterprise. */
  'need.onBehalf': EVERYONE,
  /** The needs figures per department and officer. */
  'need.figures': HEADS_AND_MANAGERS,
  'need.routing.view': HEADS_AND_MANAGERS,
  'need.routing.set': MANAGERS,
  /** The needs clock table (nature × urgency: first contact, sign-for, resolution): seen by heads, set by managers. */
  'need.clocks.view': HEADS_AND_MANAGERS,
  'need.clocks.set': MANAGERS,
  /**
   * The holiday arrangements page (`/console/calendar`): enter a year's official arrangement; from 1 November, be
   * warned on the console that next year's is missing.
   */
  'calendar.set': MANAGERS,
  /**
   * Keep a project's 台账 details (investor type, origin of funds, the running notes). Subject: the enterprise — its
   * service officer, or a head of the department serving it or credited with it, or a manager.
   */
  'enterprise.profile': EVERYONE,
  /**
   * Verify or reject a funds-in-place report. Subject: the report — a head of the department it is credited to, or a
   * manager, never the one who reported it.
   */
  'funds.verify': HEADS_AND_MANAGERS,
  /** Route a returned or escalated need to a department (from the need's link). Subject: the need (not one's own). */
  'need.reroute': MANAGERS,
  /** Decide and close a returned or escalated need (from the need's link). Subject: the need (not one's own). */
  'need.decide': MANAGERS,
  /** Record the independent return visit (回访) of a rated need. Subject: the need (never one's own). */
  'need.revisit': MANAGERS,
  /** Merge a duplicate need into another of the same enterprise. Subject: the need (never one's own). */
  'need.merge': MANAGERS,
  /**
   * Approve or refuse an extension. Subject: the need (a head: one their department owns; nobody their own
   * request).
   */
  'need.decideExtension': HEADS_AND_MANAGERS,
  /**
   * Issue, list and revoke one's own API tokens (`/console/tokens`, `/api/v1/tokens`): a token acts as the person
   * who issued it, never as anyone else. An integration account's token may not (see `api-tokens.ts`).
   */
  'token.issue': EVERYONE,
  /** Add integration accounts, and issue, list and revoke their tokens. */
  'token.integration': MANAGERS,
  /**
   * Approve or refuse a request to move a task's due date (from the emailed link). Subject: the request (a head: one
   * from an officer of their department; nobody their own request; a head's own request goes to the managers).
   */
  'task.decideMove': HEADS_AND_MANAGERS,
  /** Register a lead (全民招商): anyone, for their own department (`/console/leads`, `POST /api/v1/leads`). */
  'lead.register': EVERYONE,
  /** The leads list and a lead's page. Subject: the lead (its registrant, its negotiator, its department's head, managers). */
  'lead.view': EVERYONE,
  /** Assess a lead (研判: accept into talks, or decline). Subject: the lead (a head: their department's). */
  'lead.assess': HEADS_AND_MANAGERS,
  /** The cadres' leaderboard: leads registered, accepted, signed, contracted investment. */
  'lead.figures': EVERYONE,
  /** Sign a project in talks. Subject: the enterprise (its negotiator, their department's head, or a manager). */
  'enterprise.sign': EVERYONE,
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof ACTIONS;

type EnterpriseSubject = Pick<Enterprise, 'serviceOfficerId' | 'serviceDepartmentId' | 'lead'>;
type PersonSubject = Pick<Staff, 'departmentId'>;

/** Someone's request (more time on a need, a due date moved): the department the work is in, and who asked. */
type RequestSubject = { departmentId: string | undefined; requester: Pick<Staff, 'id' | 'role'> | undefined };

/** What the subject-dependent actions are about. */
interface Subjects {
  'board.person': PersonSubject;
  'staff.view': PersonSubject;
  'enterprise.register': Pick<Enterprise, 'serviceDepartmentId'> & {
    lead: Pick<Enterprise['lead'], 'departmentId'>;
  };
  'work.assignTo': Pick<Staff, 'departmentId' | 'role'>;
  'enterprise.view': EnterpriseSubject;
  'enterprise.manage': EnterpriseSubject;
  'enterprise.exit': EnterpriseSubject;
  'enterprise.revive': EnterpriseSubject;
  'need.onBehalf': EnterpriseSubject;
  'enterprise.profile': EnterpriseSubject;
  'funds.verify': Pick<FundsReport, 'leadDepartmentId' | 'reportedBy'>;
  'need.reroute': Pick<Need, 'ownerId'>;
  'need.decide': Pick<Need, 'ownerId'>;
  'need.revisit': Pick<Need, 'ownerId'>;
  'need.merge': Pick<Need, 'ownerId'>;
  'need.decideExtension': RequestSubject;
  'task.decideMove': RequestSubject;
  'lead.view': LeadSubject;
  'lead.assess': Pick<LeadSubject, 'departmentId'>;
  'enterprise.sign': Pick<Enterprise, 'origin' | 'serviceOfficerId' | 'serviceDepartmentId'>;
}

/** A lead: its registrant's department, who registered it, and the negotiator named when it was accepted. */
type LeadSubject = { departmentId: string; registeredBy: string; assessment?: { negotiatorId?: string } };

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

/** Managers reach every department; others their own. */
export const inReach = (who: Person | undefined, departmentId: string | undefined) =>
  can(who, 'departments.any') || (!!who?.active && departmentId === who.departmentId);

const SUBJECT_RULES: { [A in keyof Subjects]: (who: Person, subject: Subjects[A]) => boolean } = {
  'board.person': (who, person) => inReach(who, person.departmentId),
  'staff.view': (who, person) => inReach(who, person.departmentId),
  // A head registers only what their department brought in and serves: crediting another department (its
  // scoreboard) or loading another department's officers is a manager's call.
  'enterprise.register': (who, e) => inReach(who, e.serviceDepartmentId) && inReach(who, e.lead.departmentId),
  // A head gives work to the people of their department, never to a manager or another department's people.
  'work.assignTo': (who, to) =>
    can(who, 'departments.any') || (inReach(who, to.departmentId) && to.role !== 'manager'),
  'enterprise.view': seesEnterprise,
  // Managing is the serving department's (a head: only enterprises their department serves; one it merely brought
  // in stays read-only), so a head never changes another department's work.
  'enterprise.manage': (who, e) => seesEnterprise(who, e) && inReach(who, e.serviceDepartmentId),
  // As managing: the serving department's head or a manager.
  'enterprise.exit': (who, e) => seesEnterprise(who, e) && inReach(who, e.serviceDepartmentId),
  'enterprise.revive': (who, e) => seesEnterprise(who, e) && inReach(who, e.serviceDepartmentId),
  'need.onBehalf': seesEnterprise,
  // What the indicators count by: the officer who serves it and the heads answering for it — not whoever once
  // brought it in from another department (their own department's 500强 and origin counts would be theirs to set).
  'enterprise.profile': (who, e) =>
    seesEnterprise(who, e) &&
    (who.id === e.serviceOfficerId ||
      (who.role !== 'officer' && (inReach(who, e.serviceDepartmentId) || inReach(who, e.lead.departmentId)))),
  'funds.verify': (who, report) => verifierRefusal(who, { ...report, status: 'pending' }) === undefined,
  // Nobody decides their own request: not the owner who returned a need (or whose late need was escalated), not
  // the person who asked for an extension (a head's own request goes to the managers).
  'need.reroute': (who, need) => need.ownerId !== who.id,
  'need.decide': (who, need) => need.ownerId !== who.id,
  // The return visit is independent: never by the need's owner.
  'need.revisit': (who, need) => need.ownerId !== who.id,
  'need.merge': (who, need) => need.ownerId !== who.id,
  'need.decideExtension': (who, request) => decidesRequest(who, request),
  'task.decideMove': (who, request) => decidesRequest(who, request),
  // A lead is seen by whoever registered it, the negotiator who leads its talks, its department's head, managers.
  'lead.view': (who, lead) =>
    lead.registeredBy === who.id ||
    lead.assessment?.negotiatorId === who.id ||
    (who.role !== 'officer' && inReach(who, lead.departmentId)),
  // 研判 is the lead's department's head's (or a manager's); the role list keeps officers out.
  'lead.assess': (who, lead) => inReach(who, lead.departmentId),
  // Signing: the negotiator (首谈人), a head of the negotiator's department, or a manager.
  // Whoever leads the talks now (the 首谈人, or whom the talks were reassigned or handed over to), their head, or a
  // manager; the 首谈人 named at 研判 stays as the attribution.
  'enterprise.sign': (who, e) =>
    !!e.origin?.negotiator &&
    (e.serviceOfficerId === who.id || (who.role !== 'officer' && inReach(who, e.serviceDepartmentId))),
};

/**
 * Who decides a request — the one rule for extensions and due-date moves, of which `approversOf`
 * (`shared/domain/approval.ts`) picks whom to ask: a manager, or a head of the department for an officer's request;
 * never the requester (so a head's own request, or a fellow head's, goes to a manager).
 */
function decidesRequest(who: Person, request: RequestSubject): boolean {
  const { requester } = request;
  if (!requester || requester.id === who.id) return false;
  return can(who, 'departments.any') || (inReach(who, request.departmentId) && requester.role === 'officer');
}

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
