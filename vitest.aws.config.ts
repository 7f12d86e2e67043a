import { defineConfig } from 'vitest/config';

/**
 * `npm run test:aws`: the AWS twin. The bundles CDK builds, run as Lambda runs them against stand-ins that speak
 * the AWS protocols (DynamoDB Local, moto, the Step Functions endpoint); each file starts what it needs.
 */
export default defineConfig({
  test: {
    include: ['test/aws/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
