import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../../api/client';

export type Milestone = Schemas['MilestoneResponse'];
export type Reminder = Schemas['ReminderResponse'];
export type AuditEvent = Schemas['AuditEventResponse'];
export type AgreementTerm = Schemas['AgreementTermResponse'];

/** Everything about one agreement hangs under ['agreement', id]: one invalidation refreshes the page. */
export const agreementKey = (id: string) => ['agreement', id] as const;

export function useAgreement(id: string) {
  return useQuery({
    queryKey: agreementKey(id),
    enabled: id !== '',
    queryFn: async () => unwrap(await api.GET('/agreements/{id}', { params: { path: { id } } })),
  });
}

export function useAgreementTerms(id: string) {
  return useQuery({
    queryKey: [...agreementKey(id), 'terms'],
    queryFn: async () => unwrap(await api.GET('/agreements/{id}/terms', { params: { path: { id } } })),
  });
}

/** Archived milestones too: the page shows them marked, and they can be restored. */
export function useAgreementMilestones(id: string) {
  return useQuery({
    queryKey: [...agreementKey(id), 'milestones'],
    queryFn: async () =>
      unwrap(
        await api.GET('/agreements/{id}/milestones', {
          params: { path: { id }, query: { limit: 100, includeArchived: true } },
        }),
      ),
  });
}

export function useAgreementReminders(id: string) {
  return useQuery({
    queryKey: [...agreementKey(id), 'reminders'],
    queryFn: async () =>
      unwrap(await api.GET('/agreements/{id}/reminders', { params: { path: { id }, query: { limit: 100 } } })),
  });
}

export function useAgreementHistory(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...agreementKey(id), 'history'],
    enabled,
    queryFn: async () =>
      unwrap(await api.GET('/agreements/{id}/history', { params: { path: { id }, query: { limit: 100 } } })),
  });
}

/** After any write on the record: the record, its terms, milestones, reminders and history. */
export function useRefreshAgreement(id: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: agreementKey(id) });
}
