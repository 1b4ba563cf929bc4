import { assertTimeZone } from './domain/time-zone.js';

export interface ServiceConfig {
  /** Calendar days of filters and order numbers are days in this zone. */
  timeZone: string;
  /** An order in payment (status 1) longer than this is reported as stuck by the summary. */
  stuckPaymentMinutes: number;
  /** Bearer token that `/metrics` asks for (JUMUN_METRICS_TOKEN); null: no `/metrics` at all. */
  metricsToken: string | null;
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

function metricsToken(given: string | null | undefined): string | null {
  if (given === undefined || given === null || given === '') return null;
  if (given.length < 16) throw new Error('JUMUN_METRICS_TOKEN must be at least 16 characters long');
  return given;
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
    metricsToken: metricsToken(overrides.metricsToken === undefined ? process.env.JUMUN_METRICS_TOKEN : overrides.metricsToken),
  };
}
