import type { Access } from '../constructs/access.ts';

/**
 * What each function's code does with AWS — the one list its role is built from. The AWS twin records every SDK
 * call the bundles make and fails on any call a role would deny; a grant no recorded call used must be named in
 * `rarely` with the code path that needs it.
 */
export const ACCESS = {
  Http: {
    items: ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem'],
    query: ['table', 'GSI1', 'GSI2', 'GSI3'],
    deletes: ['SIGNIN#*', 'SESSION#*', 'COUNTQ'],
    secret: true,
    mail: true,
    files: true,
    start: ['lifecycle', 'needFlow'],
    release: ['lifecycle', 'needFlow'],
    rarely: {
      'dynamodb:Query': 'GSI2 and GSI3: a department’s and an officer’s boards, leads and served enterprises',
      's3:GetObject': 'imports/*: a ledger upload read back when the import is confirmed',
      's3:PutObject': 'imports/*: a ledger upload kept between its preview and the import',
    },
  },
  OpenStep: { items: ['GetItem', 'PutItem', 'UpdateItem'], secret: true, mail: true },
  WaitStep: {
    items: ['UpdateItem'],
    release: ['lifecycle'],
    rarely: {
      'states:SendTaskSuccess': 'the task was completed before the wait began: the wait releases itself',
    },
  },
  RemindStep: { items: ['GetItem', 'PutItem', 'UpdateItem'], query: ['table'], secret: true, mail: true },
  FailureStep: { items: ['GetItem', 'PutItem', 'UpdateItem'] },
  NeedOpenStep: {
    items: ['GetItem', 'PutItem', 'UpdateItem'],
    query: ['table'],
    secret: true,
    mail: true,
    rarely: {
      'dynamodb:PutItem': 'MAILQ: staff mail made outside office hours, or kept while SES is failing',
    },
  },
  NeedWaitStep: {
    items: ['UpdateItem'],
    release: ['needFlow'],
    rarely: { 'states:SendTaskSuccess': 'the need moved on before the wait began: the wait releases itself' },
  },
  NeedRemindStep: {
    items: ['GetItem', 'PutItem', 'UpdateItem'],
    query: ['table'],
    secret: true,
    mail: true,
    release: ['needFlow'],
    rarely: {
      'states:SendTaskSuccess':
        'closing a need nobody rated goes through the common action, which releases any wait stored on the need',
    },
  },
  NeedFailureStep: { items: ['PutItem'] },
  Sweep: {
    items: ['GetItem', 'PutItem', 'UpdateItem'],
    query: ['table', 'GSI1', 'GSI2', 'GSI3'],
    deletes: ['MAILQ', 'COUNTQ', 'LEASE'],
    secret: true,
    mail: true,
    rarely: {
      'dynamodb:UpdateItem':
        'claiming mail queued outside office hours, and applying counters a crash left behind',
      'dynamodb:Query': 'GSI3: an officer’s open items for their daily digest',
      'dynamodb:DeleteItem': 'MAILQ and COUNTQ: mail sent from the queue, leftover counters applied',
    },
  },
  MailFeedback: { items: ['PutItem'] },
} as const satisfies Record<string, Access>;
