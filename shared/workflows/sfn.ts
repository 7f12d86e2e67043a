import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { sfnClient } from '../aws/clients.ts';
import { once } from '../lazy.ts';
import {
  type LifecycleInput,
  lifecycleExecutionName,
  type NeedFlowInput,
  needExecutionName,
  type TokenResult,
  type Workflows,
} from './workflows.ts';

const TOKEN_ERRORS = new Set(['InvalidToken', 'TaskDoesNotExist', 'TaskTimedOut']);

async function tokenCall(send: () => Promise<unknown>): Promise<TokenResult> {
  try {
    await send();
    return 'delivered';
  } catch (error) {
    const name = (error as { name?: string }).name ?? '';
    if (TOKEN_ERRORS.has(name)) return name as TokenResult;
    throw error;
  }
}

/** AWS Step Functions. Starting an execution that is already running with the same input is a no-op there. */
export function sfnWorkflows(arns: { lifecycle: string; needFlow: string }, given?: SFNClient): Workflows {
  const client = once(async () => given ?? sfnClient());
  const start = async (stateMachineArn: string, name: string, input: unknown) => {
    await (await client()).send(
      new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
    );
    return { executionName: name };
  };
  return {
    startLifecycle: (input: LifecycleInput) => start(arns.lifecycle, lifecycleExecutionName(input), input),
    startNeed: (input: NeedFlowInput) => start(arns.needFlow, needExecutionName(input), input),
    sendTaskSuccess: (token, output) =>
      tokenCall(async () =>
        (await client()).send(
          new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output ?? {}) }),
        ),
      ),
    sendTaskFailure: (token, error, cause) =>
      tokenCall(async () =>
        (await client()).send(new SendTaskFailureCommand({ taskToken: token, error, cause })),
      ),
  };
}
