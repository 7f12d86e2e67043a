import { freshAwsDeps } from '../lib/aws-deps.ts';
import { createHttpHandler } from './app.ts';

/**
 * The HTTP function: the router and the middleware chain at init; the code behind them (who is asking, the store,
 * the translations, each route's module, the calendar) loads with the first request that needs it.
 */
export const handler = createHttpHandler(freshAwsDeps);
