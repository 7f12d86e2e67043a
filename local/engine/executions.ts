/**
 * The local engine keeps its record of executions in the app's table, through the store
 * (`shared/store/executions.ts`, where their keys and index entries are defined). Re-exported here for the tests
 * that read an execution's record.
 */
export {
  type ExecutionEnd,
  type ExecutionRecord,
  type ExecutionStatus,
  getExecution,
} from '#shared/store/executions.ts';
