import { BellOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Breadcrumb, Button, Dropdown, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Suspense, useMemo } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { can, ROLE_LABELS } from '@duban/contracts';
import { clearSession, useSession } from '../lib/session';
import { useUnreadCount } from '../features/notifications/notifications.queries';
import { breadcrumbFor, menuKeyFor, menuRoutes } from './routes';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const roles = useMemo(() => session?.user.roles ?? [], [session]);
  const unread = useUnreadCount(can(roles, 'notifications.read'));

  const items = useMemo(
    () =>
      menuRoutes(roles).map((route) => ({
        key: route.path,
        icon: route.icon,
        label: (
          <Link to={route.path}>
            {route.label}
            {route.Badge ? <route.Badge /> : null}
          </Link>
        ),
      })),
    [roles],
  );
  const selected = menuKeyFor(location.pathname);
  const crumbs = breadcrumbFor(location.pathname);

  const logout = () => {
    clearSession();
    queryClient.clear();
    void navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider breakpoint="lg" collapsible width={200}>
        <div
          style={{
            color: '#fff',
            fontSize: 18,
            fontWeight: 600,
            padding: '16px 24px',
            whiteSpace: 'nowrap',
            overflow: 'hidden',
          }}
        >
          督办系统
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={items}
          aria-label="主菜单"
        />
      </Sider>
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
          }}
        >
          <Breadcrumb
            items={crumbs.map((crumb, index) => ({
              title: index < crumbs.length - 1 ? <Link to={crumb.path}>{crumb.label}</Link> : crumb.label,
            }))}
          />
          <Space size="large">
            <Link to="/notifications" aria-label="消息">
              <Badge count={unread.data ?? 0} size="small">
                <BellOutlined style={{ fontSize: 18 }} />
              </Badge>
            </Link>
            <Dropdown
              menu={{
                items: [{ key: 'logout', icon: <LogoutOutlined />, label: '退出登录', onClick: logout }],
              }}
            >
              <Button type="text" icon={<UserOutlined />}>
                {session?.user.displayName}
                <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                  {session?.user.unitName ?? session?.user.roles.map((role) => ROLE_LABELS[role]).join('、')}
                </Typography.Text>
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ margin: 24 }}>
          <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
