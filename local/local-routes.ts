import { h } from 'preact';
import { z } from 'zod';
import { jsonBody } from '#functions/http/lib/body.ts';
import { HttpError } from '#functions/http/lib/errors.ts';
import { html, json } from '#functions/http/lib/respond.ts';
import { route } from '#functions/http/lib/route.ts';
import { OutboxPage } from '#local/outbox-page.tsx';
import { offRequestPathSettled } from '#shared/auth/signin-delivery.ts';
import type { LocalClock } from '#shared/clock/clock.ts';
import { parseInput } from '#shared/domain/input-error.ts';
import { listOutbox } from '#shared/store/outbox.ts';

const Advance = z.object({ advance: z.string().regex(/^P/, { error: 'field.invalid' }).max(40) });

/** Routes that exist only in local mode: the outbox and the clock. They are never bundled for AWS. */
export function localRoutes(
  clock: LocalClock,
  persistOffset: (offsetMs: number) => Promise<void>,
  sweepNow: () => Promise<void>,
) {
  return [
    route({
      method: 'POST',
      path: '/_local/sweep',
      access: 'public',
      csrf: 'json-only',
      handler: async () => {
        await sweepNow();
        return json({ swept: true });
      },
    }),
    route({
      method: 'GET',
      path: '/_local/outbox',
      access: 'public',
      handler: async (event, context) => {
        // Every mail of a request already answered, sign-in mail included (sent just after its response).
        await offRequestPathSettled();
        const messages = await listOutbox(context.deps.db);
        if ((event.headers?.accept ?? '').includes('application/json')) return json(messages);
        return html(h(OutboxPage, { ctx: context.view, messages }));
      },
    }),
    route({
      method: 'GET',
      path: '/_local/clock',
      access: 'public',
      handler: async () => json({ now: clock.now().toISOString(), offsetMs: clock.offset }),
    }),
    route({
      method: 'POST',
      path: '/_local/clock',
      access: 'public',
      csrf: 'json-only',
      handler: async (event) => {
        const { advance } = parseInput(Advance, jsonBody(event));
        try {
          clock.advance(advance);
        } catch {
          throw new HttpError(400, 'field.invalid');
        }
        await persistOffset(clock.offset);
        return json({ now: clock.now().toISOString(), offsetMs: clock.offset });
      },
    }),
  ];
}
