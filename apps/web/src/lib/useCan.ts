import { useCallback } from 'react';
import { can, type Permission } from '@duban/contracts';
import { useSession } from './session';

/** `can(permission)` for the signed-in user, from the same table the api guard uses. */
export function useCan(): (permission: Permission) => boolean {
  const session = useSession();
  const roles = session?.user.roles;
  return useCallback((permission: Permission) => can(roles ?? [], permission), [roles]);
}
