import { h } from 'preact';
import { MessagePage } from '#functions/http/ui/message.tsx';
import { departmentName } from '#functions/http/ui/parts.tsx';
import type { Purpose, Verified } from '#shared/links/signed-link.ts';
import { getStaff, listDepartments } from '#shared/store/organisation.ts';
import { html } from './respond.ts';
import type { AppContext } from './types.ts';

export type Refusal = Extract<Verified, { ok: false }>['reason'];

/**
 * What an emailed link names, if it is genuine, unexpired and for this purpose: its subject parsed (`parse` gives
 * undefined for a subject of the wrong shape: 'malformed'), or why it is refused (for `refusedLink`).
 */
export function linkSubject<T>(
  context: AppContext,
  token: string | undefined,
  purpose: Purpose,
  parse: (subject: string) => T | undefined,
): T | { refused: Refusal } {
  const verified = context.deps.links.verify(token, purpose, context.deps.clock.now());
  if (!verified.ok) return { refused: verified.reason };
  return parse(verified.subject) ?? { refused: 'malformed' };
}

/** The clear page for a link that cannot be used: forged, expired, for another purpose, or used up. */
export function refusedLink(context: AppContext, reason: Refusal | 'used') {
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

/**
 * The page for a link whose task or need has moved to someone else (reassigned, handed over, re-routed): it names
 * who holds it now, and acts on nothing (410: this link is gone for good).
 */
export async function movedLink(context: AppContext, holderId: string | undefined) {
  const t = context.t;
  const [holder, departments] = await Promise.all([
    holderId ? getStaff(context.deps.db, holderId) : undefined,
    listDepartments(context.deps.db),
  ]);
  const department = departments.find((d) => d.id === holder?.departmentId);
  const name = holder
    ? `${holder.name}${department ? `（${departmentName(context.view, department)}）` : ''}`
    : undefined;
  return html(
    h(MessagePage, {
      ctx: context.view,
      title: t('link.moved.title'),
      message: name ? t('link.moved.body', { holder: name }) : t('link.moved.nobody'),
      error: true,
    }),
    410,
  );
}
