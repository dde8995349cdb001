import type { DeskInfoDto, StaffDto } from '../core/contract/dto';
import { KioskError } from '../core/contract/errors';
import { activeStaff, getSetting, putSetting } from '../db/queries/desk';
import type { ServiceContext } from './context';

const ON_DUTY_KEY = 'desk.onDutyStaffId';

/**
 * Who is on duty at this desk. Visits and overrides record it. (Sign-in with a PIN replaces the
 * plain choice in a later step; the services already take the staff id from here.)
 */
export class DeskService {
  private onDuty: StaffDto | null = null;

  constructor(private readonly ctx: ServiceContext) {}

  async load(): Promise<void> {
    const id = await getSetting(this.ctx.kdb.db, ON_DUTY_KEY);
    const staff = await activeStaff(this.ctx.kdb.db, this.ctx.desk.branchId);
    this.onDuty = staff.find((s) => s.id === id) ?? null;
  }

  onDutyStaffId(): string | null {
    return this.onDuty?.id ?? null;
  }

  async info(): Promise<DeskInfoDto> {
    const d = this.ctx.desk;
    return {
      branch: { id: d.branchId, code: d.branchCode, name: d.branchName, timeZone: d.timeZone },
      device: { id: d.deviceId, name: d.deviceName },
      staff: await activeStaff(this.ctx.kdb.db, d.branchId),
      onDuty: this.onDuty,
      policy: this.ctx.policy,
      now: this.ctx.clock.now().toISOString(),
    };
  }

  async setOnDuty(staffId: string): Promise<StaffDto> {
    const staff = (await activeStaff(this.ctx.kdb.db, this.ctx.desk.branchId)).find((s) => s.id === staffId);
    if (!staff) throw new KioskError('NOT_FOUND', 'staff member not found at this branch');
    await putSetting(this.ctx.kdb.db, ON_DUTY_KEY, staff.id);
    this.onDuty = staff;
    return staff;
  }
}
