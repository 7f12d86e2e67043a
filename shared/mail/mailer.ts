import type { Need, Task } from '../domain/work-item.ts';
import type { Address } from '../notify/channel.ts';

/**
 * What a mail to staff is about, as it stood when the mail was made: a need in its status, with its owner then (a
 * first-contact chase says so), or a task with its officer then (open, as tasks are mailed). A mail held for office
 * hours whose subject moved on meanwhile is dropped, not sent (`shared/mail/stale.ts`); a mail about nothing
 * (sign-in links, digests) always goes.
 */
export type MailAbout =
  | {
      kind: 'need';
      enterpriseId: string;
      id: string;
      status: Need['status'];
      ownerId?: string;
      /** A chase of the urgent need's first contact (先行联系): moot once the contact is recorded. */
      firstContact?: true;
      /**
       * A routine reminder, and how far along (`reminderStage`): moot once a reminder as far along or further about
       * the same need to the same people is held after it.
       */
      reminder?: number;
    }
  | {
      kind: 'task';
      enterpriseId: string;
      id: string;
      officerId: Task['officerId'];
      /** A routine reminder, and how far along (`reminderStage`): as for a need's. */
      reminder?: number;
    }
  /** A part of a need asked of an assisting department (协办), as its owner held it: moot once answered or moved. */
  | {
      kind: 'part';
      enterpriseId: string;
      needId: string;
      id: string;
      ownerId: string;
      /** A routine reminder to the part's owner, and how far along (`reminderStage`): as for a need's. */
      reminder?: number;
    };

/**
 * One message: rendered in the recipient's language, with the links it carries listed for the local outbox. Each
 * addressee is an email address (goes by email, as always) or a person with their channel (`recipientOf(staff)`),
 * whom the Notifier (`shared/notify/notifier.ts`) reaches by WeCom, DingTalk or SMS, falling back to email.
 */
export interface Mail {
  to: Address[];
  subject: string;
  text: string;
  html: string;
  links: string[];
  /** The need or task it is about, when it is about one (set by the mail builders). */
  about?: MailAbout;
  /**
   * The due date the message is about, in Asia/Shanghai (`YYYY-MM-DD`, or `YYYY-MM-DD HH:mm` for a clock in working
   * hours), when it has one: an SMS, which carries no body, shows it beside the title.
   */
  due?: string;
}

/**
 * The one way messages leave the system (`deps.mailer` is the Notifier, which routes each addressee by channel).
 * Email adapters: SES v2 (AWS), SMTP (regions without SES), local outbox; they are given email addresses only.
 */
export interface Mailer {
  send(mail: Mail): Promise<{ id: string }>;
}
