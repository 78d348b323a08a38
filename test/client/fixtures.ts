import type { Booking, LoginResult, SessionListItem, User } from '@zwgk/types';

export function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: '64b7f0c2a1b2c3d4e5f60718',
    displayName: '张三',
    username: null,
    roles: ['citizen'],
    organIds: [],
    organs: [],
    disabled: false,
    createdAt: '2026-11-01T02:00:00.000Z',
    ...overrides,
  };
}

export const STAFF1 = makeUser({
  id: '64b7f0c2a1b2c3d4e5f60719',
  displayName: '李经办',
  username: 'staff1',
  roles: ['staff', 'reviewer'],
  organIds: ['64b7f0c2a1b2c3d4e5f60001'],
  organs: [{ id: '64b7f0c2a1b2c3d4e5f60001', name: '某市人民政府办公室' }],
});

export function loginResult(user: User, token = 'access-1', refreshToken = 'refresh-token-1'): LoginResult {
  return { token, expiresIn: 900, refreshToken, user };
}

export function json(statusCode: number, data: unknown) {
  return Promise.resolve({ statusCode, data });
}

export function apiError(statusCode: number, code: string, message: string) {
  return json(statusCode, { error: { code, message } });
}

/** A session of the 公开讲 list (12月3日 14:30-16:00 Beijing time, seats open). */
export const SESSION_ID = '64b7f0c2a1b2c3d4e5f6a001';

export function sessionItem(overrides: Partial<SessionListItem> = {}): SessionListItem {
  return {
    id: SESSION_ID,
    title: '高校毕业生就业创业扶持政策解读',
    topic: '就业创业',
    organName: '江西省人力资源和社会保障厅',
    startsAt: '2026-12-03T06:30:00.000Z',
    endsAt: '2026-12-03T08:00:00.000Z',
    zone: { id: '64b7f0c2a1b2c3d4e5f6b001', name: '江西省政务服务中心政务公开专区', address: '南昌市' },
    room: '一楼政策解读室',
    capacity: 60,
    seatsLeft: 57,
    waitlistCount: 0,
    status: 'published',
    bookingState: 'open',
    bookingOpensAt: '2026-11-20T00:00:00.000Z',
    myBooking: null,
    ...overrides,
  };
}

export function bookingOf(overrides: Partial<Booking> = {}): Booking {
  return {
    id: '64b7f0c2a1b2c3d4e5f6c001',
    sessionId: SESSION_ID,
    status: 'confirmed',
    code: 'K7M3QX',
    seatNo: 4,
    waitlistPosition: null,
    qr: 'signed-qr-content',
    createdAt: '2026-12-01T02:00:00.000Z',
    checkedInAt: null,
    cancelledAt: null,
    noShow: false,
    ...overrides,
  };
}
