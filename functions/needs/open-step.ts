import { needOpenStep } from '#shared/needs/flow/open-step.ts';
import { awsStep } from '../lib/aws-step.ts';

export const handler = awsStep(needOpenStep, { secret: true });
