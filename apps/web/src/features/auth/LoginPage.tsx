import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { Navigate, useLocation, useNavigate } from 'react-router';
import type { LoginRequest } from '@duban/contracts';
import { landingPath } from '../../app/routes';
import { errorText } from '../../lib/notify';
import { useSession } from '../../lib/session';
import { useLogin } from './auth.queries';

export function LoginPage() {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const login = useLogin();
  const from = (location.state as { from?: string } | null)?.from;

  if (session && !login.isPending) return <Navigate to={from ?? landingPath(session.user.roles)} replace />;

  const submit = (values: LoginRequest) =>
    login.mutate(values, {
      onSuccess: (result) => void navigate(from ?? landingPath(result.user.roles), { replace: true }),
    });

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: '#f0f2f5',
      }}
    >
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>
          督办系统
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          政策文件督办与任务跟踪
        </Typography.Paragraph>
        {login.error ? (
          <Alert
            type="error"
            showIcon
            title={errorText(login.error)}
            style={{ marginBottom: 16 }}
            role="alert"
          />
        ) : null}
        <Form<LoginRequest> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} placeholder="用户名" autoComplete="username" size="large" />
          </Form.Item>
          <Form.Item name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password
              prefix={<LockOutlined />}
              placeholder="密码"
              autoComplete="current-password"
              size="large"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
