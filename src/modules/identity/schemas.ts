import { z } from 'zod';
import { ROLES } from '../../platform/authz/roles.ts';

export const username = z
  .string()
  .trim()
  .min(3, '用户名至少3个字符')
  .max(40, '用户名不超过40个字符')
  .regex(/^[a-z][a-z0-9._-]*$/, '用户名只能用小写字母、数字、点、下划线和连字符，以字母开头');

export const grantInput = z.object({
  role: z.enum(ROLES, { errorMap: () => ({ message: `角色应为 ${ROLES.join('、')} 之一` }) }),
  orgId: z.coerce.number().int().positive('请选择授权范围（机构）'),
});

export const addUserInput = z.object({
  username,
  displayName: z.string().trim().min(1, '请填写姓名').max(40, '姓名不超过40个字'),
  orgId: z.coerce.number().int().positive('请选择所在机构'),
  password: z.string(),
  grants: z.array(grantInput).default([]),
});

export const setPasswordInput = z.object({
  userId: z.coerce.number().int().positive(),
  password: z.string(),
  /** Required when users change their own password. */
  currentPassword: z.string().optional(),
});

export const userIdInput = z.object({ userId: z.coerce.number().int().positive() });
export const grantRoleInput = grantInput.extend({ userId: z.coerce.number().int().positive() });

export const loginInput = z.object({
  username: z.string().trim().toLowerCase().max(100),
  password: z.string().max(200),
  /** The client's address as the server sees it (the throttle counts per name and address). */
  address: z.string().max(100).default('unknown'),
});

export const unlockInput = z.object({ userId: z.coerce.number().int().positive() });
