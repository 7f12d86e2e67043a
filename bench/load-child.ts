import { concurrentLifecycles } from './end-to-end.ts';

/**
 * The concurrent-lifecycles measure in a process of its own, started as `npm start` starts the app (Node with tsx),
 * so that its peak memory is the app's alone, not the benchmark's earlier parts'. Arguments: the DynamoDB endpoint,
 * how many lifecycles, how many days; the result as JSON on a line of its own (`RESULT …`) on stdout, progress on stderr.
 */
const [endpoint, count, days] = process.argv.slice(2);
const result = await concurrentLifecycles(String(endpoint), Number(count), Number(days), (line) =>
  process.stderr.write(`${line}\n`),
);
process.stdout.write(`\nRESULT ${JSON.stringify(result)}\n`);
