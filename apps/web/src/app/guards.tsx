import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { useSession } from '../lib/session';
import { useMe } from '../features/auth/auth.queries';
import { allowed, landingPath, type AppRoute } from './routes';

/** Signed-out visitors go to /login and come back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  useMe();
  if (!session)
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  return <>{children}</>;
}

/** Checks the route's permission with the same table the api guard uses. */
export function RouteGuard({ route }: { route: AppRoute }) {
  const session = useSession();
  const roles = session?.user.roles ?? [];
  if (!allowed(roles, route.permission)) {
    // The home page is the dashboard only for those who may see statistics; others land on their own page.
    if (route.path === '/') return <Navigate to={landingPath(roles)} replace />;
    return (
      <Result
        status="403"
        title="无权访问"
        subTitle="您的角色没有访问此页面的权限"
        extra={
          <Link to="/">
            <Button type="primary">返回首页</Button>
          </Link>
        }
      />
    );
  }
  return route.Page ? <route.Page /> : <NotFound />;
}

export function NotFound() {
  return (
    <Result
      status="404"
      title="页面不存在"
      extra={
        <Link to="/">
          <Button type="primary">返回首页</Button>
        </Link>
      }
    />
  );
}
