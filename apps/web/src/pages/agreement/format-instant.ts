import type { Preferences } from '../../auth/auth-context';

/** An instant (when something changed or was sent) in office time, in the chosen language and calendar. */
export function useFormatInstant({ locale, calendar }: Preferences): (iso: string) => string {
  const tag = `${locale === 'th' ? 'th-TH' : 'en-GB'}-u-ca-${calendar === 'buddhist' ? 'buddhist' : 'gregory'}-nu-latn`;
  const format = new Intl.DateTimeFormat(tag, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Bangkok',
  });
  return (iso) => format.format(new Date(iso));
}
