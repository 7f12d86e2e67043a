import { defineConfig } from 'vitest/config';

/**
 * Two projects, so that the pure tests say they need nothing (`npm run test:unit`, or
 * `vitest run --project unit`), and `vitest run` still runs everything:
 *
 * - `unit` (test/unit): no globalSetup, so no DynamoDB Local and no Java. Its setupFile
 *   (test/support/no-java.ts) hides Java from every unit test file: it unsets JAVA_HOME, drops JDK directories
 *   from PATH and puts first on PATH a `java` that only fails. Simply dropping every PATH entry holding a `java`
 *   would not do: /usr/bin holds java next to everything else. So a unit test that starts DynamoDB Local (or
 *   anything else that runs `java`) fails loudly, instead of quietly working on a machine with Java; such a test
 *   belongs in test/integration.
 * - `integration` (test/integration, test/browser, test/infra): one DynamoDB Local for the run
 *   (test/support/global-setup.ts), each file making its own table in it.
 *
 * The AWS twin runs on its own: `npm run test:aws` (vitest.aws.config.ts).
 */
export default defineConfig({
  test: {
    exclude: ['test/aws/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          setupFiles: ['test/support/no-java.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/{integration,browser,infra}/**/*.test.{ts,tsx}'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
