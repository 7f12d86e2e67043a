import { z } from 'zod';
import { Email, Id, msg, normalisePhone, Phone, StoredIsoDate, Text, Wan } from './primitives.ts';

/** How a person is reached: email (always possible, and the fallback), or the zone's WeCom, DingTalk or SMS. */
export const CHANNELS = ['email', 'wecom', 'dingtalk', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];
export const ChannelChoice = z.enum(CHANNELS, { error: msg('channel.invalid') });

/** Enterprise contacts are outside the zone's WeCom and DingTalk organisations: email or SMS only. */
export const CONTACT_CHANNELS = ['email', 'sms'] as const;
export const ContactChannelChoice = z.enum(CONTACT_CHANNELS, { error: msg('channel.invalid') });

/** A mainland mobile number (SMS goes only to those), stored as its 11 digits. */
export const Mobile = z
  .string()
  .transform((s) => normalisePhone(s).replace(/^(\+?86)/, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, { error: msg('phone.mobile') }));

/** A WeCom or DingTalk user id (the id in the zone's organisation directory, not a display name). */
export const ProviderUserId = z
  .string()
  .trim()
  .min(1, { error: msg('field.required') })
  .max(64, { error: msg('field.invalid') })
  .regex(/^[\w.@-]+$/, { error: msg('field.invalid') });

/** Someone a message goes to: their email (the fallback, and the credential for sign-in) and how they prefer it. */
export interface Recipient {
  email: string;
  channel?: Channel;
  phone?: string;
  wecomUserId?: string;
  dingtalkUserId?: string;
}

/** A message's addressee: an email address alone (goes by email, as before) or a person with their channel. */
export type Address = string | Recipient;

/** The field a channel needs, if any. */
export const CHANNEL_FIELD = {
  email: 'email',
  wecom: 'wecomUserId',
  dingtalk: 'dingtalkUserId',
  sms: 'phone',
} as const;

/**
 * A person as a message addresses them: their email address alone when they go by email (so a message to them is
 * exactly what it was before channels), else only what their channel needs, so a queued message holds no more
 * personal data than it uses.
 */
export function recipientOf(person: Recipient): Address {
  const channel = person.channel ?? 'email';
  if (channel === 'email') return person.email;
  const field = CHANNEL_FIELD[channel];
  const value = person[field];
  if (!value) return person.email;
  return {
    email: person.email,
    channel,
    [field]: channel === 'sms' ? (mobileOrUndefined(value) ?? value) : value,
  };
}

const mobileOrUndefined = (phone: string) => {
  const parsed = Mobile.safeParse(phone);
  return parsed.success ? parsed.data : undefined;
};

export const asRecipient = (address: Address): Recipient =>
  typeof address === 'string' ? { email: address } : address;

export const emailOf = (address: Address) => (typeof address === 'string' ? address : address.email);

/**
 * The channel a message really goes by: the person's choice when it is offered and they have what it needs (a
 * phone for SMS, a user id for WeCom and DingTalk); email otherwise.
 */
export function channelOf(address: Address, offered: ReadonlySet<Channel>): Channel {
  const r = asRecipient(address);
  const channel = r.channel ?? 'email';
  if (channel === 'email' || !offered.has(channel)) return 'email';
  if (channel === 'sms') return r.phone && mobileOrUndefined(r.phone) ? 'sms' : 'email';
  return r[CHANNEL_FIELD[channel]] ? channel : 'email';
}

/** The address a channel uses for a person (their email, WeCom or DingTalk user id, or mobile number). */
export function addressOn(channel: Channel, r: Recipient): string {
  if (channel === 'sms') return mobileOrUndefined(r.phone ?? '') ?? '';
  return (channel === 'email' ? r.email : r[CHANNEL_FIELD[channel]]) ?? '';
}

/**
 * The rule every form and API holds a person's contact fields to: a channel that needs a field the person lacks
 * (SMS without a mobile number, WeCom without a WeCom user id) is an error on that field.
 */
export function requireChannelField(
  v: { channel?: Channel; phone?: string; wecomUserId?: string; dingtalkUserId?: string },
  ctx: z.RefinementCtx,
): void {
  const channel = v.channel ?? 'email';
  if (channel === 'email') return;
  const field = CHANNEL_FIELD[channel];
  if (!v[field]) {
    ctx.addIssue({ code: 'custom', path: [field], message: `channel.needs.${channel}` });
    return;
  }
  if (channel === 'sms' && !mobileOrUndefined(v.phone ?? '')) {
    ctx.addIssue({ code: 'custom', path: ['phone'], message: 'phone.mobile' });
  }
}

