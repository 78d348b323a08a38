import { Schema, Types, type Connection } from 'mongoose';
import { modelOn } from '../../platform/db';
import type { Role } from '@zwgk/types';

export interface OrganDoc {
  _id: Types.ObjectId;
  name: string;
  code: string;
  level: '省' | '市' | '县';
  parentId: Types.ObjectId | null;
  createdAt: Date;
}

export interface UserDoc {
  _id: Types.ObjectId;
  displayName: string;
  username: string | null;
  passwordHash: string | null;
  wechatOpenid: string | null;
  roles: Role[];
  organIds: Types.ObjectId[];
  disabled: boolean;
  tokenVersion: number;
  createdAt: Date;
  lastLoginAt: Date | null;
}

export interface RefreshTokenDoc {
  _id: string; // sha256 of the token
  userId: Types.ObjectId;
  expiresAt: Date;
  createdAt: Date;
}

export interface LoginFailureDoc {
  _id: Types.ObjectId;
  username: string;
  at: Date;
}

const OrganSchema = new Schema<OrganDoc>(
  {
    name: { type: String, required: true },
    code: { type: String, required: true, unique: true },
    level: { type: String, required: true, enum: ['省', '市', '县'] },
    parentId: { type: Schema.Types.ObjectId, default: null, index: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'organs' },
);

const UserSchema = new Schema<UserDoc>(
  {
    displayName: { type: String, required: true },
    username: { type: String, default: null, index: true },
    passwordHash: { type: String, default: null },
    wechatOpenid: { type: String, default: null, index: true },
    roles: { type: [String], required: true, index: true },
    organIds: { type: [Schema.Types.ObjectId], default: [], index: true },
    disabled: { type: Boolean, default: false },
    tokenVersion: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    lastLoginAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'users' },
);

const RefreshTokenSchema = new Schema<RefreshTokenDoc>(
  {
    _id: String,
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    expiresAt: { type: Date, required: true, index: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'refresh_tokens' },
);

const LoginFailureSchema = new Schema<LoginFailureDoc>(
  {
    username: { type: String, required: true, index: true },
    at: { type: Date, required: true, index: true },
  },
  { versionKey: false, collection: 'login_failures' },
);

export function accountModels(conn: Connection) {
  return {
    Organ: modelOn<OrganDoc>(conn, 'Organ', OrganSchema),
    User: modelOn<UserDoc>(conn, 'User', UserSchema),
    RefreshToken: modelOn<RefreshTokenDoc>(conn, 'RefreshToken', RefreshTokenSchema),
    LoginFailure: modelOn<LoginFailureDoc>(conn, 'LoginFailure', LoginFailureSchema),
  };
}
export type AccountModels = ReturnType<typeof accountModels>;
