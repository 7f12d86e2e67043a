/**
 * The public holidays a day off (or a make-up workday) belongs to, as stable keys; the words for them are in the
 * message tables (`calendar.holiday.<key>`). `victoryDay` is the one-off 3 September 2015 (抗战胜利70周年纪念日).
 */
export const HOLIDAYS = [
  'newYear',
  'springFestival',
  'tombSweeping',
  'labourDay',
  'dragonBoat',
  'midAutumn',
  'nationalDay',
  'victoryDay',
] as const;
export type Holiday = (typeof HOLIDAYS)[number];

/** chinese-days names each day "English name,中文名,days" (e.g. "Spring Festival,春节,4"); by its English name. */
const BY_SOURCE_NAME: Record<string, Holiday> = {
  "New Year's Day": 'newYear',
  'Spring Festival': 'springFestival',
  'Tomb-sweeping Day': 'tombSweeping',
  'Labour Day': 'labourDay',
  'Dragon Boat Festival': 'dragonBoat',
  'Mid-autumn Festival': 'midAutumn',
  'National Day': 'nationalDay',
  'Anti-Fascist 70th Day': 'victoryDay',
};

/** The holiday of a chinese-days entry, if it is one we know (a newer package may name others: no name then). */
export function holidayFromSource(entry: string | undefined): Holiday | undefined {
  if (!entry) return undefined;
  return BY_SOURCE_NAME[entry.split(',')[0] ?? ''];
}
