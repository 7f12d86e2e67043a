import type { Mail } from '../mail/mailer.ts';
import type { Recipient } from './channel.ts';
import type { ChannelAdapter } from './notifier.ts';
import { wecomContent } from './render.ts';
import { gettokenTokens, postWithToken } from './token.ts';

export interface WecomOptions {
  /** https://qyapi.weixin.qq.com (or a stand-in). */
  endpoint: string;
  corpId: string;
  /** The self-built application's AgentId and Secret (应用 → AgentId / Secret). */
  agentId: number;
  secret: string;
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * WeCom (企业微信) application messages: `GET /cgi-bin/gettoken?corpid&corpsecret` for the access token (cached
 * until `expires_in`), then `POST /cgi-bin/message/send?access_token=` with a textcard carrying the signed link.
 * People WeCom does not know (`invaliduser`) or who have no licence for the application's interface
 * (`unlicenseduser`) are reported as failed (they get the email).
 */
export function wecomAdapter(o: WecomOptions): ChannelAdapter {
  const fetcher = o.fetch ?? fetch;
  const base = o.endpoint.replace(/\/+$/, '');
  const q = new URLSearchParams({ corpid: o.corpId, corpsecret: o.secret });
  const tokens = gettokenTokens('wecom', fetcher, `${base}/cgi-bin/gettoken?${q}`, o.now);
  return {
    channel: 'wecom',
    async send(mail: Mail, to: Recipient[]) {
      const byId = new Map(to.map((r) => [r.wecomUserId ?? '', r]));
      const payload = JSON.stringify({
        touser: [...byId.keys()].join('|'),
        agentid: o.agentId,
        ...wecomContent(mail),
        safe: 0,
      });
      const body = await postWithToken(
        'wecom',
        fetcher,
        tokens,
        (token) => `${base}/cgi-bin/message/send?access_token=${token}`,
        payload,
      );
      // Unknown users (invaliduser) and users without a licence (unlicenseduser) received nothing. invalidparty and
      // invalidtag name parties and tags, which this never sends to.
      const refused = new Set(
        [body.invaliduser, body.unlicenseduser]
          .flatMap((list) => String(list ?? '').split('|'))
          .filter(Boolean),
      );
      const failed = [...refused].map((id) => byId.get(id)).filter((r): r is Recipient => !!r);
      return { id: String(body.msgid ?? ''), ...(failed.length ? { failed } : {}) };
    },
  };
}
