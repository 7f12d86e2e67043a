import { remindStep } from '#shared/lifecycle/remind-step.ts';
import { awsDeps } from '../lib/aws-deps.ts';
import { stepHandler } from '../lib/step-handler.ts';

export const handler = stepHandler(remindStep, awsDeps);
