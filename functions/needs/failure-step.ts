import { needFailureStep } from '#shared/needs/flow/failure-step.ts';
import { awsDeps } from '../lib/aws-deps.ts';
import { stepHandler } from '../lib/step-handler.ts';

export const handler = stepHandler(needFailureStep, awsDeps);
