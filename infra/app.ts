import { App } from 'aws-cdk-lib';
import { parseDeployConfig } from './config.ts';
import { AftercareStack } from './stacks/aftercare-stack.ts';

const app = new App();
const config = parseDeployConfig(app.node.tryGetContext('aftercare'));
new AftercareStack(app, config.stackName, config, {
  env: { account: config.account, region: config.region },
});
app.synth();
