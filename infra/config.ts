import { z } from 'zod';

/** The deployment's one configuration (CDK context `aftercare`), validated before anything is synthesized. */
export const DeployConfig = z
  .object({
    stackName: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,100}$/)
      .default('Aftercare'),
    account: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
    region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/),
    /** ses (default) or smtp, for regions without SES such as cn-north-1. */
    mailMode: z.enum(['ses', 'smtp']).default('ses'),
    senderAddress: z.email(),
    adminEmails: z.array(z.email()).min(1),
    /** The public URL the emails link to, e.g. https://aftercare.zone.gov.cn (defaults to the API's own URL). */
    baseUrl: z.url().optional(),
    /** Requests per second the HTTP API accepts before throttling. */
    throttleRate: z.number().int().min(1).max(10_000).default(50),
    throttleBurst: z.number().int().min(1).max(5_000).default(100),
  })
  .superRefine((c, ctx) => {
    if (c.region.startsWith('cn-') && c.mailMode === 'ses') {
      ctx.addIssue({
        code: 'custom',
        path: ['mailMode'],
        message: 'SES is not offered in AWS China regions: use "smtp"',
      });
    }
  });
export type DeployConfig = z.infer<typeof DeployConfig>;

export function parseDeployConfig(raw: unknown): DeployConfig {
  const result = DeployConfig.safeParse(raw ?? {});
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  aftercare.${i.path.join('.')}: ${i.message}`);
    throw new Error(
      `Invalid deployment configuration (cdk.json context or -c aftercare=…):\n${lines.join('\n')}`,
    );
  }
  return result.data;
}
