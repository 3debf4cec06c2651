import { z } from 'zod';
import { ROLES } from './roles';

export const loginSchema = z.object({
  username: z.string().trim().min(1, { message: '请输入用户名' }).max(64),
  password: z.string().min(1, { message: '请输入密码' }).max(128),
});
export type LoginRequest = z.infer<typeof loginSchema>;

export const roleSchema = z.enum(ROLES);

export const currentUserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
});
export type CurrentUser = z.infer<typeof currentUserSchema>;

export const loginResponseSchema = z.object({
  /** Short-lived; renew it with POST /auth/refresh before `expiresIn` seconds pass. */
  accessToken: z.string(),
  expiresIn: z.number().int(),
  /** One use: each refresh returns a new one. Also set as the httpOnly `duban_refresh` cookie for the web. */
  refreshToken: z.string(),
  refreshExpiresIn: z.number().int(),
  user: currentUserSchema,
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/** The refresh token comes from the httpOnly cookie (web) or this body (other clients). */
export const refreshSchema = z.object({ refreshToken: z.string().max(2000).optional() });
export type RefreshRequest = z.infer<typeof refreshSchema>;
