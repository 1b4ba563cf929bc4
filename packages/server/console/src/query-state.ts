/**
 * What the console shows, read from and written to the URL, so a link reproduces the view and
 * back/forward walk through it. Filter parameters are exactly the API's (its parameter table).
 */
import { DEFAULT_LIMIT, LIST_PARAMETERS, MAX_LIMIT, type ListParameterName } from './generated/contract-constants.js';

type FilterParameters = { [K in ListParameterName]: (typeof LIST_PARAMETERS)[K]['group'] extends 'filter' ? K : never };
export type FilterParam = FilterParameters[ListParameterName];
export const FILTER_PARAMS = (Object.keys(LIST_PARAMETERS) as ListParameterName[]).filter(
  (name): name is FilterParam => LIST_PARAMETERS[name].group === 'filter',
);

export const PAGE_SIZES = [DEFAULT_LIMIT, MAX_LIMIT] as const;

export interface ViewState {
  /** Only filter parameters, each once, arrays comma-joined. */
  filters: URLSearchParams;
  page: number;
  limit: number;
  /** The order whose detail is open. */
  orderId: string | null;
}

function positive(text: string | null, fallback: number): number {
  const value = Number(text);
  return Number.isInteger(value) && value >= 1 ? value : fallback;
}

export function readViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const filters = new URLSearchParams();
  for (const name of FILTER_PARAMS) {
    const values = params.getAll(name).filter((v) => v !== '');
    if (values.length > 0) filters.set(name, values.join(','));
  }
  const limit = positive(params.get('limit'), DEFAULT_LIMIT);
  return {
    filters,
    page: positive(params.get('page'), 1),
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_LIMIT,
    orderId: params.get('order'),
  };
}

export function viewStateSearch(state: ViewState): string {
  const params = new URLSearchParams(state.filters);
  if (state.page > 1) params.set('page', String(state.page));
  if (state.limit !== DEFAULT_LIMIT) params.set('limit', String(state.limit));
  if (state.orderId) params.set('order', state.orderId);
  const search = params.toString();
  return search ? `?${search}` : '';
}

export function listParams(state: ViewState): URLSearchParams {
  const params = new URLSearchParams(state.filters);
  params.set('page', String(state.page));
  params.set('limit', String(state.limit));
  return params;
}

export function listValues(filters: URLSearchParams, name: FilterParam): string[] {
  return (filters.get(name) ?? '').split(',').filter((v) => v !== '');
}

/** A copy of the filters with one parameter set (or removed when empty). */
export function withFilter(filters: URLSearchParams, name: FilterParam, value: string | readonly string[] | null): URLSearchParams {
  const next = new URLSearchParams(filters);
  const text = Array.isArray(value) ? value.join(',') : (value as string | null) ?? '';
  if (text.trim() === '') next.delete(name);
  else next.set(name, text.trim());
  return next;
}

/** The state after a change of filters: back to the first page, detail closed. */
export function withFilters(state: ViewState, filters: URLSearchParams): ViewState {
  return { ...state, filters, page: 1, orderId: null };
}
