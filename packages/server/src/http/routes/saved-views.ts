import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceConfig } from '../../config.js';
import type { SavedViewView } from '../../contract/operator-schemas.js';
import { SAVED_VIEW_OPERATIONS } from '../../contract/operations.js';
import { ApiError } from '../../domain/errors.js';
import { formatTimestamp, nowSeconds } from '../../domain/timestamps.js';
import type { OperatorIdentity } from '../../services/authenticate.js';
import { checkViewQuery, removeView, saveView, shareView, visibleViews } from '../../services/saved-views.js';
import type { SavedViewRow } from '../../storage/saved-view-repository.js';
import type { Storage } from '../../storage/storage.js';
import { callerOf } from '../auth.js';

/** Views belong to people: an API key has none. */
function operatorOf(request: FastifyRequest): { projectId: string; operator: OperatorIdentity } {
  const caller = callerOf(request);
  if (!caller.operator) throw new ApiError('ROLE_FORBIDDEN', '저장된 보기는 콘솔 운영자의 것입니다. API 키로는 쓸 수 없습니다.', { role: null, required_role: 'viewer' });
  return { projectId: caller.projectId, operator: caller.operator };
}

function viewOf(row: SavedViewRow, operator: OperatorIdentity): SavedViewView {
  return {
    view_id: row.view_id, name: row.name, query: row.query, shared: row.shared === 1, owner_name: row.owner_name,
    mine: row.owner_operator_id === operator.operator_id, created_at: formatTimestamp(row.created_at),
  };
}

/** `/v1/saved-views`: every role keeps its own; admins share with the project. */
export function savedViewRoutes(app: FastifyInstance, storage: Storage, config: ServiceConfig): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get('/v1/saved-views', SAVED_VIEW_OPERATIONS.listSavedViews, async (request) => {
    const { projectId, operator } = operatorOf(request);
    return { list: (await visibleViews(storage, projectId, operator)).map((row) => viewOf(row, operator)) };
  });

  api.post('/v1/saved-views', SAVED_VIEW_OPERATIONS.saveView, async (request, reply) => {
    const { projectId, operator } = operatorOf(request);
    const name = request.body.name.trim();
    if (name === '') throw new ApiError('INVALID_BODY', "name 값이 올바르지 않습니다: 빈 이름 (기대 형식: 공백이 아닌 60자 이하의 이름)", { parameter: 'name', value: request.body.name, expected: '공백이 아닌 60자 이하의 이름' });
    const query = checkViewQuery(request.body.query, config.timeZone);
    const saved = await saveView(storage, projectId, operator, { name, query, shared: request.body.shared ?? false }, nowSeconds());
    return reply.code(201).send(viewOf(saved, operator));
  });

  api.post('/v1/saved-views/:view_id/share', SAVED_VIEW_OPERATIONS.shareView, async (request) => {
    const { projectId, operator } = operatorOf(request);
    await shareView(storage, projectId, operator, request.params.view_id, request.body.shared);
    const row = (await visibleViews(storage, projectId, operator)).find((v) => v.view_id === request.params.view_id);
    if (!row) throw new ApiError('SAVED_VIEW_NOT_FOUND');
    return viewOf(row, operator);
  });

  api.delete('/v1/saved-views/:view_id', SAVED_VIEW_OPERATIONS.deleteView, async (request) => {
    const { projectId, operator } = operatorOf(request);
    await removeView(storage, projectId, operator, request.params.view_id);
    return { deleted: true as const };
  });
}
