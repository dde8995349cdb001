import type { StaffRole } from '../../core/staff/permissions';

/**
 * The demo chain's staff and their desk PINs (shown in the README and on the demo desk's sign-in
 * screen). The hashes are precomputed with the default scrypt cost, so seeding a demo database
 * costs no hashing; demoStaff.test.ts checks each hash still matches its PIN.
 */
export interface DemoStaff {
  name: string;
  role: StaffRole;
  pin: string;
  pinHash: string;
}

export const DEMO_STAFF: readonly DemoStaff[] = [
  { name: '王芳', role: 'reception', pin: '135790', pinHash: 'scrypt$32768$8$1$eZ44U0kGRw3sc7Ll2PuJbg==$PHwJHMFBuEdEX7NdXhAgT4LAa4oQXHeV2CqL2Ba7Zfk=' },
  { name: '李娜', role: 'reception', pin: '246813', pinHash: 'scrypt$32768$8$1$j+3A5eaYGJezOqU5sy/5Pw==$N1/boqq07h6R4JlvZybSXldTQGEktvP1wcWRfcNpPE4=' },
  { name: '张伟', role: 'manager', pin: '864213', pinHash: 'scrypt$32768$8$1$wAebWXkjH0hXwmi7hAd/8A==$keS20vF/sKAZtuUu+P3t203WFSbL6Wki20faW6cVZ/g=' },
  { name: '陈静', role: 'coach', pin: '975310', pinHash: 'scrypt$32768$8$1$p2fDhptlTIvFUx8guX6hpw==$ZYmU0UXoP10NOgIDdVa8EQPymVdXAhvitjFBG5KT36I=' },
  { name: '刘洋', role: 'coach', pin: '753102', pinHash: 'scrypt$32768$8$1$qIYWTjUJwmyuL+K9VLI8SA==$eiI+wkOaS1KjqtZn/YTEFEraoRcKAdPgQ3RKZvzw9/M=' },
  { name: '赵敏', role: 'headoffice', pin: '918273', pinHash: 'scrypt$32768$8$1$eEb6RUx6kK3mppV2JZ0C3g==$irNNGPicFqA/gwGPr41iwik6YY0GkhPyw9dqx5wLwa8=' },
];

export function demoStaff(role: StaffRole): DemoStaff {
  const found = DEMO_STAFF.find((s) => s.role === role);
  if (!found) throw new Error(`no demo staff with role ${role}`);
  return found;
}
