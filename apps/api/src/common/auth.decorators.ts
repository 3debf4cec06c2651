import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Permission } from '@duban/contracts';
import type { Actor } from './actor';

export const IS_PUBLIC = 'duban:public';
export const REQUIRED_PERMISSION = 'duban:permission';

/** Route needs no token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Route needs this permission from the shared table in contracts. */
export const RequirePermission = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  return context.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
