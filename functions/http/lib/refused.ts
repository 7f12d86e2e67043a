import { h } from 'preact';
import { MessagePage } from '#functions/http/ui/message.tsx';
import { html } from './respond.ts';
import type { AppContext } from './types.ts';

/** The clear page for a link that cannot be used: forged, expired, for another purpose, or used up. */
export function refusedLink(
  context: AppContext,
  reason: 'malformed' | 'signature' | 'expired' | 'purpose' | 'used',
) {
  const t = context.t;
  return html(
    h(MessagePage, {
      ctx: context.view,
      title: t('link.refused.title'),
      message: t(`link.refused.${reason}`),
      error: true,
    }),
    reason === 'expired' || reason === 'used' ? 410 : 403,
  );
}
