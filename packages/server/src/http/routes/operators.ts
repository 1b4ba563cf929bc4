import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SessionLimits } from '../../config.js';
import { OPERATOR_OPERATIONS } from '../../contract/operations.js';
import { readNewOperator } from '../../domain/operator-input.js';
import { nowSeconds } from '../../domain/timestamps.js';
import { readAuditLog } from '../../services/audit-log.js';
import type { Caller } from '../../services/authenticate.js';
import { createOperator, disableOperator, operatorsOf, resetOperatorPassword, type OperatorChange } from '../../services/operators.js';
import type { Storage } from '../../storage/storage.js';
import { callerOf, ownOrigin, requirePermission } from '../auth.js';
import { auditEntryView, operatorView, operatorWithLink } from '../operator-view.js';

function changeBy(request: FastifyRequest, limits: SessionLimits): OperatorChange {
  const caller: Caller = callerOf(request);
  const operator = caller.operator!;
  return {
    projectId: caller.projectId,
    by: { actor_type: 'operator', actor_id: operator.operator_id, actor_name: operator.name },
    ip: request.ip,
    now: nowSeconds(),
    linkSeconds: limits.passwordLinkSeconds,
  };
}

/** Staff accounts and the audit log: admins only (requirePermission('manage')). */
export function operatorRoutes(app: FastifyInstance, storage: Storage, limits: SessionLimits): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const manage = { preHandler: requirePermission('manage') };

  api.get('/v1/operators', { ...OPERATOR_OPERATIONS.listOperators, ...manage }, async (request) => ({
    list: (await operatorsOf(storage, callerOf(request).projectId)).map(operatorView),
  }));

  api.post('/v1/operators', { ...OPERATOR_OPERATIONS.createOperator, ...manage }, async (request, reply) => {
    const { operator, link } = await createOperator(storage, readNewOperator(request.body), null, changeBy(request, limits));
    return reply.code(201).send(operatorWithLink(operator, link!, ownOrigin(request)));
  });

  api.post('/v1/operators/:operator_id/disable', { ...OPERATOR_OPERATIONS.disableOperator, ...manage }, async (request) =>
    operatorView(await disableOperator(storage, request.params.operator_id, changeBy(request, limits))),
  );

  api.post('/v1/operators/:operator_id/reset-password', { ...OPERATOR_OPERATIONS.resetOperatorPassword, ...manage }, async (request) => {
    const { operator, link } = await resetOperatorPassword(storage, request.params.operator_id, changeBy(request, limits));
    return operatorWithLink(operator, link, ownOrigin(request));
  });

  api.get('/v1/audit-log', { ...OPERATOR_OPERATIONS.auditLog, ...manage }, async (request) => ({
    list: (await readAuditLog(storage, callerOf(request).projectId)).map(auditEntryView),
  }));
}
