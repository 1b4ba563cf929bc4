import { randomBytes, randomInt } from 'node:crypto';
import { formatCalendarDate, localDate } from './time-zone.js';

const ORDER_ID = /^[0-9a-f]{24}$/;

export function isOrderId(text: string): boolean {
  return ORDER_ID.test(text);
}

/** The largest instant an 8-hex-digit id prefix can hold (2106-02-07). */
export const LAST_ID_SECOND = 0xffffffff;

/** The 8 hex digits an order id created at `seconds` begins with. */
export function idPrefix(seconds: number): string {
  return Math.min(Math.max(0, Math.floor(seconds)), LAST_ID_SECOND).toString(16).padStart(8, '0');
}

/** ObjectId-shaped: 8 hex digits of the creation second, then 16 random hex digits. */
export function newOrderId(createdAt: number, random: () => string = () => randomBytes(8).toString('hex')): string {
  return idPrefix(createdAt) + random();
}

/** 20 digits: YYMMDD of creation in the service time zone, then 14 random digits. */
export function newOrderNumber(
  createdAt: number,
  timeZone: string,
  randomDigits: () => string = () => String(randomInt(0, 1e7)).padStart(7, '0') + String(randomInt(0, 1e7)).padStart(7, '0'),
): string {
  return formatCalendarDate(localDate(createdAt, timeZone)).slice(2).replaceAll('-', '') + randomDigits();
}

export function orderIdCreatedAt(orderId: string): number {
  return parseInt(orderId.slice(0, 8), 16);
}
