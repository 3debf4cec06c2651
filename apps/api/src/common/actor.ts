import type { Role } from '@duban/contracts';

/** The authenticated caller, as every service method that changes data receives it. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  unitId: string | null;
}

/** Who the system acts as when the scheduler or a seed writes. */
export const SYSTEM_ACTOR: Actor = {
  userId: '00000000-0000-0000-0000-000000000000',
  username: 'system',
  displayName: '系统',
  roles: ['admin'],
  unitId: null,
};
