import { h } from 'preact';
import { NeedPage, RatePage } from '#functions/http/pages/need.view.tsx';
import { NeedParts } from '#functions/http/pages/need-parts.view.tsx';
import { can } from '#shared/auth/permissions.ts';
import { NotHolderError } from '#shared/domain/errors.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { PART_DEFAULT_WORKING_DAYS } from '#shared/domain/need-part.ts';
import type { ActResult } from '#shared/needs/act.ts';
import { resolveNeed, signFor } from '#shared/needs/answer.ts';
import { decideNeed } from '#shared/needs/decide.ts';
import { explainNeed } from '#shared/needs/explain.ts';
import { askForExtension, decideAndTell } from '#shared/needs/extension.ts';
import { recordFirstContact } from '#shared/needs/first-contact.ts';
import { parseNeedSubject } from '#shared/needs/links.ts';
import { mergeNeed } from '#shared/needs/merge.ts';
import { answerPart, askPart, withdrawPart } from '#shared/needs/parts.ts';
import { rateNeed } from '#shared/needs/rating.ts';
import { forwardNeed, rerouteNeed } from '#shared/needs/reroute.ts';
import { returnNeed, returnRefusal, returnWindowEnds } from '#shared/needs/returns.ts';
import { revisitNeed } from '#shared/needs/revisit.ts';
import { extensionRequest } from '#shared/needs/rules.ts';
import { getEnterpriseFile } from '#shared/store/enterprises.ts';
import { getStaff, listDepartments, listStaff } from '#shared/store/organisation.ts';
import { formBody } from '../lib/body.ts';
import { HttpError } from '../lib/errors.ts';
import { needLinkRights } from '../lib/need-rights.ts';
import { linkSubject, movedLink, refusedLink } from '../lib/refused.ts';
import { html, redirect } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import type { AppContext } from '../lib/types.ts';
import { departmentName, shanghaiTime } from '../ui/parts.tsx';

const fromLink = (context: AppContext, purpose: 'need-handle' | 'need-rate', token: string | undefined) =>
  linkSubject(context, token, purpose, (subject) => {
    const ids = parseNeedSubject(subject);
    return ids && { ids };
  });

async function load(context: AppContext, ids: { enterpriseId: string; needId: string }) {
  const file = await getEnterpriseFile(context.deps.db, ids.enterpriseId);
  const need = file?.needs.find((n) => n.id === ids.needId);
  if (!file || !need) throw new HttpError(404, 'error.notFound');
  return {
    need,
    parts: file.parts.filter((p) => p.needId === need.id),
    history: file.timeline.filter((e) => e.subject.id === need.id),
  };
}

async function needView(
  context: AppContext,
  ids: { enterpriseId: string; needId: string; staffId?: string },
  token: string,
  extra: { values?: Record<string, string>; errors?: InputError['fields']; notice?: string } = {},
) {
  const [{ need, parts, history }, departments, staff] = await Promise.all([
    load(context, ids),
    listDepartments(context.deps.db),
    ids.staffId ? getStaff(context.deps.db, ids.staffId) : undefined,
  ]);
  const rights = await needLinkRights(context, staff, need, parts);
  const lead = rights.own && ['signedFor', 'committed'].includes(need.status);
  if (!rights.any) return movedLink(context, need.ownerId);
  return html(
    h(NeedPage, {
      ctx: context.view,
      need,
      token,
      may: {
        own: rights.own,
        reroute: rights.reroute,
        decide: rights.decide,
        decideExtension: rights.decideExtension,
        // The return form only while a return is allowed (one working day after routing, never after a re-route).
        returnable: !returnRefusal(context.deps.calendar, need, context.deps.clock.now()),
        returnBy: shanghaiTime(returnWindowEnds(context.deps.calendar, need).toISOString()),
        // The coordinator (a manager holding a need) sends it on to a department.
        forward:
          rights.own && can(staff, 'need.routing.set') && ['routed', 'submitted'].includes(need.status),
        revisit: rights.revisit,
        merge: rights.merge,
      },
      departments,
      history,
      parts: h(NeedParts, {
        ctx: context.view,
        need,
        parts,
        departments,
        token,
        lead,
        answers: rights.answerParts,
        values: extra.values ?? { dueDate: partDueDefault(context, need) },
        errors: extra.errors,
      }),
      ...extra,
    }),
    extra.errors ? 400 : 200,
  );
}

/** The date the ask-a-department form offers: three working days on, never after the lead's committed date. */
function partDueDefault(context: AppContext, need: { committedDate?: string }) {
  const { calendar, clock } = context.deps;
  const due = calendar.addWorkingDays(calendar.localDate(clock.now()), PART_DEFAULT_WORKING_DAYS);
  return need.committedDate && need.committedDate < due ? need.committedDate : due;
}

const noticeFor = (context: AppContext, done?: string) =>
  done === 'stale' ? context.t('need.stale') : done ? context.t('need.done') : undefined;

/** A staff member's page for a need, from their emailed link (no password). */
export const needPage = route({
  method: 'GET',
  path: '/need',
  access: 'public',
  handler: async (event, context) => {
    const token = event.queryStringParameters?.t ?? '';
    const link = fromLink(context, 'need-handle', token);
    if ('refused' in link) return refusedLink(context, link.refused);
    return needView(context, link.ids, token, {
      notice: noticeFor(context, event.queryStringParameters?.done),
    });
  },
});

