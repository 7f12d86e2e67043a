import type { Deps } from '#shared/deps.ts';
import { once } from '#shared/lazy.ts';

/**
 * Built on the first invocation (their code loaded then too, not at import) and kept for the container's life: the
 * configuration from the environment and the secret from Parameter Store — if the function has SECRETS_PARAMETER, which
 * only the functions whose role may read it have (the secret grant binds both). Without it `links` and, in smtp
 * mode, `mailer` fail when used, naming the variable. A failure is never kept: the next invocation tries again.
 */
export const awsDeps: () => Promise<Deps> = once(async () => {
  const [{ loadConfig }, { awsSecrets }, { createDeps }] = await Promise.all([
    import('#shared/config/config.ts'),
    import('#shared/config/secrets.ts'),
    import('#shared/deps.ts'),
  ]);
  const config = loadConfig();
  const secrets = config.SECRETS_PARAMETER
    ? await awsSecrets(config.SECRETS_PARAMETER, config.AWS_REGION)
    : undefined;
  return createDeps(config, secrets);
});

/**
 * `awsDeps` with the calendar brought up to date first (`withFreshCalendar`, whose code — luxon, the holiday data —
 * loads here with the first call, not at import): for the functions that date things on every call.
 */
export async function freshAwsDeps(): Promise<Deps> {
  const [{ refreshCalendar }, deps] = await Promise.all([import('#shared/calendar/refresh.ts'), awsDeps()]);
  await refreshCalendar(deps);
  return deps;
}
