import { needOpenStep } from '#shared/needs/flow/open-step.ts';
import { awsDeps } from '../lib/aws-deps.ts';
import { stepHandler } from '../lib/step-handler.ts';

export const handler = stepHandler(needOpenStep, awsDeps);
