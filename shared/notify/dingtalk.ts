import type { Mail } from '../mail/mailer.ts';
import type { Recipient } from './channel.ts';
import type { ChannelAdapter } from './notifier.ts';
import { dingtalkContent } from './render.ts';
import { gettokenTokens, postWithToken } from './token.ts';

export interface DingtalkOptions {
  /** https://oapi.dingtalk.com (or a stand-in). */
  endpoint: string;
  /** The internal application's AgentId, AppKey and AppSecret. */
  agentId: number;
  appKey: string;
  appSecret: string;
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * DingTalk (钉钉) work notifications: `GET /gettoken?appkey&appsecret` for the access token (cached until
 * `expires_in`), then `POST /topapi/message/corpconversation/asyncsend_v2?access_token=` with an action card whose
 * button opens the signed link. The send is asynchronous on DingTalk's side: a `task_id` is the receipt.
 */
export function dingtalkAdapter(o: DingtalkOptions): ChannelAdapter {
  const fetcher = o.fetch ?? fetch;
  const base = o.endpoint.replace(/\/+$/, '');
  const q = new URLSearchParams({ appkey: o.appKey, appsecret: o.appSecret });
  const tokens = gettokenTokens('dingtalk', fetcher, `${base}/gettoken?${q}`, o.now);
  return {
    channel: 'dingtalk',
    async send(mail: Mail, to: Recipient[]) {
      const payload = JSON.stringify({
        agent_id: o.agentId,
        userid_list: to.map((r) => r.dingtalkUserId ?? '').join(','),
        msg: dingtalkContent(mail),
      });
      const body = await postWithToken(
        'dingtalk',
        fetcher,
        tokens,
        (token) => `${base}/topapi/message/corpconversation/asyncsend_v2?access_token=${token}`,
        payload,
      );
      return { id: String(body.task_id ?? '') };
    },
  };
}
