import { Stack } from 'aws-cdk-lib';
import { ApiMapping, DomainName, HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { DeployConfig } from '../config.ts';
import { Concern } from './concern.ts';

/**
 * The HTTP API in front of the HTTP function: throttled, one access-log line per request, on a custom domain when one
 * is configured. `url` is the address the emails link to, known before the function exists (it is in its
 * environment); `serve` routes every path to the function.
 */
export class PublicApi extends Concern {
  readonly api: HttpApi;
  readonly domain?: DomainName;
  readonly url: string;

  constructor(scope: Construct, id: string, config: DeployConfig) {
    super(scope, id);
    const stack = Stack.of(this);
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.SIX_MONTHS });
    this.api = new HttpApi(this, 'Api', { description: 'aftercare' });
    if (config.domain) {
      this.domain = new DomainName(this, 'Domain', {
        domainName: config.domain.name,
        certificate: Certificate.fromCertificateArn(this, 'Certificate', config.domain.certificateArn),
      });
      new ApiMapping(this, 'DomainMapping', { api: this.api, domainName: this.domain });
    }
    this.url =
      config.baseUrl ??
      (config.domain
        ? `https://${config.domain.name}`
        : `https://${this.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`);
    const stage = this.api.defaultStage?.node.defaultChild as
      | { defaultRouteSettings?: unknown; accessLogSettings?: unknown }
      | undefined;
    if (stage) {
      stage.defaultRouteSettings = {
        throttlingRateLimit: config.throttleRate,
        throttlingBurstLimit: config.throttleBurst,
      };
      // One JSON line per request: no query strings or bodies (they may carry signed links), no personal data.
      stage.accessLogSettings = {
        destinationArn: accessLogs.logGroupArn,
        format: JSON.stringify({
          requestId: '$context.requestId',
          time: '$context.requestTime',
          method: '$context.httpMethod',
          path: '$context.path',
          status: '$context.status',
          latencyMs: '$context.responseLatency',
          integrationError: '$context.integrationErrorMessage',
        }),
      };
    }
  }

  /** Every path, and the root, to this function. */
  serve(fn: IFunction): void {
    this.api.addRoutes({ path: '/{proxy+}', integration: new HttpLambdaIntegration('HttpRoutes', fn) });
    this.api.addRoutes({ path: '/', integration: new HttpLambdaIntegration('HttpRoot', fn) });
  }
}
