/** Console routes, relative to the /console base. */
export const paths = {
  signIn: '/sign-in',
  changePassword: '/account/password',
  register: '/agreements',
  agreement: (id: string) => `/agreements/${id}`,
  agreementNew: '/agreements/new',
  agreementEdit: (id: string) => `/agreements/${id}/edit`,
  deadlines: '/deadlines',
  milestones: '/milestones',
  imports: '/imports',
};

/** Only paths inside the console: `next` comes from the URL, so it must not lead elsewhere. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : paths.register;
}
