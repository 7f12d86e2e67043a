import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '#functions/access.ts';
import {
  FUNCTION_IDS,
  type FunctionId,
  LOOP_ROLES,
  STEP_IDS,
  specOf,
  stepOf,
  stepsOf,
  WORKFLOWS,
} from '#functions/registry.ts';
import { bundleFunction, initInputs } from '#infra/bundle/bundle.ts';
import { parseDeployConfig } from '#infra/config.ts';
import { AftercareStack } from '#infra/stacks/aftercare-stack.ts';

const ROOT = resolve(import.meta.dirname, '../..');

type Resource = { Type: string; Properties: Record<string, unknown> };
type Template = { Resources: Record<string, Resource> };

const base = { senderAddress: 'aftercare@example.com', adminEmails: ['ops@example.com'] };
const CHINA = {
  ...base,
  region: 'cn-north-1',
  mailMode: 'smtp',
  domain: {
    name: 'aftercare.zone.example.cn',
    certificateArn: 'arn:aws-cn:acm:cn-north-1:111122223333:certificate/0000',
  },
};

/** The template without bundling (the functions, roles and environments are there all the same). */
function synth(context: Record<string, unknown>): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const config = parseDeployConfig(context);
  const stack = new AftercareStack(app, 'Test', config, { env: { region: config.region } });
  return app.synth().getStackByName(stack.stackName).template as Template;
}

/** What every function is configured with, whatever it may do. */
const COMMON = [
  'AFTERCARE_MODE',
  'BASE_URL',
  'REMIND_BEFORE_WORKING_DAYS',
  'REMIND_SPREAD_MINUTES',
  'MAIL_SEND_RATE',
  'ESCALATE_HEAD_AFTER_WORKING_DAYS',
  'ESCALATE_MANAGERS_AFTER_WORKING_DAYS',
  'VISIT_INTERVAL_MONTHS',
  'VISIT_MIN_INTERVAL_DAYS',
  'NEED_MAX_REDOS',
  'POWERTOOLS_SERVICE_NAME',
  'LOG_LEVEL',
];

/** The variables a function's grants must bring, written out here independently of the binding. */
function expectedVariables(a: Access, ses: boolean, channels: boolean): string[] {
  const table = Boolean(a.items?.length || a.query?.length || a.deletes?.length);
  return [
    ...COMMON,
    ...(table ? ['TABLE_NAME'] : []),
    ...(a.secret ? ['SECRETS_PARAMETER'] : []),
    ...(a.mail ? ['MAIL_MODE', 'MAIL_FROM', ...(ses ? ['MAIL_CONFIGURATION_SET'] : [])] : []),
    ...(a.mail && channels
      ? ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'DINGTALK_AGENT_ID', 'SMS_SIGN_NAME', 'SMS_TEMPLATE_CODE']
      : []),
    ...(a.files ? ['ATTACHMENTS_BUCKET'] : []),
    ...(a.start?.includes('lifecycle') ? ['LIFECYCLE_ARN'] : []),
    ...(a.start?.includes('needFlow') ? ['NEED_FLOW_ARN'] : []),
    ...(a.invoke?.includes('signInMail') ? ['SIGN_IN_MAIL_FUNCTION'] : []),
    ...(a.invoke?.includes('ledgerImport') ? ['LEDGER_IMPORT_FUNCTION'] : []),
  ].sort();
}

interface Deployed {
  logicalId: string;
  variables: Record<string, unknown>;
  statements: { Action: string | string[]; Resource: unknown; Condition?: Record<string, unknown> }[];
}

