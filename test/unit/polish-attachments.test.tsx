import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { NeedPage } from '#functions/http/pages/need.view.tsx';
import { PortalPage } from '#functions/http/pages/portal.view.tsx';
import type { ViewContext } from '#functions/http/ui/context.ts';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import type { Department } from '#shared/domain/organisation.ts';
import type { Need } from '#shared/domain/work-item.ts';
import { translator } from '#shared/i18n/i18n.ts';

/** Issue 17 item 7: the need page's list of attachments has a label of its own, not the upload field's hint. */
const ctxIn = (locale: 'zh-CN' | 'en'): ViewContext => ({
  t: translator(locale),
  locale,
  path: '/need',
  csrf: 'csrf-token',
  local: true,
  can: () => false,
});

const need = {
  id: '01KE5Y3ZTHCY0WNBY83P9GHGQN',
  ref: 'XQ-20261202-GHQN',
  enterpriseId: '01KE5Y3ZTHCY0WNBY83P9GHGQE',
  enterpriseName: '卓越复合材料有限公司',
  industryChain: '新材料',
  stage: 'operating',
  category: 'utilities',
  title: '用电增容',
  description: '需要增容。',
  urgency: 'normal',
  nature: 'help',
  contactName: '王经理',
  contactPhone: '13900000001',
  status: 'routed',
  ownerDepartmentId: 'D1',
  ownerId: 'S1',
  dueAt: '2026-12-03T09:30:00.000Z',
  resolveBy: '2026-12-07',
  redoCount: 0,
  attachments: [{ id: 'A1', name: '增容申请.pdf', size: 2048, type: 'application/pdf' }],
  notified: [],
  createdAt: '2026-12-02T01:00:00.000Z',
  version: 1,
} as unknown as Need;

const needPage = (locale: 'zh-CN' | 'en') =>
  renderToString(
    h(NeedPage, {
      ctx: ctxIn(locale),
      need,
      token: 'tok',
      may: { own: true, reroute: false, decide: false, decideExtension: false },
      departments: [{ id: 'D1', name: '规划建设局', version: 1 }] as unknown as Department[],
      history: [],
    }),
  );

describe('the attachment list', () => {
  it('is labelled 附件 on the need page, without the upload rules', () => {
    const html = needPage('zh-CN');
    expect(html).toMatch(/<dt>附件<\/dt><dd><ul><li><a href="\/attachments\?[^"]*">增容申请\.pdf<\/a>/);
    expect(html).not.toContain('最多 3 个');
    expect(needPage('en')).toMatch(/<dt>Attachments<\/dt><dd><ul>/);
  });

  it('leaves the rules on the portal’s upload field', () => {
    const html = renderToString(
      h(PortalPage, {
        ctx: { ...ctxIn('zh-CN'), path: '/portal' },
        enterprise: { id: 'E1', name: '卓越复合材料有限公司', contacts: [] } as unknown as Enterprise,
        token: 'tok',
        needs: [],
        history: new Map(),
        names: new Map(),
        rateLinks: new Map(),
        departments: new Map(),
      }),
    );
    expect(html).toContain(
      '<label for="f-attachments">附件（PDF/图片，最多 3 个，每个不超过 2 MB，合计不超过 4 MB）</label>',
    );
  });
});
