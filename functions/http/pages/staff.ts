import { h } from 'preact';
import { MyPage } from '#functions/http/pages/me.view.tsx';
import { StaffPage } from '#functions/http/pages/staff.view.tsx';
import { can } from '#shared/auth/permissions.ts';
import { setDigestChoice, setMailLocale } from '#shared/digest/choice.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { offeredChannels } from '#shared/notify/setup.ts';
import { assertOffered, setStaffContact } from '#shared/notify/staff-contact.ts';
import { createDepartment, createStaff } from '#shared/organisation/create.ts';
import { handOver } from '#shared/organisation/hand-over.ts';
import { setAway } from '#shared/organisation/substitute.ts';
import { listDepartments, listStaff } from '#shared/store/organisation.ts';
import { listUndeliverable } from '#shared/store/undeliverable.ts';
import { formBody, unflatten } from '../lib/body.ts';
import { html, redirect } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import type { StaffContext } from '../lib/types.ts';

const by = (context: StaffContext) => ({
  actor: { kind: 'staff' as const, id: context.principal.staff.id },
  channel: 'web' as const,
});

/** A head sees their department's people; a manager everyone. */
async function staffView(
  context: StaffContext,
  extra: {
    notice?: string;
    form?: 'handOver' | 'department' | 'person' | `contact:${string}`;
    editing?: string;
    errors?: FieldError[];
    values?: Record<string, string>;
  } = {},
) {
  const me = context.principal.staff;
  const [staff, departments, undeliverable] = await Promise.all([
    listStaff(context.deps.db),
    listDepartments(context.deps.db),
    listUndeliverable(context.deps.db),
  ]);
  const visible = staff.filter((s) => can(me, 'staff.view', s));
  const today = context.deps.calendar.localDate(context.deps.clock.now());
  return h(StaffPage, {
    ctx: context.view,
    staff: visible,
    departments,
    today,
    undeliverable: new Set(undeliverable.filter((u) => u.reason !== 'channel').map((u) => u.email)),
    channelFailures: new Map(
      undeliverable.flatMap((u) =>
        u.reason === 'channel' && u.channel ? [[u.email, u.channel] as const] : [],
      ),
    ),
    channels: offeredChannels(context.deps.config),
    ...extra,
  });
}

export const staffPage = route({
  method: 'GET',
  path: '/console/staff',
  access: 'staff.view',
  handler: async (event, context) => {
    const q = event.queryStringParameters ?? {};
    const notice = q.moved
      ? context.t('handOver.done', {
          enterprises: Number(q.enterprises) || 0,
          tasks: Number(q.tasks) || 0,
          needs: Number(q.needs) || 0,
          parts: Number(q.parts) || 0,
        })
      : q.added === 'person'
        ? context.t('people.personAdded')
        : q.contact
          ? context.t('staff.channel.saved')
          : q.added === 'department'
            ? context.t('people.departmentAdded')
            : undefined;
    return html(await staffView(context, { notice, ...(q.edit ? { editing: q.edit } : {}) }));
  },
});

/** A manager adds a department or a person (who then signs in with their address). */
function adding(
  what: 'department' | 'person',
  create: (context: StaffContext, form: Record<string, string>) => Promise<unknown>,
) {
  return route({
    method: 'POST',
    path: what === 'department' ? '/console/staff/departments' : '/console/staff/people',
    access: 'organisation.add',
    handler: async (event, context) => {
      const form = formBody(event);
      try {
        await create(context, form);
        return redirect(`/console/staff?added=${what}`);
      } catch (error) {
        let fields: FieldError[];
        if (error instanceof InputError) fields = error.fields;
        else if (error instanceof ConflictError && error.reason === 'email.taken')
          fields = [{ path: 'email', message: 'people.emailTaken' }];
        else throw error;
        return html(await staffView(context, { form: what, errors: fields, values: form }), 400);
      }
    },
  });
}

export const addDepartment = adding('department', (context, form) =>
  createDepartment(context.deps, { name: form.name }, by(context)),
);

export const addPerson = adding('person', (context, form) => {
  const contact = unflatten(form);
  assertOffered(context.deps, contact);
  return createStaff(
    context.deps,
    {
      name: form.name,
      email: (form.email ?? '').trim().toLowerCase(),
      role: form.role,
      departmentId: form.departmentId,
      ...pick(contact, ['phone', 'channel', 'wecomUserId', 'dingtalkUserId']),
    },
    by(context),
  );
});

const pick = (o: Record<string, unknown>, names: string[]) =>
  Object.fromEntries(names.filter((n) => o[n] !== undefined).map((n) => [n, o[n]]));

/** A manager sets how a person is notified: phone, channel, WeCom and DingTalk user ids. */
export const staffContact = route({
  method: 'POST',
  path: '/console/staff/people/{id}/contact',
  access: 'organisation.add',
  handler: async (event, context) => {
    const id = event.pathParameters?.id ?? '';
    const form = formBody(event);
    try {
      await setStaffContact(context.deps, id, unflatten(form), by(context));
      return redirect('/console/staff?contact=1');
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return html(
        await staffView(context, { form: `contact:${id}`, errors: error.fields, values: form }),
        400,
      );
    }
  },
});

/** Hand all of one person's work to another (a head within their department). */
export const staffHandOver = route({
  method: 'POST',
  path: '/console/staff/hand-over',
  access: 'staff.handOver',
  handler: async (event, context) => {
    const form = formBody(event);
    try {
      const moved = await handOver(context.deps, unflatten(form), by(context));
      const q = new URLSearchParams({
        moved: '1',
        enterprises: String(moved.enterprises),
        tasks: String(moved.tasks),
        needs: String(moved.needs),
        parts: String(moved.parts),
      });
      return redirect(`/console/staff?${q}`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return html(await staffView(context, { form: 'handOver', errors: error.fields, values: form }), 400);
    }
  },
});

async function myView(
  context: StaffContext,
  extra: {
    notice?: string;
    form?: 'away' | 'digest' | 'locale';
    errors?: FieldError[];
    values?: Record<string, string>;
  } = {},
) {
  const staff = await listStaff(context.deps.db);
  const me = staff.find((s) => s.id === context.principal.staff.id) ?? context.principal.staff;
  return h(MyPage, { ctx: context.view, me, colleagues: staff, ...extra });
}

export const myPage = route({
  method: 'GET',
  path: '/console/me',
  access: 'me.settings',
  handler: async (event, context) => {
    const saved = event.queryStringParameters?.saved;
    return html(await myView(context, { notice: saved ? context.t('me.saved') : undefined }));
  },
});

function mySetting(path: string, form: 'away' | 'digest' | 'locale', save: typeof setAway) {
  return route({
    method: 'POST',
    path,
    access: 'me.settings',
    handler: async (event, context) => {
      const values = formBody(event);
      try {
        await save(context.deps, context.principal.staff.id, unflatten(values), by(context));
        return redirect('/console/me?saved=1');
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        return html(await myView(context, { form, errors: error.fields, values }), 400);
      }
    },
  });
}

export const myAway = mySetting('/console/me/away', 'away', setAway);
export const myDigest = mySetting('/console/me/digest', 'digest', setDigestChoice);
export const myLocale = mySetting('/console/me/locale', 'locale', setMailLocale);