/** Each Lambda of ours in the template, by registry id: its environment and its role's statements. */
function functionsOf(template: Template): Map<string, Deployed> {
  const out = new Map<string, Deployed>();
  for (const [logicalId, r] of Object.entries(template.Resources)) {
    if (r.Type !== 'AWS::Lambda::Function') continue;
    const p = r.Properties as {
      Environment?: { Variables?: Record<string, unknown> };
      Role: { 'Fn::GetAtt': [string, string] };
    };
    const role = p.Role['Fn::GetAtt'][0];
    const statements = Object.values(template.Resources)
      .filter(
        (x) =>
          x.Type === 'AWS::IAM::Policy' &&
          (x.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === role),
      )
      .flatMap((x) => (x.Properties.PolicyDocument as { Statement: Deployed['statements'] }).Statement);
    const id = logicalId.replace(/[0-9A-F]{8}$/, '');
    expect(out.has(id), `${id} twice`).toBe(false);
    out.set(id, { logicalId, variables: p.Environment?.Variables ?? {}, statements });
  }
  return out;
}

const actionsOf = (f: Deployed) => f.statements.flatMap((s) => [s.Action].flat());
const resourcesOf = (f: Deployed, action: string) =>
  f.statements.filter((s) => [s.Action].flat().includes(action)).flatMap((s) => [s.Resource].flat());
const logicalIdOf = (template: Template, type: string, prefix = '') =>
  Object.keys(template.Resources).find(
    (k) => template.Resources[k]?.Type === type && k.startsWith(prefix),
  ) as string;

