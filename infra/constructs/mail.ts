import { Stack } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { DeployConfig } from '../config.ts';
import { Concern } from './concern.ts';

/**
 * SES mode: the sender's identity (when the stack creates it) and the configuration set every send names, whose
 * permanent bounces and complaints come back through a topic to the MailFeedback function, which marks the addresses
 * undeliverable where managers see them. smtp mode has none of these.
 */
export class MailEvents extends Concern {
  /** The configuration set's name (SES mode), which every send names. */
  readonly configurationSetName?: string;
  private readonly topic?: Topic;

  constructor(scope: Construct, id: string, config: DeployConfig) {
    super(scope, id);
    if (config.mailMode !== 'ses') return;
    if (config.sesIdentity === 'create') {
      // SES mails the sender address a link to verify it; mail goes out once it is verified.
      new EmailIdentity(this, 'SenderIdentity', { identity: Identity.email(config.senderAddress) });
    }
    const configurationSet = new ConfigurationSet(this, 'MailEvents', {
      configurationSetName: `${Stack.of(this).stackName}-mail`,
    });
    this.topic = new Topic(this, 'MailFeedbackTopic', {
      displayName: 'aftercare mail feedback',
      enforceSSL: true,
    });
    configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.topic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    this.configurationSetName = configurationSet.configurationSetName;
  }

  /** SES's bounce and complaint events to this function (SES mode). */
  feedbackTo(fn: IFunction): void {
    this.topic?.addSubscription(new LambdaSubscription(fn));
  }
}
