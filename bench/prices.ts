/**
 * AWS list prices used to turn counts into dollars: US East (N. Virginia), on-demand, no free tier (a zone's account
 * may have used it up, and it ends). Entered by hand from the aws.amazon.com pricing pages as published in 2025
 * (Lambda, Step Functions, DynamoDB, SES, API Gateway, CloudWatch, X-Ray, EventBridge Scheduler, Systems Manager,
 * Secrets Manager, KMS, S3, data transfer); this machine cannot reach them to re-check. Other regions differ a
 * little, AWS China more. Check them, and change them here, before quoting a figure.
 */
export const PRICES = {
  asOf: '2025 list prices (aws.amazon.com pricing pages, us-east-1, no free tier)',
  stepFunctionsPerTransition: 0.025 / 1000,
  lambdaPerRequest: 0.2 / 1_000_000,
  /** arm64, per GB-second. The INIT phase is billed the same way since 1 August 2025. */
  lambdaPerGbSecond: 0.0000133334,
  lambdaMemoryGb: 0.5,
  dynamoPerWriteUnit: 0.625 / 1_000_000,
  dynamoPerReadUnit: 0.125 / 1_000_000,
  dynamoStoragePerGbMonth: 0.25,
  /** Continuous backups (point-in-time recovery), per GB of table a month. */
  dynamoPitrPerGbMonth: 0.2,
  sesPerEmail: 0.1 / 1000,
  httpApiPerRequest: 1.0 / 1_000_000,
  /** A standard-resolution alarm, per metric it reads, a month (a metric-math alarm pays for each metric in it). */
  cloudWatchAlarmMetricMonth: 0.1,
  cloudWatchDashboardMonth: 3.0,
  cloudWatchCustomMetricMonth: 0.3,
  logsIngestPerGb: 0.5,
  logsStoragePerGbMonth: 0.03,
  xrayPerTrace: 5.0 / 1_000_000,
  schedulerPerInvocation: 1.0 / 1_000_000,
  secretsManagerSecretMonth: 0.4,
  /** Secrets Manager API calls (GetSecretValue). */
  secretsManagerPerRequest: 0.05 / 10_000,
  /** Parameter Store standard parameters (SecureString included) and their standard-throughput API calls: free. */
  parameterStoreStandardMonth: 0,
  /** A customer managed KMS key a month (AWS managed keys such as aws/ssm cost nothing a month). */
  kmsKeyMonth: 1.0,
  kmsPerRequest: 0.03 / 10_000,
  s3StoragePerGbMonth: 0.023,
  /** S3 Standard-Infrequent Access, where the bucket's lifecycle rules move files after a while. */
  s3IaStoragePerGbMonth: 0.0125,
  s3PutPerRequest: 0.005 / 1000,
  s3GetPerRequest: 0.0004 / 1000,
  dataOutPerGb: 0.09,
};

export interface Counts {
  transitions: number;
  invocations: number;
  lambdaMs: number;
  readUnits: number;
  writeUnits: number;
  emails: number;
}

/** Dollars for one run of a scenario, by service. */
export function price(c: Counts) {
  const stepFunctions = c.transitions * PRICES.stepFunctionsPerTransition;
  // Lambda bills each invocation's duration rounded up to the millisecond.
  const lambda =
    c.invocations * PRICES.lambdaPerRequest +
    (c.lambdaMs / 1000) * PRICES.lambdaMemoryGb * PRICES.lambdaPerGbSecond;
  const dynamo = c.readUnits * PRICES.dynamoPerReadUnit + c.writeUnits * PRICES.dynamoPerWriteUnit;
  const email = c.emails * PRICES.sesPerEmail;
  return { stepFunctions, lambda, dynamo, email, total: stepFunctions + lambda + dynamo + email };
}
