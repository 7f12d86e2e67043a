import { failureStep } from '#shared/lifecycle/flow/failure-step.ts';
import { awsStep } from '../lib/aws-step.ts';

export const handler = awsStep(failureStep, { secret: false });
