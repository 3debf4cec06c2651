// Roles and the one permission table shared by the api guard and the web menu.
export const ROLES = ['admin', 'supervisor', 'leader', 'unit'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  supervisor: '督查室',
  leader: '领导',
  unit: '承办单位',
};

export const PERMISSIONS = [
  'units.read',
  'units.write',
  'units.import',
  'units.resolve',
  'users.manage',
  'documents.read',
  'documents.import',
  'documents.edit',
  'documents.publish',
  'tasks.read',
  'tasks.write',
  'tasks.urge',
  'tasks.comment',
  'assignments.act',
  'reports.review',
  'extensions.decide',
  'completions.decide',
  'notifications.read',
  'reminders.sweep',
  'reminders.rules',
  'calendar.manage',
  'stats.read',
  'exports.read',
  'audit.read',
  'queues.admin',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const SUPERVISOR: Permission[] = [
  'units.read',
  'units.write',
  'units.resolve',
  'documents.read',
  'documents.import',
  'documents.edit',
  'documents.publish',
  'tasks.read',
  'tasks.write',
  'tasks.urge',
  'tasks.comment',
  'reports.review',
  'extensions.decide',
  'completions.decide',
  'notifications.read',
  'reminders.sweep',
  'stats.read',
  'exports.read',
  'audit.read',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [...PERMISSIONS],
  supervisor: SUPERVISOR,
  leader: [
    'units.read',
    'documents.read',
    'tasks.read',
    'tasks.comment',
    'notifications.read',
    'stats.read',
    'exports.read',
  ],
  unit: ['units.read', 'tasks.read', 'assignments.act', 'notifications.read'],
};

export function can(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => ROLE_PERMISSIONS[role]?.includes(permission));
}
