import { awsStep } from '../lib/aws-step.ts';

export const handler = awsStep('FailureStep');
