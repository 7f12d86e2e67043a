import { h } from 'preact';
import { NeedClocksPage } from '#functions/http/pages/need-clocks.view.tsx';
import { can } from '#shared/auth/permissions.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { getClocks, setClocks } from '#shared/needs/clocks.ts';
import { formBody, unflatten } from '../lib/body.ts';
import { html, redirect } from '../lib/respond.ts';
import { route } from '../lib/route.ts';

const PATH = '/console/settings/need-clocks';

/** The needs clock table: heads and managers see it; managers get the form. */
export const needClocksPage = route({
  method: 'GET',
  path: PATH,
  access: 'need.clocks.view',
  handler: async (event, context) =>
    html(
      h(NeedClocksPage, {
        ctx: context.view,
        clocks: await getClocks(context.deps),
        mayEdit: can(context.principal.staff, 'need.clocks.set'),
        notice: event.queryStringParameters?.saved ? context.t('clocks.saved') : undefined,
      }),
    ),
});

/** A manager saves the whole table (CSRF-checked like every console form); a bad cell stores nothing. */
export const needClocksSave = route({
  method: 'POST',
  path: PATH,
  access: 'need.clocks.set',
  handler: async (event, context) => {
    const form = formBody(event);
    try {
      const by = {
        actor: { kind: 'staff' as const, id: context.principal.staff.id },
        channel: 'web' as const,
      };
      await setClocks(context.deps, unflatten(form), by);
      return redirect(`${PATH}?saved=1`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return html(
        h(NeedClocksPage, {
          ctx: context.view,
          clocks: await getClocks(context.deps),
          mayEdit: true,
          values: form,
          errors: error.fields,
        }),
        400,
      );
    }
  },
});
