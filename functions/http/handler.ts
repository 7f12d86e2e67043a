import { withFreshCalendar } from '#shared/deps.ts';
import { awsDeps } from '../lib/aws-deps.ts';
import { metricsMiddleware } from '../lib/metrics.ts';
import { createHttpHandler } from './app.ts';

export const handler = createHttpHandler(withFreshCalendar(awsDeps)).use(metricsMiddleware());
