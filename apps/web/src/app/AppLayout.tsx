import { BellOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Breadcrumb, Button, Drawer, Dropdown, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { can, ROLE_LABELS } from '@duban/contracts';
import { shareTokenWithQueueBoard } from '../lib/queue-board';
import { clearSession, useSession } from '../lib/session';
import { useIsPhone } from '../lib/useIsPhone';
import { useUnreadCount } from '../features/notifications/notifications.queries';
import { breadcrumbFor, menuKeyFor, menuRoutes } from './routes';
import './layout.css';

const { Header, Sider, Content } = Layout;

const BRAND_STYLE = {
  color: '#fff',
  fontSize: 18,
  fontWeight: 600,
  padding: '16px 24px',
  whiteSpace: 'nowrap',
  overflow: 'hidden',
} as const;

export function AppLayout() {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const phone = useIsPhone();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const roles = useMemo(() => session?.user.roles ?? [], [session]);
  const unread = useUnreadCount(can(roles, 'notifications.read'));

  const items = useMemo(
    () =>
      menuRoutes(roles).map((route) => ({
        key: route.path,
        icon: route.icon,
        label: route.external ? (
          <a href={route.path} target="_blank" rel="noreferrer" onClick={shareTokenWithQueueBoard}>
            {route.label}
          </a>
        ) : (
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

  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={items}
      aria-label="主菜单"
      onClick={() => setDrawerOpen(false)}
    />
  );
  const unitOrRoles =
    session?.user.unitName ?? session?.user.roles.map((role) => ROLE_LABELS[role]).join('、');

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {phone ? (
        <Drawer
          placement="left"
          size={240}
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' } }}
        >
          <div style={BRAND_STYLE}>督办系统</div>
          {menu}
        </Drawer>
      ) : (
        <Sider breakpoint="lg" collapsible width={200}>
          <div style={BRAND_STYLE}>督办系统</div>
          {menu}
        </Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Header
          className="duban-header"
          style={{
            background: '#fff',
            padding: phone ? '0 8px' : '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: 8,
          }}
        >
          <Space size={4} style={{ minWidth: 0, flex: '1 1 auto' }}>
            {phone ? (
              <Button
                type="text"
                icon={<MenuOutlined />}
                aria-label="打开菜单"
                onClick={() => setDrawerOpen(true)}
              />
            ) : null}
            <Breadcrumb
              className="duban-breadcrumb"
              items={crumbs.map((crumb, index) => ({
                title: index < crumbs.length - 1 ? <Link to={crumb.path}>{crumb.label}</Link> : crumb.label,
              }))}
            />
          </Space>
          <Space size={phone ? 'small' : 'large'} style={{ flex: 'none' }}>
            <Link to="/notifications" aria-label="消息">
              <Badge count={unread.data ?? 0} size="small">
                <BellOutlined style={{ fontSize: 18 }} />
              </Badge>
            </Link>
            <Dropdown
              menu={{
                items: [
                  ...(phone
                    ? [{ key: 'who', disabled: true, label: `${session?.user.displayName} · ${unitOrRoles}` }]
                    : []),
                  { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', onClick: logout },
                ],
              }}
            >
              {phone ? (
                <Button type="text" icon={<UserOutlined />} aria-label={session?.user.displayName} />
              ) : (
                <Button type="text" icon={<UserOutlined />}>
                  {session?.user.displayName}
                  <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                    {unitOrRoles}
                  </Typography.Text>
                </Button>
              )}
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ margin: phone ? 8 : 24, minWidth: 0 }}>
          <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
