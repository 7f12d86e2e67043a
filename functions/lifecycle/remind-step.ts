import { remindStep } from '#shared/lifecycle/flow/remind-step.ts';
import { awsStep } from '../lib/aws-step.ts';

export const handler = awsStep(remindStep, { secret: true });
