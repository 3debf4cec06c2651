// The one route table: path, Chinese label, icon and required permission. It drives the side menu,
// the breadcrumbs and the route guards, so the three never disagree.
import {
  ApartmentOutlined,
  AuditOutlined,
  BellOutlined,
  DashboardOutlined,
  FileTextOutlined,
  InboxOutlined,
  ProfileOutlined,
  ScheduleOutlined,
  TeamOutlined,
  ClockCircleOutlined,
  CloudServerOutlined,
  FundProjectionScreenOutlined,
} from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { matchPath } from 'react-router';
import { can, type Permission, type Role } from '@duban/contracts';
import { InboxBadge } from '../features/inbox/InboxBadge';
import { QUEUE_BOARD_PATH } from '../lib/queue-board';

export interface AppRoute {
  path: string;
  label: string;
  icon?: ReactNode;
  /** Any one of these grants access; none means every signed-in user. */
  permission?: Permission | Permission[];
  /** Shown in the side menu (detail pages are not). */
  menu: boolean;
  /** Breadcrumb parent for detail pages. */
  parent?: string;
  /** A count shown beside the menu label. */
  Badge?: ComponentType;
  /** A page the server renders (queue board): the menu opens it in a new tab, the router never sees it. */
  external?: boolean;
  /** Absent only for external pages. */
  Page?: LazyExoticComponent<ComponentType>;
}

/** React.lazy wants a default export; pages use named exports. */
function lazyPage<M>(load: () => Promise<M>, name: keyof M): LazyExoticComponent<ComponentType> {
  return lazy(() => load().then((module) => ({ default: module[name] as ComponentType })));
}

export const APP_ROUTES: AppRoute[] = [
  {
    path: '/',
    label: '工作台',
    icon: <DashboardOutlined />,
    permission: 'stats.read',
    menu: true,
    Page: lazyPage(() => import('../features/dashboard/DashboardPage'), 'DashboardPage'),
  },
  {
    path: '/inbox',
    label: '待办',
    icon: <InboxOutlined />,
    permission: 'reports.review',
    menu: true,
    Badge: InboxBadge,
    Page: lazyPage(() => import('../features/inbox/InboxPage'), 'InboxPage'),
  },
  {
    path: '/cockpit',
    label: '驾驶舱',
    icon: <FundProjectionScreenOutlined />,
    permission: 'stats.read',
    menu: true,
    Page: lazyPage(() => import('../features/cockpit/CockpitPage'), 'CockpitPage'),
  },
  {
    path: '/my',
    label: '我的任务',
    icon: <ScheduleOutlined />,
    permission: 'assignments.act',
    menu: true,
    Page: lazyPage(() => import('../features/assignments/MyAssignmentsPage'), 'MyAssignmentsPage'),
  },
  {
    path: '/documents',
    label: '文件导入',
    icon: <FileTextOutlined />,
    // The import desk is the supervision office's; leaders reach a document from its tasks.
    permission: 'documents.import',
    menu: true,
    Page: lazyPage(() => import('../features/documents/DocumentListPage'), 'DocumentListPage'),
  },
  {
    path: '/documents/:id',
    label: '文件详情',
    permission: 'documents.read',
    menu: false,
    parent: '/documents',
    Page: lazyPage(() => import('../features/documents/DocumentDetailPage'), 'DocumentDetailPage'),
  },
  {
    path: '/tasks',
    label: '督办事项',
    icon: <ProfileOutlined />,
    permission: 'tasks.read',
    menu: true,
    Page: lazyPage(() => import('../features/tasks/TaskListPage'), 'TaskListPage'),
  },
  {
    path: '/tasks/:id',
    label: '任务详情',
    permission: 'tasks.read',
    menu: false,
    parent: '/tasks',
    Page: lazyPage(() => import('../features/tasks/TaskDetailPage'), 'TaskDetailPage'),
  },
  {
    path: '/notifications',
    label: '消息',
    icon: <BellOutlined />,
    permission: 'notifications.read',
    menu: true,
    Page: lazyPage(() => import('../features/notifications/NotificationsPage'), 'NotificationsPage'),
  },
  {
    path: '/units',
    label: '组织机构',
    icon: <ApartmentOutlined />,
    permission: 'units.read',
    menu: true,
    Page: lazyPage(() => import('../features/units/UnitsPage'), 'UnitsPage'),
  },
  {
    path: '/users',
    label: '用户管理',
    icon: <TeamOutlined />,
    permission: 'users.manage',
    menu: true,
    Page: lazyPage(() => import('../features/users/UsersPage'), 'UsersPage'),
  },
  {
    path: '/audit',
    label: '审计日志',
    icon: <AuditOutlined />,
    permission: 'audit.read',
    menu: true,
    Page: lazyPage(() => import('../features/audit/AuditPage'), 'AuditPage'),
  },
  {
    path: '/reminders',
    label: '提醒规则',
    icon: <ClockCircleOutlined />,
    permission: ['reminders.rules', 'reminders.sweep'],
    menu: true,
    Page: lazyPage(() => import('../features/reminders/RemindersPage'), 'RemindersPage'),
  },
  {
    path: QUEUE_BOARD_PATH,
    label: '队列监控',
    icon: <CloudServerOutlined />,
    permission: 'queues.admin',
    menu: true,
    external: true,
  },
];

export function allowed(roles: readonly Role[], permission: AppRoute['permission']): boolean {
  if (!permission) return true;
  return (Array.isArray(permission) ? permission : [permission]).some((p) => can(roles, p));
}

export function menuRoutes(roles: readonly Role[]): AppRoute[] {
  return APP_ROUTES.filter((route) => route.menu && allowed(roles, route.permission));
}

/** Where a user lands after login: the dashboard for those who may read statistics, else their first page (我的任务 for units). */
export function landingPath(roles: readonly Role[]): string {
  return menuRoutes(roles).find((route) => !route.external)?.path ?? '/notifications';
}

export function routeFor(pathname: string): AppRoute | undefined {
  return APP_ROUTES.find((route) => matchPath({ path: route.path, end: true }, pathname));
}

/** The menu entry a page belongs to (a detail page highlights its list). */
export function menuKeyFor(pathname: string): string | undefined {
  const route = routeFor(pathname);
  return route?.parent ?? route?.path;
}

export function breadcrumbFor(pathname: string): { path: string; label: string }[] {
  const route = routeFor(pathname);
  if (!route) return [];
  const parent = route.parent ? APP_ROUTES.find((r) => r.path === route.parent) : undefined;
  return [
    ...(parent ? [{ path: parent.path, label: parent.label }] : []),
    { path: pathname, label: route.label },
  ];
}
