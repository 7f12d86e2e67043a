import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '#infra/config.ts';
import { AftercareStack } from '#infra/stacks/aftercare-stack.ts';

const base = { senderAddress: 'aftercare@example.com', adminEmails: ['ops@example.com'] };

function nag(context: Record<string, unknown>) {
  const app = new App();
  const config = parseDeployConfig(context);
  const stack = new AftercareStack(app, 'Nag', config, { env: { region: config.region } });
  Aspects.of(stack).add(new AwsSolutionsChecks());
  app.synth();
  const annotations = Annotations.fromStack(stack);
  const list = (found: { id: string; entry: { data?: unknown } }[]) =>
    found.map((e) => `${e.id}: ${String(e.entry.data).slice(0, 120)}`);
  return {
    errors: list(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-'))),
    template: app.synth().getStackByName(stack.stackName).template as {
      Resources: Record<
        string,
        { Metadata?: { cdk_nag?: { rules_to_suppress: { id: string; reason: string }[] } } }
      >;
    },
  };
}

describe('cdk-nag (AwsSolutions pack)', () => {
  it.each([
    ['a standard region with SES', { ...base, region: 'ap-southeast-1' }],
    [
      'AWS China with SMTP',
      {
        ...base,
        region: 'cn-north-1',
        mailMode: 'smtp',
        domain: {
          name: 'aftercare.zone.example.cn',
          certificateArn: 'arn:aws-cn:acm:cn-north-1:111122223333:certificate/0000',
        },
      },
    ],
    [
      'a custom domain',
      {
        ...base,
        region: 'ap-southeast-1',
        domain: {
          name: 'aftercare.zone.example.cn',
          certificateArn: 'arn:aws:acm:ap-southeast-1:123456789012:certificate/x',
        },
      },
    ],
  ])(
    'finds no unsuppressed error for %s, and every suppression says why',
    (_name, context) => {
      const { errors, template } = nag(context);
      expect(errors).toEqual([]);
      const suppressions = Object.values(template.Resources).flatMap(
        (r) => r.Metadata?.cdk_nag?.rules_to_suppress ?? [],
      );
      expect(suppressions.length).toBeGreaterThan(0);
      for (const s of suppressions) expect(s.reason.length, s.id).toBeGreaterThan(60);
    },
    120_000,
  );
});
