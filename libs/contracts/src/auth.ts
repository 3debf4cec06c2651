import { z } from 'zod';
import { ROLES, type Role } from './roles';

export const loginSchema = z.object({
  username: z.string().trim().min(1, { message: '请输入用户名' }).max(64),
  password: z.string().min(1, { message: '请输入密码' }).max(128),
});
export type LoginRequest = z.infer<typeof loginSchema>;

export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  unitId: string | null;
  unitName: string | null;
}

export interface LoginResponse {
  /** Short-lived; renew it with POST /auth/refresh before `expiresIn` seconds pass. */
  accessToken: string;
  expiresIn: number;
  /** One use: each refresh returns a new one. Also set as the httpOnly `duban_refresh` cookie for the web. */
  refreshToken: string;
  refreshExpiresIn: number;
  user: CurrentUser;
}

/** The refresh token comes from the httpOnly cookie (web) or this body (other clients). */
export const refreshSchema = z.object({ refreshToken: z.string().max(2000).optional() });
export type RefreshRequest = z.infer<typeof refreshSchema>;

export const roleSchema = z.enum(ROLES);
