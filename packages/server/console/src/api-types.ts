/** The shapes of the API responses the console reads: generated from the server's schemas. */
export type { AccessToken, AuditLog, ConsoleSession, Operator, OperatorList, OperatorWithLink, OrderDetail, OrderList, OrderListItem, OrderSummary, SavedView, SavedViewList } from './generated/api-types.js';
import type { OrderSummary } from './generated/api-types.js';

export type Totals = OrderSummary['by_status'][string];
export type SeriesDay = OrderSummary['daily']['days'][number];
export type IssueName = keyof OrderSummary['issues'];
