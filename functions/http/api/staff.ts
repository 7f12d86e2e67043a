import { issueApiToken } from '#shared/auth/api-tokens.ts';
import { ALL_STAFF, MANAGERS } from '#shared/auth/principal.ts';
import { loadBoard } from '#shared/board/board.ts';
import { jsonBody } from '../lib/body.ts';
import { json } from '../lib/respond.ts';
import { route } from '../lib/route.ts';

export const me = route({
  method: 'GET',
  path: '/api/v1/me',
  access: ALL_STAFF,
  handler: async (_event, context) => json(context.principal!.staff),
});

export const board = route({
  method: 'GET',
  path: '/api/v1/board',
  access: ALL_STAFF,
  handler: async (event, context) => {
    const { readUnits, ...page } = await loadBoard(
      context.deps,
      context.principal!,
      event.queryStringParameters ?? {},
    );
    return json(page);
  },
});

export const issueToken = route({
  method: 'POST',
  path: '/api/v1/tokens',
  access: MANAGERS,
  handler: async (event, context) =>
    json(await issueApiToken(context.deps, context.principal!, jsonBody(event)), 201),
});
