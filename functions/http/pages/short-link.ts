import { h } from 'preact';
import { MessagePage } from '#functions/http/ui/message.tsx';
import { RateLimit } from '#shared/auth/rate-limit.ts';
import { ShortCode } from '#shared/domain/short-link.ts';
import { lookUpShortLink } from '#shared/store/short-links.ts';
import { clientKey } from '../lib/client.ts';
import { enforceLimits } from '../lib/need-limits.ts';
import { html } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import type { AppContext } from '../lib/types.ts';

/**
 * Short links per client: far more than a person opens (each SMS carries one), far too few to walk through codes
 * (56^8 of them at least).
 */
export const SHORT_LINKS_PER_CLIENT = new RateLimit('short-link-client', 60, 15 * 60_000);

function gone(context: AppContext, reason: 'expired' | 'unknown') {
  return html(
    h(MessagePage, {
      ctx: context.view,
      title: context.t('shortLink.title'),
      message: context.t(`shortLink.${reason}`),
      error: true,
    }),
    reason === 'expired' ? 410 : 404,
  );
}

/**
 * `GET /s/{code}`: the short link an SMS carries. 302 to the same-origin path it stands for (the signed link, still
 * checked there) while it lives; otherwise a page saying it expired (410) or is unknown (404), in the reader's
 * language. Rate-limited per client, so codes cannot be guessed by trying them.
 */
export const shortLinkRedirect = route({
  method: 'GET',
  path: '/s/{code}',
  access: 'public',
  handler: async (event, context) => {
    await enforceLimits(context, [{ limit: SHORT_LINKS_PER_CLIENT, key: clientKey(event) }]);
    const code = ShortCode.safeParse(event.pathParameters?.code);
    if (!code.success) return gone(context, 'unknown');
    const link = await lookUpShortLink(context.deps.db, code.data, context.deps.clock.now());
    if (link.found === 'none') return gone(context, 'unknown');
    if (link.found === 'expired') return gone(context, 'expired');
    // A path on this origin only (the store reads it back checked): never an open redirect.
    return { statusCode: 302, headers: { location: link.target, 'cache-control': 'no-store' }, body: '' };
  },
});
