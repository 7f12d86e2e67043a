import { h } from 'preact';
import { SettingsPage } from '#functions/http/pages/settings.view.tsx';
import { getOfficeHours, setOfficeHours } from '#shared/calendar-admin/office-hours.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { APPROVALS } from '#shared/domain/lifecycle.ts';
import { managersOf } from '#shared/domain/organisation.ts';
import { NEED_CATEGORIES } from '#shared/domain/work-item.ts';
import { getApprovalRouting, setApprovalRouting } from '#shared/lifecycle/approval-routing.ts';
import {
  coordinatorOf,
  getCoordinatorId,
  getRouting,
  setNeedRoutingSettings,
} from '#shared/needs/routing.ts';
import { listDepartments, listStaff } from '#shared/store/organisation.ts';
import { formBody } from '../lib/body.ts';
import { html, redirect } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import type { StaffContext } from '../lib/types.ts';

async function settingsData(context: StaffContext) {
  const [needRouting, approvalRouting, coordinatorId, departments, staff, officeHours] = await Promise.all([
    getRouting(context.deps),
    getApprovalRouting(context.deps),
    getCoordinatorId(context.deps),
    listDepartments(context.deps.db),
    listStaff(context.deps.db),
    getOfficeHours(context.deps),
  ]);
  return {
    needRouting,
    approvalRouting,
    coordinatorId,
    actingCoordinatorId: coordinatorOf(staff, coordinatorId)?.id,
    departments,
    managers: managersOf(staff),
    officeHours,
  };
}

/**
 * The form's selects: an empty choice leaves the category (or approval) out of the table. The page sends a select
 * for every row, so a post missing one (not this form) is refused rather than taken as "clear the table".
 */
function chosen(form: Record<string, string>, keys: readonly string[]) {
  const missing = keys.filter((k) => !Object.hasOwn(form, k));
  if (missing.length) throw new InputError(missing.map((path) => ({ path, message: 'field.required' })));
  return Object.fromEntries(
    Object.entries(form)
      .filter(([name, value]) => keys.includes(name) && value.trim() !== '')
      .map(([name, value]) => [name, value.trim()]),
  );
}

const by = (context: StaffContext) => ({
  actor: { kind: 'staff' as const, id: context.principal.staff.id },
  channel: 'web' as const,
});

/** The settings hub: heads and managers see it, managers edit (`need.routing.set`). */
export const settingsPage = route({
  method: 'GET',
  path: '/console/settings',
  access: 'need.routing.view',
  handler: async (event, context) => {
    const saved = event.queryStringParameters?.saved;
    const notice =
      saved === 'needs' || saved === 'approvals'
        ? context.t('settings.saved')
        : saved === 'officeHours'
          ? context.t('settings.officeHours.saved')
          : undefined;
    return html(h(SettingsPage, { ctx: context.view, data: await settingsData(context), notice }));
  },
});

/** A manager saves the needs routing table and the coordinator; bad input: the page with field errors, nothing stored. */
export const settingsNeedRouting = route({
  method: 'POST',
  path: '/console/settings/need-routing',
  access: 'need.routing.set',
  handler: async (event, context) => {
    const form = formBody(event);
    try {
      const input = {
        table: chosen(form, NEED_CATEGORIES),
        ...(form.coordinatorId?.trim() ? { coordinatorId: form.coordinatorId.trim() } : {}),
      };
      await setNeedRoutingSettings(context.deps, input, by(context));
      return redirect('/console/settings?saved=needs');
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const data = await settingsData(context);
      const errors = error.fields.map((f) => ({ ...f, path: f.path.replace(/^table\./, '') }));
      return html(h(SettingsPage, { ctx: context.view, data, form: 'needs', errors, values: form }), 400);
    }
  },
});

/** A manager saves the approvals routing table (approval → department); the same rules as the JSON API. */
export const settingsApprovalRouting = route({
  method: 'POST',
  path: '/console/settings/approval-routing',
  access: 'need.routing.set',
  handler: async (event, context) => {
    const form = formBody(event);
    try {
      await setApprovalRouting(context.deps, chosen(form, APPROVALS), by(context));
      return redirect('/console/settings?saved=approvals');
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const data = await settingsData(context);
      return html(
        h(SettingsPage, { ctx: context.view, data, form: 'approvals', errors: error.fields, values: form }),
        400,
      );
    }
  },
});

/** A manager saves the office hours (standard and by season); a bad field: the page with its problems, nothing stored. */
export const settingsOfficeHours = route({
  method: 'POST',
  path: '/console/settings/office-hours',
  access: 'calendar.set',
  handler: async (event, context) => {
    const form = formBody(event);
    try {
      await setOfficeHours(context.deps, { standard: form.standard, seasons: form.seasons }, by(context));
      return redirect('/console/settings?saved=officeHours#office-hours');
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const data = await settingsData(context);
      return html(
        h(SettingsPage, { ctx: context.view, data, form: 'officeHours', errors: error.fields, values: form }),
        400,
      );
    }
  },
});
