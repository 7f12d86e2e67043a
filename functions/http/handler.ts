import { awsDeps } from '../lib/aws-deps.ts';
import { metricsMiddleware } from '../lib/metrics.ts';
import { createHttpHandler } from './app.ts';

export const handler = createHttpHandler(awsDeps).use(metricsMiddleware());
