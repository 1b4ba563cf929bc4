/** The shapes of the API responses the console reads. */
export interface Totals {
  count: number;
  amount: number;
}

export interface SeriesDay extends Totals {
  date: string;
  paid_count: number;
  paid_amount: number;
}

export type IssueName = 'stuck_payments' | 'cancellation_requests' | 'payment_failures';

export interface OrderSummary extends Totals {
  by_status: Record<string, Totals>;
  by_payment_status: Record<string, Totals>;
  daily: { date_field: string; from: string | null; to: string | null; truncated: boolean; days: SeriesDay[] };
  issues: Record<IssueName, { count: number; filter: Record<string, string> }>;
  stuck_payment_minutes: number;
  time_zone: string;
}

export interface OrderListItem {
  order_id: string;
  order_name: string;
  price: number;
  status: number;
  receipt_status: number;
  order_number: string;
  purchased_at: string | null;
  created_at: string;
  username: string | null;
  user_email: string | null;
  order_type: string;
}

export interface OrderList {
  count: number;
  list: OrderListItem[];
}

export interface OrderDetail extends OrderListItem {
  tax_free_price: number;
  user_id: string | null;
  user_phone: string | null;
  user_group_id: string | null;
  order_subscription_id: string | null;
  subscription_billing_type: number;
  receipt_id: string | null;
  cancelled_at: string | null;
  updated_at: string;
  payment: { method: string | null; card_name: string | null; card_no: string | null } | null;
  products: Array<{ product_id: string; name: string; quantity: number; price: number }>;
  subscription: { order_subscription_id: string; name: string; billing_type: number; created_at: string } | null;
  history: Array<{
    seq: number; at: string; action: string; from_status: number | null; to_status: number;
    from_receipt_status: number | null; to_receipt_status: number; actor: string | null; reason: string | null;
  }>;
}
