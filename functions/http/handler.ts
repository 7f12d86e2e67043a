import { withFreshCalendar } from '#shared/calendar/refresh.ts';
import { awsDeps } from '../lib/aws-deps.ts';
import { createHttpHandler } from './app.ts';

export const handler = createHttpHandler(withFreshCalendar(awsDeps));
