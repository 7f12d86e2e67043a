/**
 * How people are reached (the rules live with the people, in the domain: `shared/domain/organisation.ts`); the
 * Notifier and the call sites import them from here.
 */
export {
  type Address,
  addressOn,
  asRecipient,
  CHANNEL_FIELD,
  CHANNELS,
  type Channel,
  ChannelChoice,
  CONTACT_CHANNELS,
  ContactChannelChoice,
  channelOf,
  emailOf,
  Mobile,
  ProviderUserId,
  type Recipient,
  recipientOf,
  requireChannelField,
} from '../domain/organisation.ts';
