import { needRemindStep } from '#shared/needs/flow/remind-step.ts';
import { awsStep } from '../lib/aws-step.ts';

export const handler = awsStep(needRemindStep, { secret: true });
