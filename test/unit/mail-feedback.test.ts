import { describe, expect, it } from 'vitest';
import { undeliverableFrom } from '#shared/mail/feedback.ts';

const now = new Date('2026-12-02T02:00:00Z');

describe('SES feedback', () => {
  it('marks permanently bounced recipients undeliverable, with SES’s diagnostic', () => {
    const event = {
      eventType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [
          { emailAddress: 'Gone@Example.cn', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
        ],
        timestamp: '2026-12-02T01:59:00.000Z',
      },
      mail: { timestamp: '2026-12-02T01:58:00.000Z', messageId: 'm-1' },
    };
    expect(undeliverableFrom(event, now)).toEqual([
      {
        email: 'gone@example.cn',
        reason: 'bounce',
        at: '2026-12-02T01:59:00.000Z',
        detail: 'smtp; 550 5.1.1 user unknown',
      },
    ]);
  });

  it('marks complainants, from event publishing and from identity notifications alike', () => {
    const complaint = { complaint: { complainedRecipients: [{ emailAddress: 'a@b.cn' }] }, mail: {} };
    expect(undeliverableFrom({ eventType: 'Complaint', ...complaint }, now)).toEqual([
      { email: 'a@b.cn', reason: 'complaint', at: now.toISOString() },
    ]);
    expect(undeliverableFrom({ notificationType: 'Complaint', ...complaint }, now)).toHaveLength(1);
  });

  it('ignores transient bounces, deliveries and anything that is not an SES event', () => {
    const transient = {
      eventType: 'Bounce',
      bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'full@b.cn' }] },
    };
    expect(undeliverableFrom(transient, now)).toEqual([]);
    expect(undeliverableFrom({ eventType: 'Delivery', mail: {} }, now)).toEqual([]);
    expect(undeliverableFrom('not an event', now)).toEqual([]);
    expect(undeliverableFrom({ eventType: 'Bounce' }, now)).toEqual([]);
  });
});
