import { useMutation, useQuery } from '@tanstack/react-query';
import { saveSession, updateUser, useSession } from '../../lib/session';
import { authApi } from './auth.api';

export function useLogin() {
  return useMutation({
    mutationFn: authApi.login,
    // The login form shows its own errors (wrong password, rate limit).
    meta: { silent: true },
    onSuccess: (result) => saveSession({ token: result.accessToken, user: result.user }),
  });
}

/** Refreshes the stored user (roles may have changed since login). */
export function useMe() {
  const session = useSession();
  return useQuery({
    queryKey: ['auth', 'me', session?.token],
    queryFn: async () => {
      const user = await authApi.me();
      updateUser(user);
      return user;
    },
    enabled: Boolean(session),
    staleTime: 5 * 60_000,
  });
}
