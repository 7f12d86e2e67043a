import { needRemindStep } from '#shared/needs/flow/remind-step.ts';
import { awsDeps } from '../lib/aws-deps.ts';
import { stepHandler } from '../lib/step-handler.ts';

export const handler = stepHandler(needRemindStep, awsDeps);
