import { json } from '../lib/respond.ts';
import { route } from '../lib/route.ts';

let cached: unknown;

export const openApi = route({
  method: 'GET',
  path: '/api/v1/openapi.json',
  access: 'public',
  handler: async () => {
    // The document's generator (zod-openapi) and every schema's description load with the first request for it.
    cached ??= (await import('./openapi-document.ts')).openApiDocument();
    return json(cached);
  },
});
