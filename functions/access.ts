import type { DELETABLE_PARTITIONS } from '#shared/store/keys.ts';
import type { TABLE } from '#shared/store/table.ts';

/** The workflows that wait on people, each one Step Functions state machine (`infra/constructs/human-loop.ts`). */
export type Workflow = 'lifecycle' | 'needFlow';
type IndexName = (typeof TABLE.indexes)[number]['name'];
/** The functions another function hands work to asynchronously (`infra/constructs/access.ts` binds each). */
export type Invoked = 'signInMail' | 'ledgerImport';

/**
 * What one function's code does with AWS — plain data, no CDK, so the registry that holds it can be bundled into the
 * functions. On AWS each grant is bound in one call (`infra/constructs/access.ts` `bind`): its IAM statement and the
 * environment variable(s) its adapter reads, so a function has a variable exactly when its role may use it. The AWS
 * twin (`test/aws/twin.test.ts`) records every SDK call and evaluates it against the synthesized role. No Scan
 * anywhere, no BatchWriteItem, no table management, no wildcard resources.
 */
export interface Access {
  /** Item actions on the table (TABLE_NAME). TransactWriteItems is authorized per item (Put/Update/Delete). */
  items?: ('GetItem' | 'BatchGetItem' | 'PutItem' | 'UpdateItem')[];
  /** Query on the table itself and on these indexes (TABLE_NAME). */
  query?: ('table' | IndexName)[];
  /** The partitions it deletes from (`dynamodb:LeadingKeys`); it may delete nothing else (TABLE_NAME). */
  deletes?: (typeof DELETABLE_PARTITIONS)[number][];
  /** Reads the link-signing key and, in smtp mode, the SMTP URL (SECRETS_PARAMETER). */
  secret?: boolean;
  /** Sends email as the configured sender: SES in ses mode, the secret's SMTP URL in smtp mode (MAIL_*). */
  mail?: boolean;
  /** Reads and writes attachments and ledger uploads (ATTACHMENTS_BUCKET). */
  files?: boolean;
  /** Starts executions of these state machines (LIFECYCLE_ARN, NEED_FLOW_ARN). */
  start?: Workflow[];
  /** Releases waits (SendTaskSuccess) of these state machines' executions: the token is all it needs, no variable. */
  release?: Workflow[];
  /**
   * Invokes these functions asynchronously (InvocationType Event): `signInMail` → SignInMail (SIGN_IN_MAIL_FUNCTION),
   * `ledgerImport` → LedgerImport (LEDGER_IMPORT_FUNCTION).
   */
  invoke?: Invoked[];
  /**
   * Grants the twin's scenario does not reach, each with the code path that needs it (`action` → why). The twin
   * test accepts an unused grant only if it is named here.
   */
  rarely?: Record<string, string>;
}
