import { ThunderboltOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, InputNumber, Select, Space, Switch } from 'antd';
import { useEffect, useState } from 'react';
import {
  NOTIFICATION_KIND_LABELS,
  reminderRulesSchema,
  type NotificationKind,
  type ReminderRules,
  type SweepResult,
} from '@duban/contracts';
import { formatDateTime } from '../../lib/dates';
import { notifySuccess } from '../../lib/notify';
import { useCan } from '../../lib/useCan';
import { CalendarCard } from './CalendarCard';
import { useReminderRules, useSaveReminderRules, useSweep } from './reminders.queries';

/** Admins edit the rules; supervisors see the same form read-only. */
function RulesForm({ editable }: { editable: boolean }) {
  const rules = useReminderRules(true);
  const save = useSaveReminderRules();
  const [form] = Form.useForm<ReminderRules>();
  useEffect(() => {
    if (rules.data) form.setFieldsValue(rules.data);
  }, [rules.data, form]);

  const submit = (values: ReminderRules) => {
    // Same schema as the api: catches what the inputs cannot (e.g. an empty day list's numbers).
    const parsed = reminderRulesSchema.safeParse({
      ...values,
      dueSoonDays: (values.dueSoonDays ?? []).map(Number),
    });
    if (!parsed.success) {
      form.setFields(
        parsed.error.issues.map((issue) => ({
          name: issue.path[0] as keyof ReminderRules,
          errors: [issue.message],
        })),
      );
      return;
    }
    save.mutate(parsed.data, { onSuccess: () => notifySuccess('提醒规则已保存') });
  };

  return (
    <Card title="提醒规则" loading={rules.isLoading}>
      {editable ? null : (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="提醒规则由系统管理员设置，此处仅供查看。"
        />
      )}
      <Form<ReminderRules>
        form={form}
        disabled={!editable}
        layout="horizontal"
        labelCol={{ span: 8 }}
        wrapperCol={{ span: 12 }}
        onFinish={submit}
        style={{ maxWidth: 720 }}
      >
        <Form.Item name="dueSoonDays" label="临期提醒（到期前天数）" extra="可填多个，如 7、3、1">
          <Select mode="tags" tokenSeparators={[',', '，', '、', ' ']} open={false} />
        </Form.Item>
        <Form.Item name="remindOnDeadlineDay" label="到期当天提醒" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="overdueEveryWorkingDays" label="逾期后每隔几个工作日提醒">
          <InputNumber min={1} max={30} />
        </Form.Item>
        <Form.Item name="escalateAfterWorkingDays" label="逾期几个工作日后发督办单">
          <InputNumber min={1} max={90} />
        </Form.Item>
        <Form.Item name="reportDueLeadWorkingDays" label="报送周期结束前几个工作日提醒">
          <InputNumber min={0} max={20} />
        </Form.Item>
        <Form.Item name="digestThreshold" label="同一用户超过几条时合并为汇总">
          <InputNumber min={2} max={100} />
        </Form.Item>
        <Form.Item name="lightDueSoonDays" label="黄灯：距到期天数">
          <InputNumber min={1} max={60} />
        </Form.Item>
        {editable ? (
          <Form.Item wrapperCol={{ md: { offset: 8 } }}>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              保存
            </Button>
          </Form.Item>
        ) : null}
      </Form>
    </Card>
  );
}

function SweepCard() {
  const sweep = useSweep();
  const [result, setResult] = useState<SweepResult | null>(null);
  return (
    <Card title="提醒扫描">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Alert type="info" showIcon title="系统按计划自动扫描；此处可立即执行一次。重复执行不会重复发送。" />
        <Button
          type="primary"
          icon={<ThunderboltOutlined />}
          loading={sweep.isPending}
          onClick={() => sweep.mutate(undefined, { onSuccess: setResult })}
        >
          立即扫描
        </Button>
        {result ? (
          <Descriptions
            size="small"
            bordered
            column={2}
            items={[
              { key: 'now', label: '扫描时间', children: formatDateTime(result.now) },
              { key: 'considered', label: '检查事项', children: result.considered },
              { key: 'created', label: '新生成提醒', children: result.created },
              { key: 'enqueued', label: '已加入发送队列', children: result.enqueued },
              ...Object.entries(result.byKind).map(([kind, count]) => ({
                key: kind,
                label: NOTIFICATION_KIND_LABELS[kind as NotificationKind] ?? kind,
                children: count,
              })),
            ]}
          />
        ) : null}
      </Space>
    </Card>
  );
}

export function RemindersPage() {
  const can = useCan();
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {can('reminders.sweep') ? <SweepCard /> : null}
      {can('reminders.rules') || can('reminders.sweep') ? (
        <RulesForm editable={can('reminders.rules')} />
      ) : null}
      {can('calendar.manage') ? <CalendarCard /> : null}
    </Space>
  );
}
