import type { MethodName } from '../../core/contract/methods';

/**
 * Malformed and hostile inputs per method, beyond the ones every method gets (null, arrays,
 * prototype pollution). Each must be refused with INVALID_INPUT before any service runs.
 */
type Hostile = Partial<Record<MethodName, unknown[]>>;

const sqlText = "'; DROP TABLE member; --";
const script = '<script>alert(1)</script>';

export function staffHostileInputs(uuid: string, big: string) {
  return {
    'staff.state': [{ staffId: uuid }],
    'staff.signIn': [
      {},
      { staffId: uuid },
      { pin: '135790' },
      { staffId: 'x', pin: '135790' },
      { staffId: uuid, pin: 135790 },
      { staffId: uuid, pin: big },
      { staffId: uuid, pin: '135790', role: 'manager' },
      { staffId: sqlText, pin: '135790' },
    ],
    'staff.signOut': [{ everyone: true }],
    'staff.lock': [{ until: 'never' }],
    'staff.touch': [{ sessionId: uuid }],
    'staff.setPin': [{}, { staffId: uuid }, { staffId: uuid, pin: big }, { staffId: uuid, pin: ['135790'] }, { staffId: 'me', pin: '135790' }],
    'audit.recent': [{ limit: 0 }, { limit: 1000 }, { entityId: big }, { action: sqlText }, { action: 'x', extra: 1 }],
    'audit.verify': [{ fix: true }],
  } satisfies Hostile;
}

export function memberHostileInputs(uuid: string, big: string) {
  const profile = {
    name: '测试',
    gender: 'female',
    birthday: null,
    phone: '13800138000',
    idCard: null,
    emergencyContact: null,
    healthNotes: null,
    fitnessGoal: null,
    preferredCourses: [],
  };
  const register = {
    profile,
    consent: { sensitive: false, textVersion: 'sensitive-2026-11' },
    photoDataUrl: null,
    plan: { code: 'year', startsOn: '2026-11-23', amountFen: 299_900 },
    card: null,
    acknowledgeDuplicates: false,
  };
  const card = { card: '3A5F0001', format: 'hex' };
  return {
    'plans.list': [{ code: 'year' }],
    'members.findDuplicates': [{ phone: '123' }, { phone: big }, { idCard: big }, { phone: 13800138000 }, { name: '张' }],
    'members.register': [
      {},
      { ...register, profile: { ...profile, name: '' } },
      { ...register, profile: { ...profile, name: big } },
      { ...register, profile: { ...profile, phone: '1380013800' } },
      { ...register, profile: { ...profile, phone: `138${sqlText}` } },
      { ...register, profile: { ...profile, gender: 'other' } },
      { ...register, profile: { ...profile, birthday: '2026-02-30x' } },
      { ...register, profile: { ...profile, healthNotes: big } },
      { ...register, profile: { ...profile, preferredCourses: ['yoga', script] } },
      { ...register, profile: { ...profile, isAdmin: true } },
      { ...register, photoDataUrl: `javascript:${script}` },
      { ...register, photoDataUrl: `data:image/svg+xml;base64,PHN2Zz4=` },
      { ...register, photoDataUrl: `data:image/jpeg;base64,${'A'.repeat(500_000)}` },
      { ...register, plan: { code: 'lifetime', startsOn: '2026-11-23', amountFen: 1 } },
      { ...register, plan: { code: 'year', startsOn: '2026-11-23', amountFen: -1 } },
      { ...register, plan: { code: 'year', startsOn: '2026-11-23', amountFen: 1.5 } },
      { ...register, card: { card: script, format: 'hex' } },
      { ...register, acknowledgeDuplicates: 'yes' },
    ],
    'members.page': [{}, { memberId: 'M000001' }, { memberId: big }],
    'members.reveal': [{ memberId: uuid }, { memberId: uuid, field: 'password' }, { memberId: uuid, field: 'pin_hash' }, { memberId: 'x', field: 'idCard' }],
    'members.update': [
      { memberId: uuid },
      { memberId: uuid, changes: {} },
      { memberId: uuid, changes: { name: '林晓', isAdmin: true } },
      { memberId: uuid, changes: { name: '' } },
      { memberId: uuid, changes: { name: big } },
      { memberId: uuid, changes: { phone: '1380013800' } },
      { memberId: uuid, changes: { phone: `138${sqlText}` } },
      { memberId: uuid, changes: { fitnessGoal: big } },
      { memberId: uuid, changes: { idCard: big } },
      { memberId: uuid, changes: { preferredCourses: ['yoga', script] } },
      { memberId: uuid, changes: { gender: 'other' } },
      { memberId: uuid, changes: { birthday: 19900307 } },
      { memberId: uuid, changes: { preferredCourses: 'yoga' } },
      { memberId: uuid, changes: { emergencyContact: { name: '李', phone: '123' } } },
      { memberId: uuid, changes: { name: '林晓' }, consent: { sensitive: 'yes', textVersion: 'sensitive-2026-11' } },
      { memberId: uuid, changes: { name: '林晓' }, consent: { sensitive: true } },
      { memberId: uuid, changes: { name: '林晓' }, acknowledgeDuplicates: 1 },
      { memberId: sqlText, changes: { name: '林晓' } },
      { memberId: uuid, changes: [{ name: '林晓' }] },
    ],
    'cards.bind': [{ memberId: uuid }, { memberId: uuid, card: { card: '', format: 'hex' } }, { memberId: uuid, card: { ...card, format: 'octal' } }, { memberId: uuid, card: '3A5F0001' }],
    'cards.replace': [{ memberId: uuid, card: { card: big, format: 'hex' } }, { memberId: uuid, card: { ...card, extra: 1 } }],
    'cards.reportLost': [{}, { bindingId: 'x' }, { bindingId: sqlText }],
    'cards.unbind': [{}, { bindingId: 7 }],
    'membership.freeze': [
      { membershipId: uuid },
      { membershipId: uuid, from: '2026-11-23', until: '2026-13-01', reason: '出差' },
      { membershipId: uuid, from: 'today', until: '2026-12-01', reason: '出差' },
      { membershipId: uuid, from: '2026-11-23', until: '2026-12-01', reason: big },
    ],
    'membership.unfreeze': [{}, { membershipId: 'x' }],
    'membership.renew': [{ membershipId: uuid, planCode: 'year' }, { membershipId: uuid, planCode: 'forever', amountFen: 1 }, { membershipId: uuid, planCode: 'year', amountFen: 0 }],
    'membership.requestRefund': [{ membershipId: uuid, amountFen: 100, reason: '' }, { membershipId: uuid, amountFen: 1e12, reason: '搬家' }],
    'membership.decideRefund': [{ refundId: uuid }, { refundId: uuid, approve: 'yes' }, { refundId: uuid, approve: true, note: big }],
    'membership.cancel': [{ membershipId: uuid }, { membershipId: uuid, reason: 'x' }],
    'consumption.record': [
      { memberId: uuid, category: 'beer', amountFen: 100 },
      { memberId: uuid, category: 'product', amountFen: 0 },
      { memberId: uuid, category: 'product', amountFen: 100, receiptNo: '=cmd|calc' },
      { memberId: uuid, category: 'product', amountFen: 100, note: big },
    ],
    'consumption.import': [{ fileName: 'a.csv' }, { fileName: '', csv: 'x', dryRun: true }, { fileName: 'a.csv', csv: 5, dryRun: false }, { fileName: 'a.csv', csv: 'x'.repeat(10 * 1024 * 1024 + 1), dryRun: true }],
    'members.requestDeletion': [{ memberId: uuid }, { memberId: uuid, reason: big }],
    'members.deletionRequests': [{ all: true }],
    'members.decideDeletion': [{ requestId: uuid }, { requestId: uuid, approve: 1 }],
  } satisfies Hostile;
}

