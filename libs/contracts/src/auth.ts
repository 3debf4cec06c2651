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
  accessToken: string;
  expiresIn: number;
  user: CurrentUser;
}

export const roleSchema = z.enum(ROLES);
