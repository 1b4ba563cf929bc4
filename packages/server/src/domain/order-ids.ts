import { randomBytes, randomInt } from 'node:crypto';
import { formatCalendarDate, localDate } from './time-zone.js';

const ORDER_ID = /^[0-9a-f]{24}$/;

export function isOrderId(text: string): boolean {
  return ORDER_ID.test(text);
}

/** ObjectId-shaped: 8 hex digits of the creation second, then 16 random hex digits. */
export function newOrderId(createdAt: number, random: () => string = () => randomBytes(8).toString('hex')): string {
  return createdAt.toString(16).padStart(8, '0') + random();
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
