import { Form, Input, Modal, Select, Switch } from 'antd';
import { ROLE_LABELS, ROLES, type Role, type UserView } from '@duban/contracts';
import { notifySuccess } from '../../lib/notify';
import { UnitSelect } from '../units/UnitSelect';
import { useSaveUser } from './users.queries';

interface Values {
  username: string;
  displayName: string;
  unitId?: string | null;
  roles: Role[];
  password?: string;
  active: boolean;
}

export function UserFormModal({ user, onClose }: { user?: UserView; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const save = useSaveUser();
  const submit = (values: Values) => {
    const common = {
      displayName: values.displayName.trim(),
      unitId: values.unitId ?? null,
      roles: values.roles,
    };
    const input = user
      ? {
          id: user.id,
          body: {
            ...common,
            active: values.active,
            ...(values.password ? { password: values.password } : {}),
          },
        }
      : { body: { ...common, username: values.username.trim(), password: values.password ?? '' } };
    save.mutate(input, {
      onSuccess: () => {
        notifySuccess(user ? '用户已更新' : '用户已创建');
        onClose();
      },
    });
  };

  return (
    <Modal
      open
      title={user ? `编辑用户：${user.username}` : '新建用户'}
      okText="保存"
      confirmLoading={save.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          username: user?.username,
          displayName: user?.displayName,
          unitId: user?.unitId ?? undefined,
          roles: user?.roles ?? ['unit'],
          active: user?.active ?? true,
        }}
      >
        <Form.Item
          name="username"
          label="用户名"
          rules={[
            {
              required: true,
              pattern: /^[a-zA-Z0-9_.-]{3,64}$/,
              message: '用户名为 3–64 位字母、数字、下划线、点或短横线',
            },
          ]}
        >
          <Input disabled={Boolean(user)} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label="姓名"
          rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item
          name="roles"
          label="角色"
          rules={[{ required: true, type: 'array', min: 1, message: '至少选择一个角色' }]}
        >
          <Select
            mode="multiple"
            options={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
          />
        </Form.Item>
        <Form.Item
          name="unitId"
          label="所属单位"
          dependencies={['roles']}
          rules={[
            ({ getFieldValue }) => ({
              // A unit clerk without a unit would see nothing.
              validator: (_, value) =>
                (getFieldValue('roles') ?? []).includes('unit') && !value
                  ? Promise.reject(new Error('承办单位用户须选择所属单位'))
                  : Promise.resolve(),
            }),
          ]}
        >
          <UnitSelect allowClear />
        </Form.Item>
        <Form.Item
          name="password"
          label={user ? '重置密码（留空不修改）' : '初始密码'}
          rules={[
            { required: !user, message: '请输入密码' },
            { min: 8, message: '密码至少 8 位' },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {user ? (
          <Form.Item name="active" label="启用" valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
