import { needFailureStep } from '#shared/needs/flow/failure-step.ts';
import { awsStep } from '../lib/aws-step.ts';

export const handler = awsStep(needFailureStep, { secret: false });
