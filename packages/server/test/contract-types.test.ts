import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Static } from '@sinclair/typebox';
import type * as Client from 'jumun-client';
import type { AccessTokenSchema, ErrorEnvelopeSchema } from '../src/contract/common-schemas.js';
import type { LIST_PARAMETERS, MONTH_PARAMETERS } from '../src/contract/constants.js';
import type { OrderDetailSchema, OrderListItemSchema, OrderListSchema } from '../src/contract/order-schemas.js';
import type { OrderListParams, ParametersOf, SubscriptionListParams } from '../src/contract/query-schemas.js';
import type { SubscriptionDetailSchema, SubscriptionListSchema } from '../src/contract/subscription-schemas.js';
import type { OrderSummarySchema } from '../src/contract/summary-schema.js';
import type {
  CreateWebhookBodySchema,
  WebhookDeliverySchema,
  WebhookEndpointSchema,
  WebhookEndpointWithSecretSchema,
  WebhookTestResultSchema,
} from '../src/contract/webhook-schemas.js';
import type { CreateOrderBodySchema } from '../src/contract/write-schemas.js';

/**
 * The client's public types against the schemas' static types. This file is the test: when a
 * type disagrees, `tsc` (run by `npm test`) fails to compile it. The runtime part only reports.
 */
type Identical<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** TypeBox's static types are intersections; flattened, identical types compare equal. */
type Flat<T> = { [K in keyof T]: T[K] };
type Equal<A, B> = Identical<Flat<A>, Flat<B>>;
type Expect<T extends true> = T;

export type ContractTypeChecks = [
  Expect<Equal<Client.OrderListItem, Static<typeof OrderListItemSchema>>>,
  Expect<Equal<Client.OrderList, Static<typeof OrderListSchema>>>,
  Expect<Equal<Client.OrderDetail, Static<typeof OrderDetailSchema>>>,
  Expect<Equal<Client.OrderSummary, Static<typeof OrderSummarySchema>>>,
  Expect<Equal<Client.AccessToken, Static<typeof AccessTokenSchema>>>,
  Expect<Equal<Client.ErrorEnvelope, Static<typeof ErrorEnvelopeSchema>>>,
  Expect<Equal<Client.CreateOrderParams, Static<typeof CreateOrderBodySchema>>>,
  Expect<Equal<Client.OrderListParams, OrderListParams>>,
  Expect<Equal<Client.OrderListParams, ParametersOf<typeof LIST_PARAMETERS>>>,
  Expect<Equal<Client.OrderMonthParams, Required<Pick<ParametersOf<typeof MONTH_PARAMETERS>, 'user_group_id' | 'search_date'>> & Omit<ParametersOf<typeof MONTH_PARAMETERS>, 'user_group_id' | 'search_date'>>>,
  Expect<Equal<Client.OrderStatus, Static<typeof OrderListItemSchema>['status']>>,
  Expect<Equal<Client.SubscriptionList, Static<typeof SubscriptionListSchema>>>,
  Expect<Equal<Client.SubscriptionDetail, Static<typeof SubscriptionDetailSchema>>>,
  Expect<Equal<Client.SubscriptionListParams, SubscriptionListParams>>,
  Expect<Equal<Client.WebhookEndpoint, Static<typeof WebhookEndpointSchema>>>,
  Expect<Equal<Client.WebhookEndpointWithSecret, Static<typeof WebhookEndpointWithSecretSchema>>>,
  Expect<Equal<Client.CreateWebhookParams, Static<typeof CreateWebhookBodySchema>>>,
  Expect<Equal<Client.WebhookDelivery, Static<typeof WebhookDeliverySchema>>>,
  Expect<Equal<Client.WebhookTestResult, Static<typeof WebhookTestResultSchema>>>,
  // The checker itself must tell different types apart, or every line above would pass.
  Expect<Equal<Equal<Client.OrderListItem, Omit<Static<typeof OrderListItemSchema>, 'receipt_id'>>, false>>,
  Expect<Equal<Equal<{ a?: string }, { a: string }>, false>>,
];

test('the client types equal the schema types (checked by tsc when this file compiles)', () => {
  const checks: ContractTypeChecks['length'] = 21;
  assert.equal(checks, 21);
});
