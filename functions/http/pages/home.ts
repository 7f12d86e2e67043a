import { h } from 'preact';
import type { DemoAccount } from '#functions/http/pages/home.view.tsx';
import { HomePage } from '#functions/http/pages/home.view.tsx';
import { APP_CSS } from '#functions/http/ui/styles.ts';
import { listStaff } from '#shared/store/organisation.ts';
import { html } from '../lib/respond.ts';
import { route } from '../lib/route.ts';

export const home = route({
  method: 'GET',
  path: '/',
  access: 'public',
  handler: async (_event, context) => {
    let demoAccounts: DemoAccount[] = [];
    if (context.view.local) {
      const staff = await listStaff(context.deps.db);
      demoAccounts = (['manager', 'departmentHead', 'officer'] as const).flatMap((role) => {
        const s = staff.find((x) => x.role === role);
        return s ? [{ role, name: s.name, email: s.email }] : [];
      });
    }
    return html(h(HomePage, { ctx: context.view, demoAccounts }));
  },
});

export const stylesheet = route({
  method: 'GET',
  path: '/assets/app.css',
  access: 'public',
  handler: async () => ({
    statusCode: 200,
    headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' },
    body: APP_CSS,
  }),
});
