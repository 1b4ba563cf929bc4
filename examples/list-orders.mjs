// Lists this month's paid orders from a jumun server (or Bootpay itself).
//
//   npm start                                   # in another terminal: the demo server
//   JUMUN_CLIENT_KEY=… JUMUN_SECRET_KEY=… node examples/list-orders.mjs
//
// JUMUN_BASE_URL defaults to the local demo server, http://127.0.0.1:8080/v1.
import { BootpayCommerce, BootpayCommerceError, ORDER_STATUS, RECEIPT_STATUS_LABELS } from 'jumun-client';

const { JUMUN_CLIENT_KEY, JUMUN_SECRET_KEY, JUMUN_BASE_URL = 'http://127.0.0.1:8080/v1' } = process.env;
if (!JUMUN_CLIENT_KEY || !JUMUN_SECRET_KEY) {
  console.error('Set JUMUN_CLIENT_KEY and JUMUN_SECRET_KEY (printed by `jumun keys create`).');
  process.exit(2);
}

const commerce = new BootpayCommerce({
  client_key: JUMUN_CLIENT_KEY,
  secret_key: JUMUN_SECRET_KEY,
  base_url: JUMUN_BASE_URL,
});

// Days are calendar days in Asia/Seoul, the server's default time zone.
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
const firstOfMonth = `${today.slice(0, 7)}-01`;

try {
  let count = 0;
  let total = 0;
  for await (const order of commerce.order.iterate({ status: [ORDER_STATUS.PAID], css_at: firstOfMonth, cse_at: today })) {
    count++;
    total += order.price;
    const paidAt = order.purchased_at ?? '-';
    console.log(`${order.order_number}  ${paidAt}  ${String(order.price).padStart(9)}원  ${RECEIPT_STATUS_LABELS[order.receipt_status].ko}  ${order.order_name}`);
  }
  console.log(`${count} paid orders from ${firstOfMonth} to ${today}, ${total.toLocaleString('ko-KR')}원 in total`);
} catch (error) {
  if (error instanceof BootpayCommerceError) {
    console.error(`${error.name}: ${error.message} (status ${error.status ?? '-'}, code ${error.code ?? '-'})`);
    process.exit(1);
  }
  throw error;
}
