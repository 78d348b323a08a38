/** The policy library API: public list/search/detail, the FAQ knowledge base, and the workbench workflow. */
import type {
  Faq,
  FaqAskResult,
  FaqCreate,
  InterpretationCreate,
  InterpretationUpdate,
  Policy,
  PolicyCreate,
  PolicyDetail,
  PolicyKind,
  PolicyListItem,
  PolicyStatus,
  PolicyTopic,
  PolicyUpdate,
  PolicyValidity,
  PolicyWorkDetail,
  Review,
  ValidityChange,
  FaqUpdate,
  FavoriteItem,
  FavoriteState,
  ImportReport,
  PolicyImport,
  Suggestion,
} from '@zwgk/types';
import { apiRequest } from './http';

interface CallOptions {
  toast?: boolean;
}

export interface PolicyQuery {
  q?: string;
  organ?: string;
  kind?: PolicyKind;
  topic?: PolicyTopic;
  validity?: PolicyValidity;
  from?: string;
  to?: string;
  sort?: 'relevance' | 'date';
  limit?: number;
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const id = (s: string) => encodeURIComponent(s);

/** Page paths of the policy library. */
export const POLICY_ROUTES = {
  detail: '/pages/policy-detail/index',
  workList: '/workbench/policies/index',
  workDetail: '/workbench/policies/detail',
  workEdit: '/workbench/policies/edit',
  workInterp: '/workbench/policies/interp',
  search: '/pages/policy-search/index',
  favorites: '/pages/policy-favorites/index',
  workImport: '/workbench/policies/import',
  workFaqs: '/workbench/policies/faqs',
} as const;

export const policiesApi = {
  list: (query: PolicyQuery, o: CallOptions = {}) =>
    apiRequest<Page<PolicyListItem>>('/policies', {
      query: { ...query, cursor: query.cursor ?? undefined },
      auth: false,
      ...o,
    }),
  get: (policyId: string, o: CallOptions = {}) =>
    apiRequest<PolicyDetail>(`/policies/${id(policyId)}`, { auth: false, ...o }),
  suggest: (q: string, o: CallOptions = {}) =>
    apiRequest<{ items: Suggestion[] }>('/policies/suggest', {
      query: { q },
      auth: false,
      toast: false,
      ...o,
    }),
  favoriteState: (policyId: string, o: CallOptions = {}) =>
    apiRequest<FavoriteState>(`/policies/${id(policyId)}/favorite`, { toast: false, ...o }),
  favorite: (policyId: string, on: boolean, o: CallOptions = {}) =>
    apiRequest<FavoriteState>(`/policies/${id(policyId)}/favorite`, { method: on ? 'PUT' : 'DELETE', ...o }),
  favorites: (cursor: string | null, o: CallOptions = {}) =>
    apiRequest<Page<FavoriteItem>>('/me/favorites', {
      query: { limit: 20, cursor: cursor ?? undefined },
      ...o,
    }),
  ask: (question: string, o: CallOptions = {}) =>
    apiRequest<FaqAskResult>('/faq/ask', { method: 'POST', body: { question }, auth: false, ...o }),

  work: {
    list: (
      query: { status?: PolicyStatus; q?: string; cursor?: string | null; limit?: number },
      o: CallOptions = {},
    ) =>
      apiRequest<Page<Policy>>('/workbench/policies', {
        query: { ...query, cursor: query.cursor ?? undefined },
        ...o,
      }),
    get: (policyId: string, o: CallOptions = {}) =>
      apiRequest<PolicyWorkDetail>(`/workbench/policies/${id(policyId)}`, o),
    create: (input: PolicyCreate, idempotencyKey: string, o: CallOptions = {}) =>
      apiRequest<PolicyWorkDetail>('/workbench/policies', {
        method: 'POST',
        body: input,
        idempotencyKey,
        ...o,
      }),
    update: (policyId: string, input: PolicyUpdate, o: CallOptions = {}) =>
      apiRequest<PolicyWorkDetail>(`/workbench/policies/${id(policyId)}`, {
        method: 'PATCH',
        body: input,
        ...o,
      }),
    submit: (policyId: string) =>
      apiRequest<PolicyWorkDetail>(`/workbench/policies/${id(policyId)}/submit`, {
        method: 'POST',
        body: {},
      }),
    review: (policyId: string, input: Review, o: CallOptions = {}) =>
      apiRequest<PolicyWorkDetail>(`/workbench/policies/${id(policyId)}/review`, {
        method: 'POST',
        body: input,
        ...o,
      }),
    changeValidity: (policyId: string, input: ValidityChange) =>
      apiRequest<PolicyWorkDetail>(`/workbench/policies/${id(policyId)}/validity`, {
        method: 'POST',
        body: input,
      }),
    createInterpretation: (
      policyId: string,
      input: InterpretationCreate,
      idempotencyKey: string,
      o: CallOptions = {},
    ) =>
      apiRequest<PolicyWorkDetail>(`/workbench/policies/${id(policyId)}/interpretations`, {
        method: 'POST',
        body: input,
        idempotencyKey,
        ...o,
      }),
    updateInterpretation: (interpId: string, input: InterpretationUpdate, o: CallOptions = {}) =>
      apiRequest<PolicyWorkDetail>(`/workbench/interpretations/${id(interpId)}`, {
        method: 'PATCH',
        body: input,
        ...o,
      }),
    submitInterpretation: (interpId: string) =>
      apiRequest<PolicyWorkDetail>(`/workbench/interpretations/${id(interpId)}/submit`, {
        method: 'POST',
        body: {},
      }),
    reviewInterpretation: (interpId: string, input: Review) =>
      apiRequest<PolicyWorkDetail>(`/workbench/interpretations/${id(interpId)}/review`, {
        method: 'POST',
        body: input,
      }),
    createFaq: (input: FaqCreate, idempotencyKey: string, o: CallOptions = {}) =>
      apiRequest<{ faq: Faq }>('/workbench/faqs', { method: 'POST', body: input, idempotencyKey, ...o }),
    updateFaq: (faqId: string, input: FaqUpdate, o: CallOptions = {}) =>
      apiRequest<{ faq: Faq }>(`/workbench/faqs/${id(faqId)}`, { method: 'PATCH', body: input, ...o }),
    faqs: (query: { organ?: string; standalone?: boolean }, o: CallOptions = {}) =>
      apiRequest<{ items: Faq[] }>('/workbench/faqs', {
        query: { organ: query.organ, standalone: query.standalone ? 'true' : undefined },
        ...o,
      }),
    importPolicies: (input: PolicyImport, idempotencyKey: string, o: CallOptions = {}) =>
      apiRequest<ImportReport>('/policies/import', { method: 'POST', body: input, idempotencyKey, ...o }),
  },
};

/** "2023-05-16T01:00:00.000Z" → "2023-05-16" in Beijing time. */
export function beijingDate(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 10);
}

export function beijingDateTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}
