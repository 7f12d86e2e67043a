import { parseArgs } from 'node:util';
import { systemClock } from '#shared/clock/clock.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { createFirstManager } from '#shared/organisation/first-manager.ts';
import { createDb } from '#shared/store/db.ts';

/**
 * npm run create-manager -- --table <TableName output> --region <region> --email <email> --name <name> [--department <name>]
 * Uses the AWS credentials of the shell (as `cdk deploy` does). Prints the new manager's id.
 */
const { values } = parseArgs({
  options: {
    table: { type: 'string' },
    region: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    department: { type: 'string', default: '管委会' },
    endpoint: { type: 'string' },
  },
});

if (!values.table || !values.region) {
  console.error(
    'usage: npm run create-manager -- --table <TableName> --region <region> --email <email> --name <name> [--department <name>]',
  );
  process.exit(2);
}
const db = createDb({ table: values.table, region: values.region, endpoint: values.endpoint });
try {
  const manager = await createFirstManager({ db, clock: systemClock }, values);
  console.log(`created manager ${manager.id}: sign in at <your URL>/signin with ${manager.email}`);
} catch (error) {
  if (error instanceof InputError)
    console.error(`invalid: ${error.fields.map((f) => `--${f.path} (${f.message})`).join(', ')}`);
  else if (error instanceof ConflictError) console.error(`not created: ${error.reason}`);
  else throw error;
  process.exitCode = 1;
} finally {
  db.doc.destroy();
}
