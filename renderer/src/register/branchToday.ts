import { localParts } from '../../../core/time/localDate';

/**
 * Today's date (YYYY-MM-DD) in the branch's zone, on the services' clock (the desk PC's clock
 * plus the offset measured at desk.info), so "today" here agrees with what the service checks.
 */
export function branchToday(timeZone: string, clockOffsetMs: number): string {
  return localParts(new Date(Date.now() + clockOffsetMs), timeZone).date;
}
