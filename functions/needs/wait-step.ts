import { needWaitStep } from '#shared/needs/flow/wait-step.ts';
import { awsDeps } from '../lib/aws-deps.ts';
import { stepHandler } from '../lib/step-handler.ts';

export const handler = stepHandler(needWaitStep, awsDeps);
