import { h } from 'preact';
import { PortalPage } from '#functions/http/pages/portal.view.tsx';
import { InputError } from '#shared/domain/input-error.ts';
import type { Need } from '#shared/domain/work-item.ts';
import { attachmentKey, attachmentDownload as servedAs } from '#shared/needs/attachments.ts';
import { createNeed } from '#shared/needs/create.ts';
import { needRateLink, parseNeedSubject } from '#shared/needs/links.ts';
import { enterpriseFromPortalLink } from '#shared/needs/portal.ts';
import { getEnterpriseFile } from '#shared/store/enterprises.ts';
import { getNeed } from '#shared/store/needs.ts';
import { getStaff, getStaffMany, listDepartments } from '#shared/store/organisation.ts';
import { formBody } from '../lib/body.ts';
import { HttpError } from '../lib/errors.ts';
import { isMultipart, multipartBody } from '../lib/multipart.ts';
import { limitNewNeed } from '../lib/need-limits.ts';
import { needLinkRights } from '../lib/need-rights.ts';
import { movedLink, refusedLink } from '../lib/refused.ts';
import { html, redirect, uploadedFile } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import type { AppContext } from '../lib/types.ts';
import { departmentName, shanghaiTime } from '../ui/parts.tsx';

async function portal(
  context: AppContext,
  enterpriseId: string,
  token: string,
  extra: { values?: Record<string, string>; errors?: InputError['fields']; submitted?: string } = {},
) {
  const { submitted, ...rest } = extra;
  const [file, departments] = await Promise.all([
    getEnterpriseFile(context.deps.db, enterpriseId),
    listDepartments(context.deps.db),
  ]);
  if (!file) throw new HttpError(404, 'error.notFound');
  // The names an enterprise sees: its service officer's (whom to call) and each of its needs' owners' — whom it deals
  // with. Anyone else who acted (a head refusing an extension, a manager deciding, an assisting department's officer)
  // stays unnamed.
  const staff = await getStaffMany(context.deps.db, [
    file.enterprise.serviceOfficerId,
    ...file.needs.map((n) => n.ownerId ?? ''),
  ]);
  const officer = staff.find((s) => s.id === file.enterprise.serviceOfficerId);
  const history = new Map(file.needs.map((n) => [n.id, file.timeline.filter((e) => e.subject.id === n.id)]));
  const just = submitted ? file.needs.find((n) => n.ref === submitted) : undefined;
  return h(PortalPage, {
    ctx: context.view,
    enterprise: file.enterprise,
    officer: officer ? { name: officer.name, phone: officer.phone } : undefined,
    token,
    needs: [...file.needs].reverse(),
    history,
    names: new Map(staff.map((s) => [s.id, s.name])),
    rateLinks: new Map(
      file.needs
        .filter((n) => n.status === 'resolved')
        .map((n) => {
          const url = new URL(needRateLink(context.deps, n));
          return [n.id, `${url.pathname}${url.search}`];
        }),
    ),
    notice: just ? submittedNotice(context, just) : undefined,
    // In the reader's language: a department's English name on the English portal, where it has one.
    departments: new Map(departments.map((d) => [d.id, departmentName(context.view, d)])),
    ...rest,
  });
}

/** What the enterprise is promised once it submitted: its own need's deadlines (an urgent one's are hours away). */
function submittedNotice(context: AppContext, need: Need): string {
  // Opened again later (the address keeps `ref`), it only says it was submitted: its deadlines have moved on.
  if (need.status !== 'routed') return context.t('portal.submitted.short', { ref: need.ref });
  const by = need.dueAt ? shanghaiTime(need.dueAt) : '—';
  return need.urgency === 'urgent' && need.firstContactBy
    ? context.t('portal.submitted.urgent', { ref: need.ref, by, contact: shanghaiTime(need.firstContactBy) })
    : context.t('portal.submitted', { ref: need.ref, by });
}

/** The enterprise's portal, from its personal link: only that enterprise's needs, ever. */
export const portalPage = route({
  method: 'GET',
  path: '/portal',
  access: 'public',
  handler: async (event, context) => {
    const token = event.queryStringParameters?.t ?? '';
    const found = await enterpriseFromPortalLink(context.deps, token);
    if ('refused' in found) return refusedLink(context, found.refused);
    return html(
      await portal(context, found.enterprise.id, token, { submitted: event.queryStringParameters?.ref }),
    );
  },
});

/** A need from the portal form: stored (with its reference number) before anything else happens. */
export const portalSubmit = route({
  method: 'POST',
  path: '/portal',
  access: 'public',
  handler: async (event, context) => {
    const { fields: form, files } = isMultipart(event)
      ? await multipartBody(event)
      : { fields: formBody(event), files: [] };
    const token = form.t ?? '';
    const found = await enterpriseFromPortalLink(context.deps, token);
    if ('refused' in found) return refusedLink(context, found.refused);
    await limitNewNeed(event, context, found.enterprise.id);
    const { t: _t, _csrf, ...fields } = form;
    const input = Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim() !== ''));
    try {
      const by = {
        actor: { kind: 'enterprise' as const, id: found.enterprise.id },
        channel: 'portal' as const,
      };
      const need = await createNeed(context.deps, found.enterprise, input, by, files);
      return redirect(`/portal?${new URLSearchParams({ t: token, ref: need.ref })}`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return html(
        await portal(context, found.enterprise.id, token, { values: form, errors: error.fields }),
        400,
      );
    }
  },
});

/**
 * An attachment, for the enterprise (with its portal link) or a staff member (with their link to the need).
 * Always a download, never rendered in the page.
 */
export const attachmentDownload = route({
  method: 'GET',
  path: '/attachments',
  access: 'public',
  handler: async (event, context) => {
    const q = event.queryStringParameters ?? {};
    const token = q.t ?? '';
    let enterpriseId: string | undefined;
    const portal = await enterpriseFromPortalLink(context.deps, token);
    if ('enterprise' in portal) enterpriseId = portal.enterprise.id;
    else {
      const handle = context.deps.links.verify(token, 'need-handle', context.deps.clock.now());
      const ids = handle.ok ? parseNeedSubject(handle.subject) : undefined;
      if (!ids || ids.needId !== q.n) return refusedLink(context, handle.ok ? 'purpose' : handle.reason);
      // A staff link gives the files only to someone the need page would show it to: not a former owner's link.
      const [staff, need] = await Promise.all([
        ids.staffId ? getStaff(context.deps.db, ids.staffId) : undefined,
        getNeed(context.deps.db, ids.enterpriseId, ids.needId),
      ]);
      if (!need) throw new HttpError(404, 'error.notFound');
      if (!(await needLinkRights(context, staff, need)).any) return movedLink(context, need.ownerId);
      enterpriseId = ids.enterpriseId;
    }
    const file = await getEnterpriseFile(context.deps.db, enterpriseId);
    const attachment = file?.needs.find((n) => n.id === q.n)?.attachments.find((a) => a.id === q.a);
    const stored =
      attachment && (await context.deps.files.get(attachmentKey(enterpriseId, q.n as string, attachment.id)));
    if (!attachment || !stored) throw new HttpError(404, 'error.notFound');
    // Served under a name we make, with the extension of the type its bytes were recognised as: the uploader's
    // name (`.html`, `.exe`, right-to-left overrides) is shown on the page, never used for the saved file.
    return uploadedFile(stored.bytes, servedAs(attachment));
  },
});
