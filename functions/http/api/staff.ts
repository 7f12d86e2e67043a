import { z } from 'zod';
import { issueApiToken, listTokens, revokeApiToken } from '#shared/auth/api-tokens.ts';
import { loadBoard } from '#shared/board/board.ts';
import { ApiToken, TokenOwner } from '#shared/domain/integration.ts';
import { CHANNELS } from '#shared/notify/channel.ts';
import { setStaffContact } from '#shared/notify/staff-contact.ts';
import { jsonBody } from '../lib/body.ts';
import { route } from '../lib/route.ts';
import { publicJson } from './public.ts';
import { BoardOut, StaffOut } from './schemas.ts';

/** Who an integration account's token belongs to: the integration, not a person. */
export const IntegrationMeOut = z
  .object({
    kind: z.literal('integration'),
    id: z.string(),
    name: z.string(),
    departmentId: z.string(),
    role: z.string(),
  })
  .meta({ id: 'IntegrationMe' });

/** A token just issued: the secret (shown once) and what it is. */
export const IssuedTokenOut = z
  .object({ token: z.string(), id: z.string(), label: z.string(), expiresAt: z.string(), owner: TokenOwner })
  .meta({ id: 'IssuedApiToken' });

/** A token as listed: never the secret or its digest. */
export const TokenListOut = z
  .object({
    tokens: z.array(
      ApiToken.pick({
        id: true,
        owner: true,
        label: true,
        createdAt: true,
        expiresAt: true,
        lastUsedAt: true,
        revokedAt: true,
      }).extend({ status: z.enum(['active', 'expired', 'revoked']) }),
    ),
  })
  .meta({ id: 'ApiTokenList' });

/** Optional `?integrationId=` (managers): that integration account's tokens instead of one's own. */
const integrationQuery = (event: { queryStringParameters?: Record<string, string | undefined> }) =>
  event.queryStringParameters?.integrationId;

export const me = route({
  method: 'GET',
  path: '/api/v1/me',
  access: 'me.settings',
  handler: async (_event, context) => {
    const { integration, staff } = context.principal;
    if (integration)
      return publicJson(IntegrationMeOut, { kind: 'integration', ...integration, role: staff.role });
    return publicJson(StaffOut, staff);
  },
});

export const board = route({
  method: 'GET',
  path: '/api/v1/board',
  access: 'board.view',
  handler: async (event, context) => {
    const page = await loadBoard(context.deps, context.principal, event.queryStringParameters ?? {});
    return publicJson(BoardOut, page);
  },
});

/** Issue a token for oneself, or (managers) for an integration account: `{label, days, integrationId?}`. */
export const issueToken = route({
  method: 'POST',
  path: '/api/v1/tokens',
  access: 'token.issue',
  handler: async (event, context) => {
    const input = jsonBody(event);
    const issued = await issueApiToken(context.deps, context.principal, input);
    return publicJson(IssuedTokenOut, issued, 201);
  },
});

export const listTokensApi = route({
  method: 'GET',
  path: '/api/v1/tokens',
  access: 'token.issue',
  handler: async (event, context) => {
    const integrationId = integrationQuery(event);
    const tokens = await listTokens(context.deps, context.principal, integrationId ? { integrationId } : {});
    return publicJson(TokenListOut, { tokens });
  },
});

export const revokeTokenApi = route({
  method: 'DELETE',
  path: '/api/v1/tokens/{id}',
  access: 'token.issue',
  handler: async (event, context) => {
    const tokenId = event.pathParameters?.id ?? '';
    const integrationId = integrationQuery(event);
    await revokeApiToken(context.deps, context.principal, {
      tokenId,
      ...(integrationId ? { integrationId } : {}),
    });
    return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' };
  },
});

/** How a person is notified, as the API shows it (never more than the contact fields and the version). */
export const StaffContactOut = z
  .object({
    id: z.string(),
    channel: z.enum(CHANNELS),
    phone: z.string().optional(),
    wecomUserId: z.string().optional(),
    dingtalkUserId: z.string().optional(),
    version: z.number(),
  })
  .meta({ id: 'StaffContact' });

/**
 * Managers set a person's phone, channel and WeCom/DingTalk user ids (replaced as a whole): `{channel, phone?,
 * wecomUserId?, dingtalkUserId?}`. A channel that needs a field the person lacks is a field error, nothing stored.
 */
export const setStaffContactApi = route({
  method: 'PUT',
  path: '/api/v1/staff/{id}/contact',
  access: 'organisation.add',
  handler: async (event, context) => {
    const saved = await setStaffContact(context.deps, event.pathParameters?.id ?? '', jsonBody(event), {
      actor: { kind: 'staff', id: context.principal.staff.id },
      channel: 'api',
    });
    return publicJson(StaffContactOut, { ...saved, channel: saved.channel ?? 'email' });
  },
});
