import { setTimeout as sleep } from 'node:timers/promises';
import { logger } from '../log/logger.ts';
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
  /**
   * The waits before each read of the send result (its length is how many reads at most). The send is processed
   * within a second or two; three reads keep a notifying function's run short whatever DingTalk does.
   */
  resultDelaysMs?: number[];
  fetch?: typeof fetch;
  now?: () => number;
}

const RESULT_DELAYS_MS = [500, 1000, 2000];

/** The lists of `send_result` that name users who received nothing: unknown, rate-limited (流控), failed. */
const NOT_RECEIVED = ['invalid_user_id_list', 'forbidden_user_id_list', 'failed_user_id_list'] as const;
/** Those that name users it reached: once every addressee is in one of these lists or above, the task is done. */
const RECEIVED = ['read_user_id_list', 'unread_user_id_list'] as const;

/** A send_result list: an array of user ids (or, from some versions, one comma-separated string). */
const idsOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map(String)
    : typeof value === 'string'
      ? value.split(',').filter(Boolean)
      : [];

/**
 * DingTalk (钉钉) work notifications: `GET /gettoken?appkey&appsecret` for the access token (cached until
 * `expires_in`), then `POST /topapi/message/corpconversation/asyncsend_v2?access_token=` with an action card whose
 * button opens the signed link. DingTalk answers errcode 0 with a `task_id` even for user ids it does not know, so
 * the adapter then reads `topapi/message/corpconversation/getsendresult` (a few times at most) and reports the users
 * it names as invalid, rate-limited or failed as `failed`: they get the email.
 */
export function dingtalkAdapter(o: DingtalkOptions): ChannelAdapter {
  const fetcher = o.fetch ?? fetch;
  const base = o.endpoint.replace(/\/+$/, '');
  const q = new URLSearchParams({ appkey: o.appKey, appsecret: o.appSecret });
  const tokens = gettokenTokens('dingtalk', fetcher, `${base}/gettoken?${q}`, o.now);
  const post = (path: string, payload: unknown) =>
    postWithToken(
      'dingtalk',
      fetcher,
      tokens,
      (token) => `${base}${path}?access_token=${token}`,
      JSON.stringify(payload),
    );
  return {
    channel: 'dingtalk',
    async send(mail: Mail, to: Recipient[]) {
      const byId = new Map(to.map((r) => [r.dingtalkUserId ?? '', r]));
      const body = await post('/topapi/message/corpconversation/asyncsend_v2', {
        agent_id: o.agentId,
        userid_list: [...byId.keys()].join(','),
        msg: dingtalkContent(mail),
      });
      const taskId = body.task_id;
      const notReceived =
        typeof taskId === 'number'
          ? await readSendResult(post, o.agentId, taskId, [...byId.keys()], o.resultDelaysMs)
          : [];
      const failed = notReceived.map((id) => byId.get(id)).filter((r): r is Recipient => !!r);
      return { id: String(taskId ?? ''), ...(failed.length ? { failed } : {}) };
    },
  };
}

/**
 * The users a sent task did not reach, read from its send result until every addressee is accounted for or the
 * reads run out. The message was accepted: a read that fails is logged and ends the reading (reporting the users
 * named so far), rather than sending everyone the email too.
 */
async function readSendResult(
  post: (path: string, payload: unknown) => ReturnType<typeof postWithToken>,
  agentId: number,
  taskId: number,
  userIds: string[],
  delays = RESULT_DELAYS_MS,
): Promise<string[]> {
  const notReceived = new Set<string>();
  for (const delay of delays) {
    if (delay > 0) await sleep(delay);
    let result: Record<string, unknown>;
    try {
      const body = await post('/topapi/message/corpconversation/getsendresult', {
        agent_id: agentId,
        task_id: taskId,
      });
      result = (body.send_result ?? {}) as Record<string, unknown>;
    } catch (error) {
      logger.warn('dingtalk send result not read', { error: (error as Error).message.slice(0, 200) });
      break;
    }
    for (const list of NOT_RECEIVED) for (const id of idsOf(result[list])) notReceived.add(id);
    const accounted = new Set([...notReceived, ...RECEIVED.flatMap((list) => idsOf(result[list]))]);
    if (userIds.every((id) => accounted.has(id))) return [...notReceived];
  }
  // Still being processed (or unreadable): those not named are taken as reached, as DingTalk accepted them.
  logger.info('dingtalk send result incomplete', { taskId, named: notReceived.size, of: userIds.length });
  return [...notReceived];
}
