import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { shanghaiTime, Timeline } from '#functions/http/ui/parts.tsx';
import type { AuditEvent } from '#shared/domain/audit.ts';
import { translator } from '#shared/i18n/i18n.ts';

/** Issue 17's last bullet: every timeline printed UTC as if it were local time (09:30 in Shanghai showed "01:30"). */
describe('times on pages are Asia/Shanghai', () => {
  it('an instant reads as Shanghai’s date and time, across midnight too', () => {
    expect(shanghaiTime('2026-12-01T01:30:00.000Z')).toBe('2026-12-01 09:30');
    expect(shanghaiTime('2026-12-01T17:05:00.000Z')).toBe('2026-12-02 01:05');
  });

  it('a timeline (task, need, enterprise, the portal) shows its events in Shanghai time', () => {
    const event: AuditEvent = {
      id: '01KE5Y3ZTHCY0WNBY83P9GHGQD',
      at: '2026-12-01T01:30:00.000Z',
      actor: { kind: 'staff', id: 'S1' },
      channel: 'web',
      action: 'task.completed',
      subject: { kind: 'task', id: 'T1' },
    } as AuditEvent;
    const html = renderToString(h(Timeline, { t: translator('zh-CN'), events: [event] }));
    // The machine-readable attribute keeps the instant; what a person reads is Shanghai's.
    expect(html).toContain('<time datetime="2026-12-01T01:30:00.000Z">2026-12-01 09:30</time>');
  });
});
