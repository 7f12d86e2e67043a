import type { Enterprise } from '#shared/domain/enterprise.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import { FUNDS_ORIGINS, INVESTOR_TAGS, type ProjectProfile } from '#shared/domain/project-profile.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf, errorFor, Field, Select, type Values } from '../ui/form.tsx';

/** The 台账 fields of the profile that are plain text or numbers, in the ledger's order. */
const TEXT_FIELDS = [
  'fixedAssetInvestment',
  'registeredCapital',
  'landMu',
  'construction',
  'signingForm',
  'originPlace',
  'sponsorLeader',
  'progressNote',
  'problems',
  'nextSteps',
] as const satisfies readonly (keyof ProjectProfile)[];
const NUMBERS = new Set(['fixedAssetInvestment', 'registeredCapital', 'landMu']);
const LONG = new Set(['construction', 'progressNote', 'problems', 'nextSteps']);

/** The form's values for a profile (what is stored, or what was typed when it was refused). */
function profileValues(profile: ProjectProfile): Values {
  const values: Values = {};
  for (const k of TEXT_FIELDS) if (profile[k] !== undefined) values[`profile.${k}`] = String(profile[k]);
  if (profile.fundsOrigin) values['profile.fundsOrigin'] = profile.fundsOrigin;
  for (const tag of profile.investorTags ?? []) values[`profile.investorTags.${tag}`] = 'on';
  return values;
}

/** 项目信息（台账）: what the indicators count by, and the ledger's running notes; editable by who keeps it. */
export function ProfileSection(props: {
  ctx: ViewContext;
  enterprise: Enterprise;
  editable: boolean;
  errors?: FieldError[];
  values?: Values;
}) {
  const { ctx, enterprise } = props;
  const { t } = ctx;
  const p = enterprise.profile;
  const shown = (v: string | number | undefined) => (v === undefined || v === '' ? '—' : String(v));
  const mine = (props.errors ?? []).some((e) => e.path.startsWith('profile.'));
  const values = mine ? props.values : profileValues(p);
  return (
    <section data-profile>
      <h2>{t('profile.title')}</h2>
      <dl>
        <dt>{t('profile.investorTags')}</dt>
        <dd>{(p.investorTags ?? []).map((tag) => t(`investorTag.${tag}`)).join('、') || '—'}</dd>
        <dt>{t('profile.fundsOrigin')}</dt>
        <dd>{p.fundsOrigin ? t(`fundsOrigin.${p.fundsOrigin}`) : '—'}</dd>
        {TEXT_FIELDS.map((k) => (
          <>
            <dt>{t(`profile.${k}`)}</dt>
            <dd>{shown(p[k])}</dd>
          </>
        ))}
      </dl>
      {props.editable ? (
        <details open={mine}>
          <summary>{t('profile.edit')}</summary>
          <form method="post" action={`/console/enterprises/${enterprise.id}/profile`}>
            <Csrf token={ctx.csrf} />
            <ProfileFields ctx={ctx} errors={props.errors} values={values} />
            <button type="submit">{t('profile.save')}</button>
          </form>
        </details>
      ) : null}
    </section>
  );
}

/** The profile's fields (a registration's form and the enterprise page's), named `profile.*`. */
export function ProfileFields(props: { ctx: ViewContext; errors?: FieldError[]; values?: Values }) {
  const { ctx, values } = props;
  const { t } = ctx;
  const common = { t, errors: props.errors, values };
  return (
    <>
      <fieldset>
        <legend>{t('profile.investorTags')}</legend>
        {INVESTOR_TAGS.map((tag) => (
          <label>
            <input
              type="checkbox"
              name={`profile.investorTags.${tag}`}
              checked={values?.[`profile.investorTags.${tag}`] === 'on'}
            />{' '}
            {t(`investorTag.${tag}`)}
          </label>
        ))}
        {errorFor(props.errors, 'profile.investorTags') ? (
          <p class="field-error">{t('investorTag.invalid')}</p>
        ) : null}
      </fieldset>
      <Select
        {...common}
        name="profile.fundsOrigin"
        label={t('profile.fundsOrigin')}
        options={FUNDS_ORIGINS.map((o) => ({ value: o, label: t(`fundsOrigin.${o}`) }))}
      />
      {TEXT_FIELDS.map((k) => (
        <Field
          {...common}
          name={`profile.${k}`}
          label={t(`profile.${k}`)}
          multiline={LONG.has(k)}
          // 用地 takes a decimal (一位小数): a text field, not a whole-number one
          type={NUMBERS.has(k) && k !== 'landMu' ? 'number' : 'text'}
        />
      ))}
    </>
  );
}

/** The profile as a use case takes it, from the form's `profile.*` fields: numbers as numbers, ticked tags as a list. */
export function profileFromForm(form: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const tags: string[] = [];
  for (const [name, raw] of Object.entries(form)) {
    if (!name.startsWith('profile.')) continue;
    const key = name.slice('profile.'.length);
    const value = raw.trim();
    if (key.startsWith('investorTags.')) {
      if (value) tags.push(key.slice('investorTags.'.length));
    } else if (value !== '') {
      out[key] = NUMBERS.has(key) && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    }
  }
  if (tags.length) out.investorTags = tags;
  return out;
}
