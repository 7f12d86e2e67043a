import type { Mail } from '../mail/mailer.ts';
import type { Recipient } from './channel.ts';
import type { ChannelAdapter } from './notifier.ts';
import { dingtalkContent } from './render.ts';
import { accessTokens, ProviderError, providerJson } from './token.ts';

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

/** Errcodes DingTalk answers for a token it no longer takes: 40014 invalid, 42001 expired. */
const TOKEN_ERRCODES = new Set([40014, 42001]);

/**
 * DingTalk (钉钉) work notifications: `GET /gettoken?appkey&appsecret` for the access token (cached until
 * `expires_in`), then `POST /topapi/message/corpconversation/asyncsend_v2?access_token=` with an action card whose
 * button opens the signed link. The send is asynchronous on DingTalk's side: a `task_id` is the receipt.
 */
export function dingtalkAdapter(o: DingtalkOptions): ChannelAdapter {
  const fetcher = o.fetch ?? fetch;
  const base = o.endpoint.replace(/\/+$/, '');
  const tokens = accessTokens(async () => {
    const q = new URLSearchParams({ appkey: o.appKey, appsecret: o.appSecret });
    const body = await providerJson('dingtalk', fetcher, `${base}/gettoken?${q}`);
    if (body.errcode !== 0 || typeof body.access_token !== 'string')
      throw new ProviderError('dingtalk', String(body.errcode), String(body.errmsg ?? 'gettoken'));
    return { token: body.access_token, expiresInSeconds: Number(body.expires_in) || 7200 };
  }, o.now);
  return {
    channel: 'dingtalk',
    async send(mail: Mail, to: Recipient[]) {
      const payload = JSON.stringify({
        agent_id: o.agentId,
        userid_list: to.map((r) => r.dingtalkUserId ?? '').join(','),
        msg: dingtalkContent(mail),
      });
      for (let attempt = 0; ; attempt++) {
        const token = await tokens.get();
        const body = await providerJson(
          'dingtalk',
          fetcher,
          `${base}/topapi/message/corpconversation/asyncsend_v2?access_token=${encodeURIComponent(token)}`,
          { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload },
        );
        if (TOKEN_ERRCODES.has(Number(body.errcode)) && attempt === 0) {
          tokens.invalidate(token);
          continue;
        }
        if (body.errcode !== 0)
          throw new ProviderError('dingtalk', String(body.errcode), String(body.errmsg ?? ''));
        return { id: String(body.task_id ?? '') };
      }
    },
  };
}
