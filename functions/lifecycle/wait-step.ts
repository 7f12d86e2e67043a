import { waitStep } from '#shared/lifecycle/wait-step.ts';
import { awsDeps } from '../lib/aws-deps.ts';
import { stepHandler } from '../lib/step-handler.ts';

export const handler = stepHandler(waitStep, awsDeps);