export function syncHostileInputs(big: string) {
  const ok = { serverUrl: 'http://127.0.0.1:8787', code: 'ABCD-EFGH-JKMN', deviceName: '前台 1' };
  return {
    'sync.status': [{ verbose: true }],
    'sync.now': [{ force: true }],
    'sync.enroll': [
      {},
      { ...ok, serverUrl: 'file:///etc/passwd' },
      { ...ok, serverUrl: 'javascript:alert(1)' },
      { ...ok, serverUrl: 'not a url' },
      { ...ok, serverUrl: 'http://user:pw@127.0.0.1:8787' },
      { ...ok, serverUrl: `http://h.example/${'x'.repeat(200)}` },
      { ...ok, code: sqlText },
      { ...ok, code: '12' },
      { ...ok, code: big },
      { ...ok, deviceName: '' },
      { ...ok, deviceName: big },
      { ...ok, deviceName: script.repeat(10) },
      { ...ok, branchId: 'x' },
    ],
    'sync.reenroll': [
      {},
      { ...ok, serverUrl: 'file:///etc/passwd' },
      { ...ok, serverUrl: 'http://user:pw@127.0.0.1:8787' },
      { ...ok, code: sqlText },
      { ...ok, code: big },
      { ...ok, deviceName: big },
      { ...ok, discardPending: true },
    ],
    'sync.issues': [
      { page: 0 },
      { page: -1 },
      { page: 1.5 },
      { page: '1' },
      { pageSize: 0 },
      { pageSize: 51 },
      { pageSize: 1e9 },
      { page: 1, pageSize: 20, status: 'pending' },
      { page: Number.NaN },
    ],
  } satisfies Hostile;
}
