/**
 * AWS list prices used to turn counts into dollars (US East (N. Virginia), on-demand, as published on the AWS pricing
 * pages in 2025, entered by hand: this machine cannot reach them to re-check). Other regions differ a little, AWS
 * China more. Check them, and change them here, before quoting a figure.
 */
export const PRICES = {
  asOf: '2025 (aws.amazon.com pricing pages, us-east-1)',
  stepFunctionsPerTransition: 0.025 / 1000,
  lambdaPerRequest: 0.2 / 1_000_000,
  /** arm64, per GB-second. */
  lambdaPerGbSecond: 0.0000133334,
  lambdaMemoryGb: 0.5,
  dynamoPerWriteUnit: 0.625 / 1_000_000,
  dynamoPerReadUnit: 0.125 / 1_000_000,
  sesPerEmail: 0.1 / 1000,
  httpApiPerRequest: 1.0 / 1_000_000,
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
