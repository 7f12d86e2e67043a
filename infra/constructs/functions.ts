import { Duration } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Tracing } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { Workflow } from '#functions/access.ts';
import { FUNCTION_IDS, type FunctionId, LOOP_ROLES, specOf, stepsOf } from '#functions/registry.ts';
import type { Config } from '#shared/config/config.ts';
import type { DeployConfig } from '../config.ts';
import { type AccessResources, bind } from './access.ts';
import { Concern } from './concern.ts';
import type { LoopFunctions } from './human-loop.ts';
import { nodeFunction } from './node-function.ts';

export interface FunctionsProps {
  config: DeployConfig;
  /** The address the emails link to. */
  baseUrl: string;
  resources: AccessResources;
}

/**
 * Every function of `functions/registry.ts`, each with its own role: the settings every function reads (mode, the
 * address links point to, the service levels, the metrics' namespace), and then — bound grant by grant — the
 * statements and variables of what its code uses. MailFeedback exists only in SES mode.
 */
export class Functions extends Concern {
  private readonly built: Partial<Record<FunctionId, LambdaFunction>> = {};

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const { sla } = props.config;
    const settings = {
      AFTERCARE_MODE: 'aws',
      BASE_URL: props.baseUrl,
      REMIND_BEFORE_WORKING_DAYS: String(sla.remindBeforeWorkingDays),
      REMIND_SPREAD_MINUTES: String(sla.remindSpreadMinutes),
      MAIL_SEND_RATE: String(props.config.mailSendRate),
      ESCALATE_HEAD_AFTER_WORKING_DAYS: String(sla.escalateHeadAfterWorkingDays),
      ESCALATE_MANAGERS_AFTER_WORKING_DAYS: String(sla.escalateManagersAfterWorkingDays),
      VISIT_INTERVAL_MONTHS: String(sla.visitIntervalMonths),
      VISIT_MIN_INTERVAL_DAYS: String(sla.visitMinIntervalDays),
      NEED_MAX_REDOS: String(sla.needMaxRedos),
    } satisfies Partial<Record<keyof Config, string>>;
    const { logLevel } = props.config.monitoring;
    const environment = {
      ...settings,
      POWERTOOLS_SERVICE_NAME: 'aftercare',
      // The logger's own level, the same as Lambda's filter below (Powertools warns at each start when they differ).
      LOG_LEVEL: logLevel,
    };
    for (const fid of FUNCTION_IDS) {
      const spec = specOf(fid);
      if (spec.sesOnly && props.resources.mail.mode !== 'ses') continue;
      this.built[fid] = nodeFunction(this, fid, {
        entry: spec.entry,
        description: spec.description,
        environment,
        tracing: props.config.monitoring.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
        logLevel,
        ...(spec.timeoutSeconds ? { timeout: Duration.seconds(spec.timeoutSeconds) } : {}),
        ...(spec.memoryMb ? { memorySize: spec.memoryMb } : {}),
      });
    }
    // Bound once all are built: a function may invoke another (Http → SignInMail, LedgerImport).
    const resources = {
      ...props.resources,
      invoked: { signInMail: this.built.SignInMail, ledgerImport: this.built.LedgerImport },
    };
    for (const [fid, f] of Object.entries(this.built) as [FunctionId, LambdaFunction][]) {
      bind(f, specOf(fid).access, resources);
    }
  }

  /** The functions this deployment has, by registry id. */
  get all(): Partial<Record<FunctionId, LambdaFunction>> {
    return { ...this.built };
  }

  get(id: FunctionId): LambdaFunction {
    const f = this.built[id];
    if (!f) throw new Error(`${id} is not deployed in this configuration`);
    return f;
  }

  /** A workflow's step functions, by the state that runs each. */
  steps(workflow: Workflow): LoopFunctions {
    const ids = stepsOf(workflow);
    const steps = {} as LoopFunctions;
    for (const role of LOOP_ROLES) steps[role] = this.get(ids[role]);
    return steps;
  }
}
