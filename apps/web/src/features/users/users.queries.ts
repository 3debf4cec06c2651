import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateUserRequest, UpdateUserRequest } from '@duban/contracts';
import { usersApi } from './users.api';

export function useSaveUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (
      input: { id: string; body: UpdateUserRequest } | { id?: undefined; body: CreateUserRequest },
    ) =>
      input.id ? usersApi.update(input.id, input.body) : usersApi.create(input.body as CreateUserRequest),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
}
