import type { DeskInfoDto } from '../core/contract/dto';
import { activeStaff, getSetting } from '../db/queries/desk';
import type { ServiceContext } from './context';
import { DEMO_STAFF } from './demo/demoStaff';

/** The desk's identity, its staff and who holds it (from the PIN sign-in). */
export class DeskService {
  private demo = false;

  constructor(private readonly ctx: ServiceContext) {}

  async load(): Promise<void> {
    this.demo = (await getSetting(this.ctx.kdb.db, 'demo')) === '1';
  }

  async info(): Promise<DeskInfoDto> {
    const d = this.ctx.desk;
    const state = this.ctx.auth.deskState();
    const staff = await activeStaff(this.ctx.kdb.db, d.branchId);
    const demoPins = this.demo
      ? staff.flatMap((s) => DEMO_STAFF.filter((demo) => demo.name === s.name && demo.role === s.role).map((demo) => ({ staffId: s.id, pin: demo.pin })))
      : [];
    const holder = state.status === 'active' ? state.session : state.status === 'locked' ? state : null;
    return {
      branch: { id: d.branchId, code: d.branchCode, name: d.branchName, timeZone: d.timeZone },
      device: { id: d.deviceId, name: d.deviceName },
      staff,
      onDuty: holder ? { id: holder.staffId, name: holder.name, role: holder.role } : null,
      demo: this.demo,
      demoPins,
      policy: this.ctx.policy,
      now: this.ctx.clock.now().toISOString(),
    };
  }
}
