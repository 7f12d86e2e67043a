import { z } from 'zod';
import { createDocument } from 'zod-openapi';
import { StaffContact } from '#shared/domain/organisation.ts';
import { CalendarOut } from './calendar.ts';
import {
  AssessLeadBody,
  AssessmentOut,
  LeadFiguresOut,
  LeadListOut,
  LeadOut,
  NewLeadBody,
  SignProjectBody,
} from './leads.ts';
import {
  ApprovalRoutingSchema,
  BoardOut,
  EnterpriseOut,
  ErrorOut,
  IssueTokenBody,
  NeedClocksSchema,
  NeedFiguresOut,
  RegisterEnterpriseBody,
  RoutingTableSchema,
  StaffOut,
} from './schemas.ts';
import { ScoreboardOut } from './scoreboard.ts';
import { IntegrationMeOut, IssuedTokenOut, StaffContactOut, TokenListOut } from './staff.ts';

const StaffContactBody = StaffContact.meta({ id: 'StaffContactBody' });

const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      { description: String(code), content: { 'application/json': { schema: ErrorOut } } },
    ]),
  );

/** The OpenAPI document, generated from the same zod schemas that validate the requests. */
export function openApiDocument() {
  return createDocument({
    openapi: '3.1.0',
    info: { title: 'aftercare API', version: '1' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API token: your own (issued on /console/tokens or POST /api/v1/tokens), or an integration account’s (issued by a manager). API routes only.',
        },
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/api/v1/me': {
        get: {
          summary: 'Who the token or session belongs to',
          responses: {
            '200': {
              description: 'The staff member, or for an integration account’s token the integration',
              content: { 'application/json': { schema: z.union([StaffOut, IntegrationMeOut]) } },
            },
            ...errors(401),
          },
        },
      },
      '/api/v1/enterprises': {
        post: {
          summary: 'Register a signed enterprise (department heads and managers)',
          requestBody: { content: { 'application/json': { schema: RegisterEnterpriseBody } } },
          responses: {
            '201': { description: 'Registered', content: { 'application/json': { schema: EnterpriseOut } } },
            ...errors(400, 401, 403, 415),
          },
        },
      },
      '/api/v1/enterprises/{id}': {
        get: {
          summary: 'One enterprise',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'The enterprise',
              content: { 'application/json': { schema: EnterpriseOut } },
            },
            ...errors(401, 403, 404),
          },
        },
      },
      '/api/v1/leads': {
        post: {
          summary:
            'Register a lead (全民招商) for your department; a repeat of an earlier lead of the same investor is stored flagged `duplicateOf`',
          requestBody: { content: { 'application/json': { schema: NewLeadBody } } },
          responses: {
            '201': { description: 'Registered', content: { 'application/json': { schema: LeadOut } } },
            ...errors(400, 401, 403, 415),
          },
        },
        get: {
          summary:
            'Leads you may see, newest first: your own (a head: the department’s; a manager: the zone’s)',
          parameters: ['status', 'cursor', 'limit'].map((name) => ({
            name,
            in: 'query' as const,
            required: false,
            schema: { type: 'string' as const },
          })),
          responses: {
            '200': {
              description: 'A page of leads',
              content: { 'application/json': { schema: LeadListOut } },
            },
            ...errors(400, 401),
          },
        },
      },
      '/api/v1/leads/{id}/assessment': {
        post: {
          summary:
            '研判: accept a lead into talks with a negotiating officer, or decline it with a reason (a head of its department, or a manager)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { content: { 'application/json': { schema: AssessLeadBody } } },
          responses: {
            '200': {
              description: 'The lead as assessed, and the enterprise in talks when accepted',
              content: { 'application/json': { schema: AssessmentOut } },
            },
            ...errors(400, 401, 403, 404, 409, 415),
          },
        },
      },
      '/api/v1/enterprises/{id}/signing': {
        post: {
          summary:
            'Sign a project in talks (框架协议 or 正式合同): its negotiator, a head of their department, or a manager',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { content: { 'application/json': { schema: SignProjectBody } } },
          responses: {
            '200': {
              description: 'The signed enterprise',
              content: { 'application/json': { schema: EnterpriseOut } },
            },
            ...errors(400, 401, 403, 404, 409, 415),
          },
        },
      },
      '/api/v1/figures/leads': {
        get: {
          summary:
            'The cadres’ leaderboard: leads registered, accepted, signed and contracted investment per department and person',
          responses: {
            '200': {
              description: 'The figures',
              content: { 'application/json': { schema: LeadFiguresOut } },
            },
            ...errors(401, 403),
          },
        },
      },
      '/api/v1/board': {
        get: {
          summary: 'Open tasks and needs, most overdue first',
          parameters: ['scope', 'department', 'stage', 'industryChain', 'kind', 'cursor', 'limit'].map(
            (name) => ({
              name,
              in: 'query' as const,
              required: false,
              schema: { type: 'string' as const },
            }),
          ),
          responses: {
            '200': {
              description: 'A page of the board',
              content: { 'application/json': { schema: BoardOut } },
            },
            ...errors(400, 401),
          },
        },
      },
      '/api/v1/figures/needs': {
        get: {
          summary: 'Needs figures per department and officer (heads and managers)',
          responses: {
            '200': {
              description: 'The figures',
              content: { 'application/json': { schema: NeedFiguresOut } },
            },
            ...errors(401, 403),
          },
        },
      },
      '/api/v1/figures/scoreboard': {
        get: {
          summary:
            'The indicators: 双过半 and 序时进度 per indicator, month by month, ranked (heads and managers)',
          parameters: (['year', 'month', 'rank'] as const).map((name) => ({
            name,
            in: 'query' as const,
            required: false,
            schema: { type: 'string' as const },
          })),
          responses: {
            '200': {
              description: 'The scoreboard',
              content: { 'application/json': { schema: ScoreboardOut } },
            },
            ...errors(400, 401, 403),
          },
        },
      },
      '/api/v1/settings/need-routing': {
        get: {
          summary: 'The needs routing table: category → department (heads and managers)',
          responses: {
            '200': {
              description: 'The table',
              content: { 'application/json': { schema: RoutingTableSchema } },
            },
            ...errors(401, 403),
          },
        },
        put: {
          summary: 'Set the needs routing table (managers)',
          requestBody: { content: { 'application/json': { schema: RoutingTableSchema } } },
          responses: {
            '200': {
              description: 'The table as stored',
              content: { 'application/json': { schema: RoutingTableSchema } },
            },
            ...errors(400, 401, 403, 415),
          },
        },
      },
      '/api/v1/settings/approval-routing': {
        get: {
          summary:
            'The approvals routing table: approval → the department whose head holds it (heads and managers)',
          responses: {
            '200': {
              description: 'The table',
              content: { 'application/json': { schema: ApprovalRoutingSchema } },
            },
            ...errors(401, 403),
          },
        },
        put: {
          summary: 'Set the approvals routing table (managers)',
          requestBody: { content: { 'application/json': { schema: ApprovalRoutingSchema } } },
          responses: {
            '200': {
              description: 'The table as stored',
              content: { 'application/json': { schema: ApprovalRoutingSchema } },
            },
            ...errors(400, 401, 403, 415),
          },
        },
      },
      '/api/v1/staff/{id}/contact': {
        put: {
          summary:
            'Set how a person is notified (managers): channel, phone, WeCom/DingTalk user ids, replaced as a whole',
          requestBody: { content: { 'application/json': { schema: StaffContactBody } } },
          responses: {
            '200': {
              description: 'Stored',
              content: { 'application/json': { schema: StaffContactOut } },
            },
            ...errors(400, 401, 403),
          },
        },
      },
      '/api/v1/settings/need-clocks': {
        get: {
          summary:
            'The needs clock table: nature × urgency → first contact, sign-for (working hours), resolution (working days) (heads and managers)',
          responses: {
            '200': {
              description: 'The table',
              content: { 'application/json': { schema: NeedClocksSchema } },
            },
            ...errors(401, 403),
          },
        },
        put: {
          summary: 'Set the needs clock table, whole (managers)',
          requestBody: { content: { 'application/json': { schema: NeedClocksSchema } } },
          responses: {
            '200': {
              description: 'The table as stored',
              content: { 'application/json': { schema: NeedClocksSchema } },
            },
            ...errors(400, 401, 403, 415),
          },
        },
      },
      '/api/v1/tokens': {
        post: {
          summary:
            'Issue an API token for yourself, or (managers) for an integration account (`integrationId`); never for another person',
          requestBody: { content: { 'application/json': { schema: IssueTokenBody } } },
          responses: {
            '201': {
              description: 'The token, shown once',
              content: { 'application/json': { schema: IssuedTokenOut } },
            },
            ...errors(400, 401, 403),
          },
        },
        get: {
          summary:
            'Your API tokens (or, managers, `?integrationId=` an integration account’s): label, created, expiry, last use, status',
          responses: {
            '200': { description: 'The tokens', content: { 'application/json': { schema: TokenListOut } } },
            ...errors(401, 403),
          },
        },
      },
      '/api/v1/calendar': {
        get: {
          summary:
            'The working-day calendar of a year (Asia/Shanghai), day by day, for anyone: `provisional` when no State Council arrangement is entered yet. Cached publicly for a day',
          security: [],
          parameters: [
            {
              name: 'year',
              in: 'query' as const,
              required: true,
              schema: { type: 'integer' as const, minimum: 2000, maximum: 2100 },
            },
          ],
          responses: {
            '200': { description: 'The year', content: { 'application/json': { schema: CalendarOut } } },
            ...errors(400),
          },
        },
      },
      '/api/v1/tokens/{id}': {
        delete: {
          summary:
            'Revoke one of your API tokens (or, managers, `?integrationId=` an integration account’s): at once',
          responses: { '204': { description: 'Revoked' }, ...errors(401, 403, 404, 409) },
        },
      },
    },
  });
}
