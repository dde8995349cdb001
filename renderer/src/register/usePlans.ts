import { useCallback, useEffect, useState } from 'react';
import type { MethodOutput } from '../../../core/contract/methods';
import { call, type DeskError } from '../api/kiosk';

export type PlanOption = MethodOutput<'plans.list'>[number];

export interface PlansState {
  plans: PlanOption[] | null;
  error: DeskError | null;
  reload(): void;
}

/** The plans the desk sells, loaded once per visit to the screen. */
export function usePlans(): PlansState {
  const [plans, setPlans] = useState<PlanOption[] | null>(null);
  const [error, setError] = useState<DeskError | null>(null);
  const reload = useCallback(() => {
    setError(null);
    void call('plans.list', {}).then((res) => {
      if (res.ok) setPlans(res.value);
      else setError(res.error);
    });
  }, []);
  useEffect(reload, [reload]);
  return { plans, error, reload };
}
