import { assertTimeZone } from './domain/time-zone.js';

export interface ServiceConfig {
  /** Calendar days of filters and order numbers are days in this zone. */
  timeZone: string;
}

export const DEFAULT_TIME_ZONE = 'Asia/Seoul';

export function serviceConfig(overrides: Partial<ServiceConfig> = {}): ServiceConfig {
  const timeZone = overrides.timeZone ?? process.env.JUMUN_TIME_ZONE ?? DEFAULT_TIME_ZONE;
  try {
    assertTimeZone(timeZone);
  } catch {
    throw new Error(`Unknown time zone '${timeZone}': use an IANA name such as Asia/Seoul`);
  }
  return { timeZone };
}
