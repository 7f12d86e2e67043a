import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { withPlugins } from './plugins.ts';

/**
 * Every AWS SDK client the app makes comes from here, so each one gets the same treatment: the SDK's standard
 * retries (jittered backoff; DynamoDB throttling retried a few more times than the default) and the SDK plugins
 * registered process-wide (`plugins.ts`: none in production). DynamoDB's is there from the start (nearly every call
 * needs it); the others load their SDK package when first asked for, so a function that sends no mail and starts no
 * workflow never reads SES's or Step Functions' code, and none of them is read while a function initialises.
 */
export const dynamoClient = (config: DynamoDBClientConfig) =>
  withPlugins(new DynamoDBClient({ maxAttempts: 6, ...config }));
export const s3Client = async (): Promise<S3Client> =>
  withPlugins(new (await import('@aws-sdk/client-s3')).S3Client({}));
export const sesClient = async (): Promise<SESv2Client> =>
  withPlugins(new (await import('@aws-sdk/client-sesv2')).SESv2Client({}));
export const sfnClient = async (): Promise<SFNClient> =>
  withPlugins(new (await import('@aws-sdk/client-sfn')).SFNClient({}));
export const lambdaClient = async (): Promise<LambdaClient> =>
  withPlugins(new (await import('@aws-sdk/client-lambda')).LambdaClient({}));
export const ssmClient = async (region?: string): Promise<SSMClient> =>
  withPlugins(new (await import('@aws-sdk/client-ssm')).SSMClient(region ? { region } : {}));