describe('the registry of functions', () => {
  it('names every entry file once, each exists, and no handler file is missing from it', () => {
    const entries = FUNCTION_IDS.map((id) => specOf(id).entry);
    expect(new Set(entries).size).toBe(entries.length);
    for (const entry of entries) expect(existsSync(join(ROOT, entry)), entry).toBe(true);
    for (const dir of [
      'functions/lifecycle',
      'functions/needs',
      'functions/schedules',
      'functions/mail',
      'functions/auth',
    ]) {
      for (const file of readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.ts'))) {
        expect(entries, `${dir}/${file} is a handler the registry does not list`).toContain(`${dir}/${file}`);
      }
    }
  });

  it('makes each step’s entry the one call that looks itself up', () => {
    for (const id of STEP_IDS) {
      const source = readFileSync(join(ROOT, specOf(id).entry), 'utf8');
      const code = source.split('\n').filter((l) => l.trim() && !l.trim().startsWith('//'));
      expect(code, specOf(id).entry).toEqual([
        "import { awsStep } from '../lib/aws-step.ts';",
        `export const handler = awsStep('${id}');`,
      ]);
    }
  });

  it('gives each workflow exactly one step for each state, running that workflow’s step', async () => {
    expect(STEP_IDS).toHaveLength(Object.keys(WORKFLOWS).length * LOOP_ROLES.length);
    for (const workflow of Object.keys(WORKFLOWS) as (keyof typeof WORKFLOWS)[]) {
      const steps = stepsOf(workflow);
      expect(Object.keys(steps).sort()).toEqual([...LOOP_ROLES].sort());
      for (const [role, id] of Object.entries(steps)) {
        expect(stepOf(id)).toMatchObject({ workflow, role });
        expect(typeof stepOf(id).load).toBe('function');
      }
    }
    // A step's run is the function its workflow's flow/ folder exports for that state (needs' with a `need` prefix).
    for (const id of STEP_IDS) {
      const { workflow, role, load } = stepOf(id);
      const folder = workflow === 'lifecycle' ? 'lifecycle' : 'needs';
      const file = `#shared/${folder}/flow/${role.replace('Step', '')}-step.ts`;
      const name = workflow === 'lifecycle' ? role : `need${role[0]?.toUpperCase()}${role.slice(1)}`;
      const module = (await import(file)) as Record<string, unknown>;
      expect(module[name], `${id} runs ${file} ${name}`).toBe(await load());
    }
  });

  it('loads no adapter, no step, no route and no library but the wrapper’s while a function initialises', async () => {
    const out = mkdtempSync(join(tmpdir(), 'init-'));
    try {
      const inputs: Partial<Record<FunctionId, string[]>> = {};
      for (const id of FUNCTION_IDS) {
        const metafile = await bundleFunction(specOf(id).entry, join(out, id));
        inputs[id] = Object.keys(metafile.inputs);
        const atInit = initInputs(metafile, specOf(id).entry);
        expect(atInit.length, id).toBeGreaterThan(0);
        // What a function's entry imports statically runs at init: never the SDK clients other than DynamoDB's,
        // the SMTP library, the spreadsheet and upload parsers, opencc's dictionaries, zod's other locales, or any workflow step (a step's
        // entry loads its own with its first call, `functions/lib/aws-step.ts`).
        const heavy = atInit.filter((f) =>
          /node_modules\/(@aws-sdk\/client-(?!dynamodb)|nodemailer|exceljs|busboy|zod-openapi|opencc-js)|zod\/v4\/locales\/(?!en\.js)|shared\/(lifecycle|needs)\/flow\/[a-z]+-step\.ts/.test(
            f,
          ),
        );
        expect(heavy, id).toEqual([]);
        // Nothing but the handler's wrapper and configuration runs at import (issue 18 item 3): no validator, no
        // dates or holidays, no SDK, no translations, no store and no route or step code — those load with the
        // first invocation that uses them.
        const code = atInit.filter((f) =>
          /node_modules\/(zod|luxon|chinese-days|@aws-sdk|@smithy|preact)\/|shared\/(i18n|store|domain|calendar)\/|functions\/http\/(pages|api)\//.test(
            f,
          ),
        );
        expect(code, id).toEqual([]);
      }
      // The metafile tells apart what loads later: the SES adapter is there, behind an import().
      expect(inputs.Http?.some((f) => f.includes('@aws-sdk/client-sesv2'))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  it('keeps CDK out of every Lambda bundle', async () => {
    for (const id of FUNCTION_IDS) {
      const result = await build({
        entryPoints: [join(ROOT, specOf(id).entry)],
        bundle: true,
        write: false,
        metafile: true,
        platform: 'node',
        format: 'esm',
        target: 'node24',
        mainFields: ['module', 'main'],
        external: ['@aws-sdk/*'],
        logLevel: 'silent',
      });
      const inputs = Object.keys(result.metafile.inputs);
      expect(
        inputs.filter((f) => /node_modules\/(aws-cdk-lib|constructs|cdk-nag)\//.test(f)),
        id,
      ).toEqual([]);
      expect(
        inputs.some((f) => f.startsWith('infra/')),
        id,
      ).toBe(false);
    }
  }, 60_000);
});

const CHANNELS = {
  wecom: { corpId: 'ww0123456789abcdef', agentId: 1000002 },
  dingtalk: { agentId: 2000001 },
  sms: { signName: '安商服务', templateCode: 'SMS_000000001' },
};

describe.each([
  ['a standard region with SES', { ...base, region: 'ap-southeast-1' }, true, false],
  ['AWS China with SMTP', CHINA, false, false],
  // SMS needs a fixed public address (its template holds it).
  [
    'AWS China with SMTP, WeCom, DingTalk and SMS',
    { ...CHINA, domain: { ...CHINA.domain, name: 'as.zone.cn' }, channels: CHANNELS },
    false,
    true,
  ],
] as const)('the functions deployed in %s', (_name, context, ses, channels) => {
  let template: Template;
  let deployed: Map<string, Deployed>;
  beforeAll(() => {
    template = synth(context);
    deployed = functionsOf(template);
  }, 60_000);

  it('are the registry’s, each with exactly the variables of its grants', () => {
    const expectedIds = FUNCTION_IDS.filter((id) => ses || !specOf(id).sesOnly);
    expect([...deployed.keys()].sort()).toEqual([...expectedIds].sort());
    for (const id of expectedIds) {
      const f = deployed.get(id) as Deployed;
      expect(Object.keys(f.variables).sort(), id).toEqual(
        expectedVariables(specOf(id).access, ses, channels),
      );
    }
    // Spelled out for two: a wait step has the table and nothing else (releasing a wait needs no ARN).
    const wait = deployed.get('WaitStep') as Deployed;
    expect(Object.keys(wait.variables).sort()).toEqual([...COMMON, 'TABLE_NAME'].sort());
    expect(actionsOf(wait)).toContain('states:SendTaskSuccess');
    expect(Object.keys((deployed.get('Http') as Deployed).variables)).toEqual(
      expect.arrayContaining([
        'SECRETS_PARAMETER',
        'ATTACHMENTS_BUCKET',
        'LIFECYCLE_ARN',
        'NEED_FLOW_ARN',
        'MAIL_FROM',
      ]),
    );
  });

  it('have no variable without the grant that uses it, and no such grant without its variable', () => {
    const table = logicalIdOf(template, 'AWS::DynamoDB::GlobalTable');
    const bucket = logicalIdOf(template, 'AWS::S3::Bucket', 'DataAttachments');
    for (const [id, f] of deployed) {
      const v = f.variables;
      const actions = actionsOf(f);
      expect('TABLE_NAME' in v, id).toBe(actions.some((a) => a.startsWith('dynamodb:')));
      if ('TABLE_NAME' in v) expect(v.TABLE_NAME).toEqual({ Ref: table });

      // The secret: a SecureString named after the stack, which the role may read and create, nothing else.
      expect('SECRETS_PARAMETER' in v, id).toBe(actions.includes('ssm:GetParameter'));
      expect(actions.includes('ssm:PutParameter'), id).toBe(actions.includes('ssm:GetParameter'));
      if ('SECRETS_PARAMETER' in v) {
        expect(v.SECRETS_PARAMETER).toBe('/Test/secrets');
        // Exactly the parameter's ARN (partition and account as CloudFormation fills them in).
        const [parameter, ...others] = resourcesOf(f, 'ssm:GetParameter');
        expect(others, id).toEqual([]);
        expect(JSON.stringify(parameter), id).toMatch(
          /^\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},":ssm:[a-z0-9-]+:",\{"Ref":"AWS::AccountId"\},":parameter\/Test\/secrets"\]\]\}$/,
        );
        expect(resourcesOf(f, 'ssm:PutParameter')).toEqual([parameter]);
      }
      expect(
        actions.filter((a) => a.startsWith('secretsmanager:') || a.startsWith('kms:')),
        id,
      ).toEqual([]);

      expect('ATTACHMENTS_BUCKET' in v, id).toBe(actions.includes('s3:PutObject'));
      if ('ATTACHMENTS_BUCKET' in v) expect(v.ATTACHMENTS_BUCKET).toEqual({ Ref: bucket });

      // Starting a workflow: its ARN in the environment is the very resource the role may start.
      const startable = resourcesOf(f, 'states:StartExecution').map((r) => JSON.stringify(r));
      for (const [variable, name] of [
        ['LIFECYCLE_ARN', ':stateMachine:Test-lifecycle'],
        ['NEED_FLOW_ARN', ':stateMachine:Test-need-flow'],
      ] as const) {
        const granted = startable.filter((r) => r.includes(name));
        expect(variable in v, `${id} ${variable}`).toBe(granted.length > 0);
        if (variable in v) expect(granted).toEqual([JSON.stringify(v[variable])]);
      }

      // Invoking a function asynchronously: its ARN in the environment is the very function the role may invoke.
      const invokable = resourcesOf(f, 'lambda:InvokeFunction').map((r) => JSON.stringify(r));
      const invoked = (
        [
          ['SIGN_IN_MAIL_FUNCTION', 'SignInMail'],
          ['LEDGER_IMPORT_FUNCTION', 'LedgerImport'],
        ] as const
      ).filter(([variable]) => variable in v);
      expect(invokable.length, id).toBe(invoked.length);
      for (const [variable, target] of invoked) {
        expect(invokable).toContain(JSON.stringify(v[variable]));
        expect(v[variable]).toEqual({
          'Fn::GetAtt': [(deployed.get(target) as Deployed).logicalId, 'Arn'],
        });
      }

      if (ses) {
        expect('MAIL_FROM' in v, id).toBe(actions.includes('ses:SendEmail'));
        for (const s of f.statements.filter((s) => [s.Action].flat().includes('ses:SendEmail'))) {
          expect(s.Condition).toEqual({ StringEquals: { 'ses:FromAddress': v.MAIL_FROM } });
        }
      } else {
        // smtp: mail goes out with the secret's SMTP URL, and SES is never granted.
        expect(actions).not.toContain('ses:SendEmail');
        if ('MAIL_FROM' in v) expect('SECRETS_PARAMETER' in v, id).toBe(true);
      }
      expect('MAIL_MODE' in v, id).toBe('MAIL_FROM' in v);
      // The channels' credentials are in the secret: every function that notifies may read it.
      if (channels && 'MAIL_FROM' in v) {
        expect(v).toMatchObject({
          WECOM_CORP_ID: CHANNELS.wecom.corpId,
          SMS_TEMPLATE_CODE: CHANNELS.sms.templateCode,
        });
        expect('SECRETS_PARAMETER' in v, id).toBe(true);
      }
    }
  });
});

