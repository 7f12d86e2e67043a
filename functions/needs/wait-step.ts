import { needWaitStep } from '#shared/needs/flow/wait-step.ts';
import { awsStep } from '../lib/aws-step.ts';

export const handler = awsStep(needWaitStep, { secret: false });
