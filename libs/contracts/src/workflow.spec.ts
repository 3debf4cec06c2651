import {
  ASSIGNMENT_ACTIONS,
  ASSIGNMENT_STATUSES,
  canTransition,
  taskStatusFor,
  type AssignmentStatus,
} from './workflow';

describe('assignment state machine', () => {
  it('allows exactly the moves API.md describes', () => {
    const allowed = ASSIGNMENT_ACTIONS.flatMap((action) =>
      ASSIGNMENT_STATUSES.filter((status) => canTransition(status, action)).map(
        (status) => `${status}:${action}`,
      ),
    );
    expect(allowed.sort()).toEqual(
      [
        'pending:accept',
        'pending:return',
        'returned:reassign',
        'accepted:report',
        'pending:request_extension',
        'accepted:request_extension',
        'accepted:request_completion',
        'completion_requested:approve_completion',
        'completion_requested:reject_completion',
      ].sort(),
    );
  });

  it('completes a task only when every live assignment is completed', () => {
    const of = (...statuses: AssignmentStatus[]) => statuses.map((status) => ({ status }));
    expect(taskStatusFor('in_progress', of('completed', 'completed'))).toBe('completed');
    expect(taskStatusFor('in_progress', of('completed', 'returned'))).toBe('completed');
    expect(taskStatusFor('in_progress', of('completed', 'accepted'))).toBe('in_progress');
    expect(taskStatusFor('in_progress', of('returned'))).toBe('in_progress');
    expect(taskStatusFor('cancelled', of('completed'))).toBe('cancelled');
  });
});
