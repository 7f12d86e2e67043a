import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseDeployConfig } from './config.ts';
import { AftercareStack } from './stacks/aftercare-stack.ts';

const app = new App();
const config = parseDeployConfig(app.node.tryGetContext('aftercare'));
new AftercareStack(app, config.stackName, config, {
  env: { account: config.account, region: config.region },
});
// cdk-nag's AwsSolutions pack on every synth: an unsuppressed finding fails it (suppressions: constructs/nag.ts).
Aspects.of(app).add(new AwsSolutionsChecks());
app.synth();
