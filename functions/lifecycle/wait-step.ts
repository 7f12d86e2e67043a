import { waitStep } from '#shared/lifecycle/flow/wait-step.ts';
import { awsStep } from '../lib/aws-step.ts';

export const handler = awsStep(waitStep, { secret: false });