describe('splitting the stack into constructs', () => {
  let template: Template;
  beforeAll(() => {
    template = synth({ ...base, region: 'ap-southeast-1' });
  }, 60_000);

  it('keeps the logical IDs of everything a new ID would replace', () => {
    // A new logical ID is a new resource: data lost or orphaned, running lifecycles stopped, emailed links to the
    // API's address broken, fixed names (state machines, configuration set) failing to deploy.
    const kept: Record<string, string> = {
      DataTableFDBAD0F2: 'AWS::DynamoDB::GlobalTable',
      DataAttachments8CD6CAB2: 'AWS::S3::Bucket',
      DataAccessLogsC0C25EE4: 'AWS::S3::Bucket',
      LifecycleStateMachine5C00B038: 'AWS::StepFunctions::StateMachine',
      NeedFlowStateMachine00DE675B: 'AWS::StepFunctions::StateMachine',
      LifecycleLogs39B16B62: 'AWS::Logs::LogGroup',
      NeedFlowLogs1C89AC25: 'AWS::Logs::LogGroup',
      ApiF70053CD: 'AWS::ApiGatewayV2::Api',
      ApiDefaultStage189A7074: 'AWS::ApiGatewayV2::Stage',
      ApiAccessLogsE9DF007D: 'AWS::Logs::LogGroup',
      SenderIdentity5AECAF6F: 'AWS::SES::EmailIdentity',
      MailEventsE4612002: 'AWS::SES::ConfigurationSet',
      MailFeedbackTopic264C3D13: 'AWS::SNS::Topic',
      SweepDeadLettersBE53EB73: 'AWS::SQS::Queue',
      SweepSchedule80B1140B: 'AWS::Scheduler::Schedule',
      Http36EFD62B: 'AWS::Lambda::Function',
      HttpLogs2035DA0F: 'AWS::Logs::LogGroup',
      HttpRole22653813: 'AWS::IAM::Role',
      OpenStep15C51D43: 'AWS::Lambda::Function',
      WaitStepFB3590FE: 'AWS::Lambda::Function',
      NeedOpenStepD151CEB9: 'AWS::Lambda::Function',
      NeedFailureStepLogs8ECB1058: 'AWS::Logs::LogGroup',
      Sweep576358E8: 'AWS::Lambda::Function',
      MailFeedbackEE882F4B: 'AWS::Lambda::Function',
    };
    for (const [logicalId, type] of Object.entries(kept)) {
      expect(template.Resources[logicalId]?.Type, logicalId).toBe(type);
    }
    // Every function keeps its registry id as its logical ID, with its log group and role beside it.
    for (const id of FUNCTION_IDS as FunctionId[]) {
      for (const [suffix, type] of [
        ['', 'AWS::Lambda::Function'],
        ['Logs', 'AWS::Logs::LogGroup'],
        ['Role', 'AWS::IAM::Role'],
      ]) {
        const pattern = new RegExp(`^${id}${suffix}[0-9A-F]{8}$`);
        const found = Object.entries(template.Resources).filter(
          ([k, r]) => pattern.test(k) && r.Type === type,
        );
        expect(found, `${id}${suffix}`).toHaveLength(1);
      }
    }
  });
});
