import { z } from 'zod';
import { IdSchema } from './common';

export const ROLES = ['citizen', 'organizer', 'staff', 'reviewer', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;
/** Roles that work for an organ and see the workbench (工作台). */
export const STAFF_SIDE_ROLES: readonly Role[] = ['organizer', 'staff', 'reviewer', 'admin'];

export const ROLE_LABELS: Record<Role, string> = {
  citizen: '群众',
  organizer: '活动组织者',
  staff: '工作人员',
  reviewer: '审核人员',
  admin: '系统管理员',
};

export const ORGAN_LEVELS = ['省', '市', '县'] as const;
export const OrganLevelSchema = z.enum(ORGAN_LEVELS);

export const OrganSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    code: z.string(),
    level: OrganLevelSchema,
    parentId: IdSchema.nullable(),
  })
  .meta({ id: 'Organ' });
export type Organ = z.infer<typeof OrganSchema>;

const organName = z.string().trim().min(2, '机关名称至少2个字').max(60, '机关名称不超过60个字');
const organCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{2,32}$/, '机关代码为2到32位字母、数字或短横线');

export const OrganCreateSchema = z
  .object({
    name: organName,
    code: organCode,
    level: OrganLevelSchema,
    parentId: IdSchema.nullable().optional(),
  })
  .strict()
  .meta({ id: 'OrganCreate' });
export type OrganCreate = z.infer<typeof OrganCreateSchema>;

export const OrganUpdateSchema = z
  .object({
    name: organName.optional(),
    level: OrganLevelSchema.optional(),
    parentId: IdSchema.nullable().optional(),
  })
  .strict()
  .meta({ id: 'OrganUpdate' });
export type OrganUpdate = z.infer<typeof OrganUpdateSchema>;

export const UserSchema = z
  .object({
    id: IdSchema,
    displayName: z.string(),
    username: z.string().nullable(),
    roles: z.array(RoleSchema),
    organIds: z.array(IdSchema),
    organs: z.array(OrganSchema.pick({ id: true, name: true })),
    disabled: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof UserSchema>;

export const TokenPairSchema = z.object({
  token: z.string().meta({ description: '访问令牌（JWT），放在 Authorization: Bearer 头中' }),
  expiresIn: z.number().int().meta({ description: '访问令牌有效秒数' }),
  refreshToken: z.string().meta({ description: '刷新令牌，用于换取新的访问令牌' }),
});

export const LoginResultSchema = TokenPairSchema.extend({ user: UserSchema }).meta({ id: 'LoginResult' });
export type LoginResult = z.infer<typeof LoginResultSchema>;

export const WechatLoginSchema = z
  .object({ code: z.string().trim().min(1, '缺少登录凭证 code').max(128) })
  .strict()
  .meta({ id: 'WechatLogin' });

const username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{3,32}$/, '用户名为3到32位字母、数字、下划线、点或短横线');
const password = z.string().min(8, '密码至少8位').max(128, '密码不超过128位');

export const PasswordLoginSchema = z
  .object({
    username: z.string().trim().min(1, '请输入用户名').max(64),
    password: z.string().min(1, '请输入密码').max(128),
  })
  .strict()
  .meta({ id: 'PasswordLogin' });

export const DevLoginSchema = z
  .object({ name: z.string().trim().min(1, '请输入姓名或昵称').max(20, '姓名或昵称不超过20个字') })
  .strict()
  .meta({ id: 'DevLogin' });

export const RefreshSchema = z
  .object({ refreshToken: z.string().min(10).max(200) })
  .strict()
  .meta({ id: 'Refresh' });

export const UserCreateSchema = z
  .object({
    username,
    displayName: z.string().trim().min(1, '请输入姓名').max(20),
    password,
    roles: z.array(RoleSchema).min(1, '至少选择一个角色').max(5),
    organIds: z.array(IdSchema).max(20).default([]),
  })
  .strict()
  .meta({ id: 'UserCreate' });
export type UserCreate = z.infer<typeof UserCreateSchema>;

export const UserUpdateSchema = z
  .object({
    displayName: z.string().trim().min(1).max(20).optional(),
    roles: z.array(RoleSchema).min(1).max(5).optional(),
    organIds: z.array(IdSchema).max(20).optional(),
    disabled: z.boolean().optional(),
    password: password.optional(),
  })
  .strict()
  .meta({ id: 'UserUpdate' });
export type UserUpdate = z.infer<typeof UserUpdateSchema>;

export const UserListQuerySchema = z.object({
  role: RoleSchema.optional(),
  organId: IdSchema.optional(),
  q: z.string().trim().max(40).optional(),
});

/** Password of the demo personas; they exist only where demo data is loaded (never in production). */
export const DEMO_PASSWORD = 'demo1234';

/** The demo personas shown on the H5 demo-login page. */
export const DEMO_PERSONAS = [
  { username: 'admin', label: '系统管理员' },
  { username: 'organizer1', label: '政务公开讲组织者' },
  { username: 'staff1', label: '依申请公开经办人员' },
  { username: 'reviewer1', label: '保密与合法性审核人员' },
] as const;