export const needAction = route({
  method: 'POST',
  path: '/need',
  access: 'public',
  handler: async (event, context) => {
    const form = formBody(event);
    const token = form.t ?? '';
    const link = fromLink(context, 'need-handle', token);
    if ('refused' in link) return refusedLink(context, link.refused);
    const { ids } = link;
    const staff = ids.staffId ? await getStaff(context.deps.db, ids.staffId) : undefined;
    if (!staff?.active) return refusedLink(context, 'used');
    const by = { actor: { kind: 'staff' as const, id: staff.id }, channel: 'email-link' as const };
    const target = { enterpriseId: ids.enterpriseId, needId: ids.needId };
    const { need } = await load(context, target);
    // The owner's steps check, as they write, that the link's holder still owns the need; the decisions are
    // checked here against the need as read, and again by the use case (nobody decides their own request).
    const actions: Record<string, () => Promise<ActResult>> = {
      signFor: () => signFor(context.deps, target, form, by),
      resolve: () => resolveNeed(context.deps, target, form, by),
      return: () => returnNeed(context.deps, target, form, by),
      extend: () => askForExtension(context.deps, target, form, by),
      explain: () => explainNeed(context.deps, target, form, by),
      firstContact: () => recordFirstContact(context.deps, target, form, by),
      // 主办/协办: the lead asks and withdraws (checked as the holder), a part's owner answers (checked as its owner).
      askPart: () => askPart(context.deps, target, form, by),
      withdrawPart: () => withdrawPart(context.deps, target, form, by),
      answerPart: () => answerPart(context.deps, target, form, by),
    };
    if (can(staff, 'need.decideExtension', extensionRequest(need, await listStaff(context.deps.db))))
      actions.decideExtension = () => decideAndTell(context.deps, target, form, by);
    if (can(staff, 'need.reroute', need)) actions.reroute = () => rerouteNeed(context.deps, target, form, by);
    if (can(staff, 'need.routing.set')) actions.forward = () => forwardNeed(context.deps, target, form, by);
    if (can(staff, 'need.decide', need)) actions.decide = () => decideNeed(context.deps, target, form, by);
    if (can(staff, 'need.revisit', need)) actions.revisit = () => revisitNeed(context.deps, target, form, by);
    if (can(staff, 'need.merge', need)) actions.merge = () => mergeNeed(context.deps, target, form, by);
    // Only the table's own names (never `__proto__`, `constructor`, … from the object's prototype).
    const run = Object.hasOwn(actions, form.action ?? '') ? actions[form.action ?? ''] : undefined;
    if (!run) throw new HttpError(403, 'error.forbidden');
    try {
      const result = await run();
      return redirect(`/need?${new URLSearchParams({ t: token, done: result.kind })}`);
    } catch (error) {
      if (error instanceof NotHolderError) return movedLink(context, error.holderId);
      if (!(error instanceof InputError)) throw error;
      return needView(context, ids, token, { values: form, errors: error.fields });
    }
  },
});

export const ratePage = route({
  method: 'GET',
  path: '/rate',
  access: 'public',
  handler: async (event, context) => {
    const token = event.queryStringParameters?.t ?? '';
    const link = fromLink(context, 'need-rate', token);
    if ('refused' in link) return refusedLink(context, link.refused);
    const { need } = await load(context, link.ids);
    const ownerDepartment = await ownerDepartmentName(context, need);
    const done = event.queryStringParameters?.done;
    const notice =
      done === 'stale'
        ? context.t('need.stale')
        : done
          ? context.t(need.rating === 'unsatisfied' ? 'rate.reopened' : 'rate.thanks')
          : undefined;
    return html(h(RatePage, { ctx: context.view, need, token, notice, ownerDepartment }));
  },
});

export const rateSubmit = route({
  method: 'POST',
  path: '/rate',
  access: 'public',
  handler: async (event, context) => {
    const form = formBody(event);
    const token = form.t ?? '';
    const link = fromLink(context, 'need-rate', token);
    if ('refused' in link) return refusedLink(context, link.refused);
    const input = { rating: form.rating, comment: form.comment || undefined };
    try {
      const result = await rateNeed(context.deps, link.ids, input, {
        actor: { kind: 'enterprise', id: link.ids.enterpriseId },
        channel: 'email-link',
      });
      return redirect(`/rate?${new URLSearchParams({ t: token, done: result.kind })}`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const { need } = await load(context, link.ids);
      const ownerDepartment = await ownerDepartmentName(context, need);
      return html(
        h(RatePage, { ctx: context.view, need, token, errors: error.fields, ownerDepartment }),
        400,
      );
    }
  },
});

/** The department answering the need, in the reader's language, for the enterprise's rating page. */
async function ownerDepartmentName(context: AppContext, need: { ownerDepartmentId?: string }) {
  const department = (await listDepartments(context.deps.db)).find((d) => d.id === need.ownerDepartmentId);
  return department ? departmentName(context.view, department) : undefined;
}
