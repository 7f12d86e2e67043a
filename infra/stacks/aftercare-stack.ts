import { type CfnElement, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { DeployConfig } from '../config.ts';
import { PublicApi } from '../constructs/api.ts';
import { logicalIdOf } from '../constructs/concern.ts';
import { Data } from '../constructs/data.ts';
import { Functions } from '../constructs/functions.ts';
import { MailEvents } from '../constructs/mail.ts';
import { Monitoring } from '../constructs/monitoring.ts';
import { suppressNagFindings } from '../constructs/nag.ts';
import { SweepSchedule } from '../constructs/schedules.ts';
import { machineArns, Workflows } from '../constructs/workflows.ts';

/**
 * aftercare on AWS: the data (table, attachments bucket), the secret, mail events, the HTTP API in front of the HTTP
 * Lambda, the functions of `functions/registry.ts` (each role holding only what its code uses, each variable bound
 * with its grant), both workflows over their steps, the 15-minute sweep on EventBridge Scheduler, and monitoring.
 * The concerns are constructs of their own that leave the logical IDs as they were (`constructs/concern.ts`).
 */
export class AftercareStack extends Stack {
  constructor(scope: Construct, id: string, config: DeployConfig, props: StackProps = {}) {
    super(scope, id, props);
    const data = new Data(this, 'Data');
    // The link-signing key and, added by the operator, the SMTP URL and channel credentials: a Parameter Store
    // SecureString, created with a new key by the first function that reads it (CloudFormation cannot create one).
    const secretsParameter = `/${this.stackName}/secrets`;
    const secrets = {
      parameterName: secretsParameter,
      parameterArn: this.formatArn({
        service: 'ssm',
        resource: 'parameter',
        resourceName: secretsParameter.slice(1),
      }),
    };
    const mail = new MailEvents(this, 'Mail', config);
    const api = new PublicApi(this, 'PublicApi', config);

    const functions = new Functions(this, 'Functions', {
      config,
      baseUrl: api.url,
      resources: {
        table: data.table,
        secrets,
        bucket: data.attachments,
        mail: {
          mode: config.mailMode,
          sender: config.senderAddress,
          identity: config.sesIdentity,
          channels: config.channels,
          ...(mail.configurationSetName ? { configurationSet: mail.configurationSetName } : {}),
        },
        machineArns: machineArns(this),
      },
    });
    const workflows = new Workflows(this, 'Workflows', {
      functions,
      tracing: config.monitoring.tracing,
    });
    api.serve(functions.get('Http'));
    const sweep = new SweepSchedule(this, 'Schedules', { sweep: functions.get('Sweep') });
    const feedback = functions.all.MailFeedback;
    if (feedback) mail.feedbackTo(feedback);

    new Monitoring(this, 'Monitoring', {
      adminEmails: config.adminEmails,
      dashboard: config.monitoring.dashboard,
      functions: functions.all,
      stateMachines: workflows.byConstruct,
      api: api.api,
      deadLetterQueues: { SweepDeadLetters: sweep.deadLetters },
    });

    new CfnOutput(this, 'Url', { value: api.url, description: 'The app: sign in at <Url>/signin' });
    if (api.domain) {
      new CfnOutput(this, 'DomainTarget', {
        value: api.domain.regionalDomainName,
        description: `Point ${config.domain?.name} here (a CNAME, or an alias record in Route 53)`,
      });
    }
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'SecretsParameter', { value: secretsParameter });
    new CfnOutput(this, 'LifecycleArn', { value: workflows.machines.lifecycle.stateMachineArn });
    new CfnOutput(this, 'NeedFlowArn', { value: workflows.machines.needFlow.stateMachineArn });
    new CfnOutput(this, 'FirstManager', {
      value: `npm run create-manager -- --table ${data.table.tableName} --region ${this.region} --email <you> --name <name> --department <department>`,
      description: 'Run once after the first deploy, then sign in with that address',
    });

    suppressNagFindings(this);
  }

  /** The concerns' constructs are not part of the addresses: every resource keeps the logical ID it had. */
  protected override allocateLogicalId(element: CfnElement): string {
    return logicalIdOf(element);
  }
}
