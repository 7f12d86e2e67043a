import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Stand-ins for WeCom, DingTalk and Alibaba Cloud SMS on 127.0.0.1, each checking the request format its provider
 * documents (and, for SMS, recomputing the signature) and answering as the provider does. What a test sets:
 * `failNext` (an HTTP status or a provider error code for the next send), `expireToken` (the current access token
 * is answered with errcode 42001 from now on), `unknownUsers` (WeCom reports them in `invaliduser`, DingTalk in its
 * send result's `invalid_user_id_list`), `unlicensedUsers` (WeCom: `unlicenseduser`), `forbiddenUsers` and
 * `failedUsers` (DingTalk's send result), `pendingResults` (DingTalk: how many send-result reads of each task answer
 * before the task is processed, with no user listed yet).
 */
export interface ProviderServer {
  url: string;
  /** Sends accepted, in order (the parsed body or, for SMS, the form parameters). */
  sent: Record<string, unknown>[];
  /** Requests that were refused as malformed, with why. */
  refused: string[];
  tokenFetches: number;
  failNext(failure: { status: number } | { code: number | string }): void;
  expireToken(): void;
  unknownUsers: Set<string>;
  unlicensedUsers: Set<string>;
  forbiddenUsers: Set<string>;
  failedUsers: Set<string>;
  pendingResults: number;
  /** DingTalk: the send-result reads made, in order (agent_id and task_id). */
  resultReads: Record<string, unknown>[];
  close(): Promise<void>;
}

/** What a test may set on any stand-in (the sets only mean something to the provider that has them). */
const settable = () => ({
  unknownUsers: new Set<string>(),
  unlicensedUsers: new Set<string>(),
  forbiddenUsers: new Set<string>(),
  failedUsers: new Set<string>(),
  pendingResults: 0,
  resultReads: [] as Record<string, unknown>[],
});

type Handler = (req: IncomingMessage, url: URL, body: string, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => handler(req, new URL(req.url ?? '/', 'http://127.0.0.1'), body, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const reply = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const bytes = (s: unknown) => Buffer.byteLength(String(s ?? ''), 'utf8');

/** The parts WeCom and DingTalk share: `gettoken` with the app's credentials, a token that can be expired. */
function tokenProvider(o: {
  credentials: Record<string, string>;
  tokenPath: string;
  sendPath: string;
  expiresIn: number;
  check: (body: Record<string, unknown>, s: ProviderServer) => string | undefined;
  receipt: (body: Record<string, unknown>, s: ProviderServer) => Record<string, unknown>;
  /** Other POST calls made with the token (JSON bodies): path → the provider's answer. */
  reads?: Record<string, (body: Record<string, unknown>, s: ProviderServer) => Record<string, unknown>>;
}) {
  return async (): Promise<ProviderServer> => {
    let current: string | undefined;
    let failure: { status: number } | { code: number | string } | undefined;
    const state: Omit<ProviderServer, 'url' | 'close'> = {
      sent: [],
      refused: [],
      tokenFetches: 0,
      ...settable(),
      failNext: (f) => {
        failure = f;
      },
      expireToken: () => {
        current = `expired-${current}`;
      },
    };
    const self = state as ProviderServer;
    const { server, url } = await serve((req, u, raw, res) => {
      if (req.method === 'GET' && u.pathname === o.tokenPath) {
        const ok = Object.entries(o.credentials).every(([k, v]) => u.searchParams.get(k) === v);
        if (!ok) return reply(res, 200, { errcode: 40001, errmsg: 'invalid credential' });
        state.tokenFetches++;
        current = `token-${state.tokenFetches}`;
        return reply(res, 200, { errcode: 0, errmsg: 'ok', access_token: current, expires_in: o.expiresIn });
      }
      const read = o.reads?.[u.pathname];
      if (req.method === 'POST' && (u.pathname === o.sendPath || read)) {
        const token = u.searchParams.get('access_token');
        if (!token || !current || token !== current)
          return reply(res, 200, {
            errcode: current && token?.startsWith('token-') ? 42001 : 40014,
            errmsg: 'access_token expired',
          });
        if (!String(req.headers['content-type']).startsWith('application/json')) {
          state.refused.push('content-type');
          return reply(res, 200, { errcode: 40008, errmsg: 'invalid message type' });
        }
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(raw);
        } catch {
          state.refused.push('json');
          return reply(res, 200, { errcode: 40035, errmsg: 'invalid json' });
        }
        if (read) return reply(res, 200, read(body, self));
        const bad = o.check(body, self);
        if (bad) {
          state.refused.push(bad);
          return reply(res, 200, { errcode: 40035, errmsg: bad });
        }
        if (failure) {
          const f = failure;
          failure = undefined;
          if ('status' in f) return reply(res, f.status, { errcode: -1, errmsg: 'system busy' });
          return reply(res, 200, { errcode: f.code, errmsg: 'refused' });
        }
        state.sent.push(body);
        return reply(res, 200, { errcode: 0, errmsg: 'ok', ...o.receipt(body, self) });
      }
      reply(res, 404, { errcode: 404, errmsg: 'not found' });
    });
    return Object.assign(self, {
      url,
      close: () => new Promise<void>((r) => server.close(() => r())),
    });
  };
}

/** WeCom: gettoken(corpid, corpsecret); message/send with touser "a|b", agentid, msgtype textcard or text. */
export const wecomServer = (o: { corpId: string; secret: string; agentId: number; expiresIn?: number }) =>
  tokenProvider({
    credentials: { corpid: o.corpId, corpsecret: o.secret },
    tokenPath: '/cgi-bin/gettoken',
    sendPath: '/cgi-bin/message/send',
    expiresIn: o.expiresIn ?? 7200,
    check: (b) => {
      if (typeof b.touser !== 'string' || !b.touser) return 'touser';
      if (b.agentid !== o.agentId) return 'agentid';
      if (b.msgtype === 'textcard') {
        const c = b.textcard as Record<string, unknown> | undefined;
        if (
          !c ||
          typeof c.title !== 'string' ||
          typeof c.description !== 'string' ||
          typeof c.url !== 'string'
        )
          return 'textcard fields';
        if (bytes(c.title) > 128 || bytes(c.description) > 512 || bytes(c.url) > 2048)
          return 'textcard length';
        if (c.btntxt !== undefined && bytes(c.btntxt) > 12) return 'btntxt length';
        return undefined;
      }
      if (b.msgtype === 'text') {
        const c = b.text as Record<string, unknown> | undefined;
        return typeof c?.content === 'string' && bytes(c.content) <= 2048 ? undefined : 'text content';
      }
      return 'msgtype';
    },
    receipt: (b, s) => {
      const users = String(b.touser).split('|');
      return {
        invaliduser: users.filter((u) => s.unknownUsers.has(u)).join('|'),
        unlicenseduser: users.filter((u) => s.unlicensedUsers.has(u)).join('|'),
        invalidparty: '',
        invalidtag: '',
        msgid: `msg-${s.sent.length}`,
      };
    },
  })();

/**
 * DingTalk: gettoken(appkey, appsecret); asyncsend_v2 with agent_id, userid_list "a,b", msg action_card or text,
 * answered with a task_id whoever the users are (as DingTalk does); getsendresult(agent_id, task_id) answers the
 * task's `send_result`: each user in one of invalid/forbidden/failed/read/unread_user_id_list once processed, none
 * while `pendingResults` reads of it remain.
 */
export const dingtalkServer = (o: {
  appKey: string;
  appSecret: string;
  agentId: number;
  expiresIn?: number;
}) => {
  const tasks = new Map<number, { users: string[]; reads: number }>();
  const emptyResult = () => ({
    invalid_user_id_list: [] as string[],
    forbidden_user_id_list: [] as string[],
    failed_user_id_list: [] as string[],
    read_user_id_list: [] as string[],
    unread_user_id_list: [] as string[],
    invalid_dept_id_list: [] as number[],
    forbidden_list: [] as { code: string; count: number; userid: string }[],
  });
  return tokenProvider({
    credentials: { appkey: o.appKey, appsecret: o.appSecret },
    tokenPath: '/gettoken',
    sendPath: '/topapi/message/corpconversation/asyncsend_v2',
    expiresIn: o.expiresIn ?? 7200,
    check: (b) => {
      if (b.agent_id !== o.agentId) return 'agent_id';
      if (typeof b.userid_list !== 'string' || !b.userid_list || b.userid_list.split(',').length > 5000)
        return 'userid_list';
      const m = b.msg as Record<string, unknown> | undefined;
      if (m?.msgtype === 'action_card') {
        const c = m.action_card as Record<string, unknown> | undefined;
        if (!c || typeof c.title !== 'string' || typeof c.markdown !== 'string') return 'action_card fields';
        if (typeof c.single_title !== 'string' || typeof c.single_url !== 'string')
          return 'action_card button';
        return undefined;
      }
      if (m?.msgtype === 'text')
        return typeof (m.text as Record<string, unknown>)?.content === 'string' ? undefined : 'text';
      return 'msgtype';
    },
    receipt: (b, s) => {
      const taskId = 1000 + s.sent.length;
      tasks.set(taskId, { users: String(b.userid_list).split(','), reads: 0 });
      return { task_id: taskId, request_id: `req-${s.sent.length}` };
    },
    reads: {
      '/topapi/message/corpconversation/getsendresult': (b, s) => {
        s.resultReads.push(b);
        if (b.agent_id !== o.agentId) return { errcode: 40035, errmsg: 'agent_id' };
        const task = tasks.get(Number(b.task_id));
        if (typeof b.task_id !== 'number' || !task) return { errcode: 40035, errmsg: 'task_id' };
        const result = emptyResult();
        if (task.reads++ >= s.pendingResults)
          for (const user of task.users) {
            if (s.unknownUsers.has(user)) result.invalid_user_id_list.push(user);
            else if (s.forbiddenUsers.has(user)) {
              result.forbidden_user_id_list.push(user);
              result.forbidden_list.push({ code: '143106', count: 1, userid: user });
            } else if (s.failedUsers.has(user)) result.failed_user_id_list.push(user);
            else result.unread_user_id_list.push(user);
          }
        return { errcode: 0, errmsg: 'ok', send_result: result, request_id: 'r' };
      },
    },
  })();
};

const encode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Alibaba Cloud SMS SendSms (RPC, 2017-05-25): the common and SendSms parameters, and the signature recomputed
 * here from the documented algorithm (sorted, RFC 3986-encoded parameters; HMAC-SHA1 keyed by secret + "&"); each
 * TemplateParam variable at most 35 characters (isv.PARAM_LENGTH_LIMIT).
 */
export async function smsServer(o: {
  accessKeyId: string;
  accessKeySecret: string;
}): Promise<ProviderServer> {
  let failure: { status: number } | { code: number | string } | undefined;
  const state = {
    sent: [] as Record<string, unknown>[],
    refused: [] as string[],
    tokenFetches: 0,
    ...settable(),
    failNext: (f: { status: number } | { code: number | string }) => {
      failure = f;
    },
    expireToken: () => undefined,
  };
  const nonces = new Set<string>();
  const { server, url } = await serve((req, u, raw, res) => {
    const form =
      req.method === 'POST' ? new URLSearchParams(raw) : new URLSearchParams(u.searchParams.toString());
    const p = Object.fromEntries(form);
    const refuse = (code: string, status = 400) => {
      state.refused.push(code);
      reply(res, status, { Code: code, Message: code, RequestId: 'r' });
    };
    for (const k of [
      'AccessKeyId',
      'Action',
      'Format',
      'PhoneNumbers',
      'SignName',
      'SignatureMethod',
      'SignatureNonce',
      'SignatureVersion',
      'TemplateCode',
      'Timestamp',
      'Version',
      'Signature',
    ])
      if (!p[k]) return refuse(`MissingParameter.${k}`);
    if (p.Action !== 'SendSms' || p.Version !== '2017-05-25') return refuse('InvalidAction');
    if (p.SignatureMethod !== 'HMAC-SHA1' || p.SignatureVersion !== '1.0')
      return refuse('InvalidSignatureMethod');
    if (p.AccessKeyId !== o.accessKeyId) return refuse('InvalidAccessKeyId.NotFound', 404);
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(p.Timestamp ?? ''))
      return refuse('InvalidTimeStamp.Format');
    if (nonces.has(p.SignatureNonce ?? '')) return refuse('SignatureNonceUsed');
    const { Signature, ...signed } = p;
    const canonical = Object.keys(signed)
      .sort()
      .map((k) => `${encode(k)}=${encode(signed[k] ?? '')}`)
      .join('&');
    const expected = createHmac('sha1', `${o.accessKeySecret}&`)
      .update(`${req.method}&${encode('/')}&${encode(canonical)}`)
      .digest('base64');
    if (Signature !== expected) return refuse('SignatureDoesNotMatch');
    nonces.add(p.SignatureNonce ?? '');
    const phones = (p.PhoneNumbers ?? '').split(',');
    if (phones.some((n) => !/^1\d{10}$/.test(n))) return refuse('isv.MOBILE_NUMBER_ILLEGAL', 200);
    try {
      const params = JSON.parse(p.TemplateParam ?? '{}') as Record<string, unknown>;
      if (Object.values(params).some((v) => typeof v !== 'string'))
        return refuse('isv.INVALID_JSON_PARAM', 200);
      // Each template variable holds at most 35 characters (a signed link never fits: hence short links).
      if (Object.values(params).some((v) => [...String(v)].length > 35))
        return refuse('isv.PARAM_LENGTH_LIMIT', 200);
    } catch {
      return refuse('isv.INVALID_JSON_PARAM', 200);
    }
    if (failure) {
      const f = failure;
      failure = undefined;
      if ('status' in f) return reply(res, f.status, { Code: 'ServiceUnavailable', Message: 'busy' });
      return reply(res, 200, { Code: String(f.code), Message: 'refused', RequestId: 'r' });
    }
    state.sent.push(p);
    reply(res, 200, { Code: 'OK', Message: 'OK', BizId: `biz-${state.sent.length}`, RequestId: 'r' });
  });
  return Object.assign(state, { url, close: () => new Promise<void>((r) => server.close(() => r())) });
}
