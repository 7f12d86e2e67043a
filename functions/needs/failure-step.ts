import { awsStep } from '../lib/aws-step.ts';

export const handler = await awsStep('NeedFailureStep');
