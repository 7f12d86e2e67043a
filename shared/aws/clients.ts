import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { withPlugins } from './plugins.ts';

/**
 * Every AWS SDK client the app makes comes from here, so each one gets the same treatment: the SDK's standard
 * retries (jittered backoff; DynamoDB throttling retried a few more times than the default) and the SDK plugins
 * registered process-wide (`plugins.ts`: none in production).
 */
export const dynamoClient = (config: DynamoDBClientConfig) =>
  withPlugins(new DynamoDBClient({ maxAttempts: 6, ...config }));
export const s3Client = () => withPlugins(new S3Client({}));
export const sesClient = () => withPlugins(new SESv2Client({}));
export const sfnClient = () => withPlugins(new SFNClient({}));
export const lambdaClient = () => withPlugins(new LambdaClient({}));
export const secretsClient = (region?: string) =>
  withPlugins(new SecretsManagerClient(region ? { region } : {}));
