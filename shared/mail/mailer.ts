/** One email: rendered in the recipient's language, with the links it carries listed for the local outbox. */
export interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  links: string[];
}

/** The one way mail leaves the system. Adapters: SES v2 (AWS), SMTP (regions without SES), local outbox. */
export interface Mailer {
  send(mail: Mail): Promise<{ id: string }>;
}
