import { assertTimeZone } from './domain/time-zone.js';

export interface ServiceConfig {
  /** Calendar days of filters and order numbers are days in this zone. */
  timeZone: string;
  /** An order in payment (status 1) longer than this is reported as stuck by the summary. */
  stuckPaymentMinutes: number;
}

export const DEFAULT_TIME_ZONE = 'Asia/Seoul';
export const DEFAULT_STUCK_PAYMENT_MINUTES = 30;

function stuckPaymentMinutes(given: number | string | undefined): number {
  if (given === undefined || given === '') return DEFAULT_STUCK_PAYMENT_MINUTES;
  const minutes = Number(given);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 10_080) {
    throw new Error(`JUMUN_STUCK_PAYMENT_MINUTES must be a whole number of minutes from 1 to 10080, not '${given}'`);
  }
  return minutes;
}

export function serviceConfig(overrides: Partial<ServiceConfig> = {}): ServiceConfig {
  const timeZone = overrides.timeZone ?? process.env.JUMUN_TIME_ZONE ?? DEFAULT_TIME_ZONE;
  try {
    assertTimeZone(timeZone);
  } catch {
    throw new Error(`Unknown time zone '${timeZone}': use an IANA name such as Asia/Seoul`);
  }
  return {
    timeZone,
    stuckPaymentMinutes: stuckPaymentMinutes(overrides.stuckPaymentMinutes ?? process.env.JUMUN_STUCK_PAYMENT_MINUTES),
  };
}
