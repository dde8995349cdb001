import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../core/contract/methods';
import { call, type DeskError } from '../api/kiosk';

export type PlanOption = MethodOutput<'plans.list'>[number];

/** The plans the desk sells, from the services (the branch's price list may differ from core's defaults). */
export function usePlans(): { plans: PlanOption[] | null; error: DeskError | null } {
  const [plans, setPlans] = useState<PlanOption[] | null>(null);
  const [error, setError] = useState<DeskError | null>(null);
  useEffect(() => {
    let live = true;
    void call('plans.list', {}).then((res) => {
      if (!live) return;
      if (res.ok) setPlans(res.value);
      else setError(res.error);
    });
    return () => {
      live = false;
    };
  }, []);
  return { plans, error };
}
