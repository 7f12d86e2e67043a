import { failureStep } from '#shared/lifecycle/failure-step.ts';
import { awsStep } from '../lib/aws-step.ts';

export const handler = awsStep(failureStep, { secret: false });