export const ROLES = ['officer', 'departmentHead', 'manager'] as const;
export const Role = z.enum(ROLES, { error: msg('role.invalid') });
export type Role = z.infer<typeof Role>;

/**
 * A department's targets for a year, one per indicator (`domain/indicators.ts`: the keys and units are checked
 * there when a target is set). Targets stored before there were more than two indicators
 * (`contractedInvestment`, `fundsInPlace`) read as the `contracted` and `fundsArrived` targets.
 */
export const AnnualTarget = z.preprocess(
  (v) => {
    if (!v || typeof v !== 'object' || 'values' in v) return v;
    const { contractedInvestment, fundsInPlace, ...rest } = v as Record<string, unknown>;
    return { ...rest, values: { contracted: contractedInvestment, fundsArrived: fundsInPlace } };
  },
  z.object({
    year: z.number().int().min(2000).max(2100),
    values: z.record(z.string(), Wan),
  }),
);
export type AnnualTarget = z.infer<typeof AnnualTarget>;

export const Department = z.object({
  id: Id,
  name: Text(60),
  nameEn: Text(80).optional(),
  targets: z.array(AnnualTarget).default([]),
  version: z.number().int().min(1),
});
export type Department = z.infer<typeof Department>;

/** An officer away (leave, training): their new items and reminders go to the substitute from `from` to `to`. */
export const Away = z.object({ from: StoredIsoDate, to: StoredIsoDate, substituteId: Id });
export type Away = z.infer<typeof Away>;

/** One email per working day at `at` (Asia/Shanghai) instead of one per reminder. */
export const DigestChoice = z.object({
  daily: z.boolean(),
  at: z.string().regex(/^(0[89]|1[0-7]):[0-5]\d$/, { error: msg('digest.time') }),
});
export type DigestChoice = z.infer<typeof DigestChoice>;

export const Staff = z.object({
  id: Id,
  name: Text(40),
  email: Email,
  role: Role,
  departmentId: Id,
  active: z.boolean().default(true),
  away: Away.optional(),
  digest: DigestChoice.optional(),
  /** The language of the emails they get (pages follow the language chosen in the browser). */
  locale: z.enum(['zh-CN', 'en']).optional(),
  /** A phone number; SMS needs a mainland mobile one. */
  phone: Phone.optional(),
  /** How their work notifications reach them (email when not set). Sign-in links always go by email. */
  channel: ChannelChoice.optional(),
  /** Their user ids in the zone's WeCom and DingTalk organisations, for those channels. */
  wecomUserId: ProviderUserId.optional(),
  dingtalkUserId: ProviderUserId.optional(),
  version: z.number().int().min(1),
});
export type Staff = z.infer<typeof Staff>;

/** A person's contact fields as a form or the API sets them: a channel needs its field (SMS a mobile number). */
export const StaffContact = Staff.pick({
  phone: true,
  channel: true,
  wecomUserId: true,
  dingtalkUserId: true,
});
export const ContactChoice = StaffContact.superRefine(requireChannelField);
export type StaffContact = z.infer<typeof StaffContact>;

export const NewStaff = Staff.omit({
  id: true,
  version: true,
  active: true,
  away: true,
  digest: true,
  locale: true,
}).superRefine(requireChannelField);
export type NewStaff = z.infer<typeof NewStaff>;

/** Whether a person is away (leave, training) on a day. */
export const isAway = (person: Pick<Staff, 'away'>, today: string) =>
  !!person.away && person.away.from <= today && today <= person.away.to;

/** The zone's active managers. */
export const managersOf = (staff: Staff[]) => staff.filter((s) => s.active && s.role === 'manager');

/** A department's active heads. */
export const headsOf = (staff: Staff[], departmentId: string | undefined) =>
  staff.filter((s) => s.active && s.role === 'departmentHead' && s.departmentId === departmentId);

/** A department's name in a reader's language: its English name, where it has one, for English readers. */
export const departmentNameIn = (locale: string | undefined, d: { name: string; nameEn?: string }) =>
  locale === 'en' && d.nameEn ? d.nameEn : d.name;
