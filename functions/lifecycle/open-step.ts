import { openStep } from '#shared/lifecycle/flow/open-step.ts';
import { awsStep } from '../lib/aws-step.ts';

export const handler = awsStep(openStep, { secret: true });
