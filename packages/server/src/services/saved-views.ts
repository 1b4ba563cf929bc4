import { LIST_PARAMETERS } from '../contract/constants.js';
import { ApiError, invalidField } from '../domain/errors.js';
import { newOrderId } from '../domain/order-ids.js';
import { parseOrderFilter } from '../domain/order-query.js';
import { parseQueryString } from '../domain/raw-query.js';
import { countOwnViews, deleteView, findView, insertView, listVisibleViews, setViewShared, type SavedViewRow } from '../storage/saved-view-repository.js';
import type { Storage } from '../storage/storage.js';
import type { OperatorIdentity } from './authenticate.js';

export const MAX_VIEWS_PER_OPERATOR = 20;
const MAX_QUERY_LENGTH = 2_000;
const FILTER_NAMES = new Set(Object.entries(LIST_PARAMETERS).flatMap(([name, spec]) =>
  spec.group === 'filter' ? [name, ...('alias' in spec ? [spec.alias] : [])] : []));

/**
 * A view's filters: a list query string whose parameters are all filters and read as the list
 * reads them (so a saved view can never be a broken list). Page, limit and cursor are not part of it.
 */
export function checkViewQuery(query: string, timeZone: string): string {
  const text = query.startsWith('?') ? query.slice(1) : query;
  if (text.length > MAX_QUERY_LENGTH) throw invalidField('query', query, `${MAX_QUERY_LENGTH}자 이하의 목록 조건`);
  const raw = parseQueryString(text);
  const other = Object.keys(raw).find((name) => !FILTER_NAMES.has(name.replace(/\[\d*\]$/, '')));
  if (other !== undefined) throw invalidField('query', query, `목록의 필터만 (${other}는 필터가 아님)`);
  try {
    parseOrderFilter(raw, timeZone);
  } catch (error) {
    if (error instanceof ApiError) throw invalidField('query', query, `목록이 받는 조건: ${error.message}`);
    throw error;
  }
  return text;
}

export function visibleViews(storage: Storage, projectId: string, operator: OperatorIdentity): Promise<SavedViewRow[]> {
  return listVisibleViews(storage.db, projectId, operator.operator_id);
}

export interface NewView {
  name: string;
  query: string;
  shared: boolean;
}

/** Saves the operator's filters under a name; only an admin shares a view with the project. */
export async function saveView(storage: Storage, projectId: string, operator: OperatorIdentity, view: NewView, now: number): Promise<SavedViewRow> {
  if (view.shared && operator.role !== 'admin') {
    throw new ApiError('ROLE_FORBIDDEN', '보기를 프로젝트에 공유하는 것은 관리자만 할 수 있습니다.', { role: operator.role, required_role: 'admin' });
  }
  return storage.db.transaction().execute(async (trx) => {
    if ((await countOwnViews(trx, projectId, operator.operator_id)) >= MAX_VIEWS_PER_OPERATOR) throw new ApiError('SAVED_VIEW_LIMIT');
    const row = {
      view_id: newOrderId(now), project_id: projectId, owner_operator_id: operator.operator_id,
      name: view.name, query: view.query, shared: view.shared ? 1 : 0, created_at: now,
    };
    await insertView(trx, row);
    return { ...row, owner_name: operator.name };
  });
}

async function viewYouMayChange(storage: Storage, projectId: string, operator: OperatorIdentity, viewId: string) {
  const view = await findView(storage.db, projectId, viewId);
  // Another operator's unshared view does not exist for you.
  if (!view || (view.owner_operator_id !== operator.operator_id && view.shared !== 1)) throw new ApiError('SAVED_VIEW_NOT_FOUND');
  if (view.owner_operator_id !== operator.operator_id && operator.role !== 'admin') {
    throw new ApiError('ROLE_FORBIDDEN', '다른 사람이 공유한 보기는 관리자만 바꾸거나 지울 수 있습니다.', { role: operator.role, required_role: 'admin' });
  }
  return view;
}

/** An admin shares a view with the project, or stops sharing it. */
export async function shareView(storage: Storage, projectId: string, operator: OperatorIdentity, viewId: string, shared: boolean): Promise<void> {
  if (operator.role !== 'admin') {
    throw new ApiError('ROLE_FORBIDDEN', '보기를 프로젝트에 공유하는 것은 관리자만 할 수 있습니다.', { role: operator.role, required_role: 'admin' });
  }
  await viewYouMayChange(storage, projectId, operator, viewId);
  await setViewShared(storage.db, projectId, viewId, shared);
}

export async function removeView(storage: Storage, projectId: string, operator: OperatorIdentity, viewId: string): Promise<void> {
  await viewYouMayChange(storage, projectId, operator, viewId);
  await deleteView(storage.db, projectId, viewId);
}
