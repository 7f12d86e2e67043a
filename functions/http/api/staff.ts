import { issueApiToken } from '#shared/auth/api-tokens.ts';
import { loadBoard } from '#shared/board/board.ts';
import { jsonBody } from '../lib/body.ts';
import { route } from '../lib/route.ts';
import { publicJson } from './public.ts';
import { BoardOut, StaffOut, TokenOut } from './schemas.ts';

export const me = route({
  method: 'GET',
  path: '/api/v1/me',
  access: 'me.settings',
  handler: async (_event, context) => publicJson(StaffOut, context.principal.staff),
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

export const issueToken = route({
  method: 'POST',
  path: '/api/v1/tokens',
  access: 'token.issue',
  handler: async (event, context) =>
    publicJson(TokenOut, await issueApiToken(context.deps, context.principal, jsonBody(event)), 201),
});
