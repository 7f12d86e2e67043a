import { h } from 'preact';
import { type TokensForm, TokensPage } from '#functions/http/pages/tokens.view.tsx';
import {
  createIntegration,
  type IssuedToken,
  integrationsWithTokens,
  issueApiToken,
  listTokens,
  revokeApiToken,
} from '#shared/auth/api-tokens.ts';
import { can } from '#shared/auth/permissions.ts';
import { type FieldError, InputError } from '#shared/domain/input-error.ts';
import { listDepartments } from '#shared/store/organisation.ts';
import { formBody, unflatten } from '../lib/body.ts';
import { html, redirect } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import type { HttpEvent, HttpResult, StaffContext } from '../lib/types.ts';

async function tokensView(
  context: StaffContext,
  extra: {
    issued?: IssuedToken;
    notice?: string;
    form?: TokensForm;
    errors?: FieldError[];
    values?: Record<string, string>;
  } = {},
) {
  const manager = can(context.principal.staff, 'token.integration');
  const [tokens, integrations, departments] = await Promise.all([
    listTokens(context.deps, context.principal),
    manager ? integrationsWithTokens(context.deps, context.principal) : undefined,
    manager ? listDepartments(context.deps.db) : undefined,
  ]);
  return h(TokensPage, { ctx: context.view, tokens, integrations, departments, ...extra });
}

export const tokensPage = route({
  method: 'GET',
  path: '/console/tokens',
  access: 'token.issue',
  handler: async (event, context) => {
    const q = event.queryStringParameters ?? {};
    const notice = q.revoked
      ? context.t('tokens.revoked')
      : q.added
        ? context.t('integrations.added')
        : undefined;
    return html(await tokensView(context, { notice }));
  },
});

/** Issue a token (for oneself, or an integration's): the page that shows it once, or the form with its errors. */
async function issuing(event: HttpEvent, context: StaffContext, form: TokensForm, integrationId?: string) {
  const values = formBody(event);
  const input = { ...unflatten(values, ['days']), ...(integrationId ? { integrationId } : {}) };
  try {
    const issued = await issueApiToken(context.deps, context.principal, input);
    return html(await tokensView(context, { issued }));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return html(await tokensView(context, { form, errors: error.fields, values }), 400);
  }
}

export const tokenIssue = route({
  method: 'POST',
  path: '/console/tokens',
  access: 'token.issue',
  handler: (event, context) => issuing(event, context, 'own'),
});

async function revoking(context: StaffContext, tokenId: string, integrationId?: string): Promise<HttpResult> {
  await revokeApiToken(context.deps, context.principal, { tokenId, integrationId });
  return redirect('/console/tokens?revoked=1');
}

export const tokenRevoke = route({
  method: 'POST',
  path: '/console/tokens/{id}/revoke',
  access: 'token.issue',
  handler: (event, context) => revoking(context, event.pathParameters?.id ?? ''),
});

export const integrationCreate = route({
  method: 'POST',
  path: '/console/integrations',
  access: 'token.integration',
  handler: async (event, context) => {
    const values = formBody(event);
    try {
      await createIntegration(context.deps, context.principal, unflatten(values));
      return redirect('/console/tokens?added=1');
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return html(await tokensView(context, { form: 'integration', errors: error.fields, values }), 400);
    }
  },
});

export const integrationTokenIssue = route({
  method: 'POST',
  path: '/console/integrations/{id}/tokens',
  access: 'token.integration',
  handler: (event, context) => {
    const id = event.pathParameters?.id ?? '';
    return issuing(event, context, `integration:${id}`, id);
  },
});

export const integrationTokenRevoke = route({
  method: 'POST',
  path: '/console/integrations/{id}/tokens/{tokenId}/revoke',
  access: 'token.integration',
  handler: (event, context) =>
    revoking(context, event.pathParameters?.tokenId ?? '', event.pathParameters?.id ?? ''),
});
