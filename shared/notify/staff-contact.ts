import type { Deps } from '../deps.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import { ContactChoice, type Staff, type StaffContact } from '../domain/organisation.ts';
import { translator } from '../i18n/i18n.ts';
import { sendOrQueue } from '../mail/office-hours.ts';
import { composeMail } from '../mail/shell.tsx';
import type { By } from '../organisation/create.ts';
import { saveStaffSetting } from '../organisation/staff-setting.ts';
import { getStaff } from '../store/organisation.ts';
import { offeredChannels } from './setup.ts';

const FIELDS = ['phone', 'channel', 'wecomUserId', 'dingtalkUserId'] as const;

/**
 * Set how a person is reached: their phone, channel and provider user ids, replaced as a whole (a field left out
 * is removed). A channel must be offered (configured) and have its field; otherwise a field error, nothing stored.
 * A versioned write with its audit event (which channel, never the numbers or ids).
 */
export async function setStaffContact(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'mailer'>,
  staffId: string,
  input: unknown,
  by: By,
): Promise<Staff> {
  const contact: StaffContact = parseInput(ContactChoice, input);
  const channel = contact.channel ?? 'email';
  if (!offeredChannels(deps.config).includes(channel)) throw InputError.field('channel', 'channel.invalid');
  const person = await getStaff(deps.db, staffId);
  if (!person) throw InputError.field('staffId', 'staff.unknown');
  const set: Partial<Staff> = { ...contact, channel };
  const remove = FIELDS.filter((f) => set[f] === undefined);
  for (const f of remove) delete set[f];
  const saved = await saveStaffSetting(
    deps,
    person,
    { set, remove },
    { action: 'staff.contactChanged', details: { channel } },
    by,
  );
  // Their signed links now go there: the person is told by email (as sign-in links go), so a change they did not
  // make — someone redirecting their links — does not go unnoticed.
  const t = translator(person.locale ?? 'zh-CN');
  await sendOrQueue(
    deps,
    composeMail({
      to: [person.email],
      subject: t('mail.contactChanged.subject'),
      body: t('mail.contactChanged.body', { name: person.name, channel: t(`channel.${channel}`) }),
      footer: t('mail.footer'),
    }),
  );
  return saved;
}

/** Whether a new person's channel is offered here (the add-person form). */
export function assertOffered(deps: Pick<Deps, 'config'>, input: { channel?: unknown }): void {
  const channel = input.channel;
  if (typeof channel === 'string' && channel && !offeredChannels(deps.config).includes(channel as never))
    throw InputError.field('channel', 'channel.invalid');
}
