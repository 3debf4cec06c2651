// Fields shared by 新建任务 and 编辑任务; unit pickers only when creating (assignments change by reassign).
import { Checkbox, DatePicker, Form, Input, Select } from 'antd';
import { REPORT_CYCLE_LABELS, REPORT_CYCLES } from '@duban/contracts';
import { UnitSelect } from '../units/UnitSelect';

export function TaskFormFields({ withUnits }: { withUnits: boolean }) {
  return (
    <>
      <Form.Item
        name="title"
        label="任务名称"
        rules={[{ required: true, whitespace: true, message: '请输入任务名称' }]}
      >
        <Input maxLength={500} />
      </Form.Item>
      <Form.Item name="description" label="任务描述">
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item name="ongoing" valuePropName="checked">
        <Checkbox>长期任务（无固定完成时限）</Checkbox>
      </Form.Item>
      <Form.Item noStyle dependencies={['ongoing']}>
        {({ getFieldValue }) => (
          <Form.Item
            name="deadline"
            label="完成时限"
            rules={[{ required: !getFieldValue('ongoing'), message: '请填写完成时限，或标记为长期任务' }]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
      </Form.Item>
      <Form.Item name="reportCycle" label="报送周期">
        <Select
          allowClear
          options={REPORT_CYCLES.map((cycle) => ({ value: cycle, label: REPORT_CYCLE_LABELS[cycle] }))}
        />
      </Form.Item>
      {withUnits ? (
        <>
          <Form.Item name="leadUnitIds" label="牵头单位">
            <UnitSelect mode="multiple" />
          </Form.Item>
          <Form.Item
            name="responsibleUnitIds"
            label="责任单位"
            dependencies={['leadUnitIds']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value?: string[]) =>
                  (getFieldValue('leadUnitIds')?.length ?? 0) + (value?.length ?? 0) > 0
                    ? Promise.resolve()
                    : Promise.reject(new Error('请至少指定一个牵头单位或责任单位')),
              }),
            ]}
          >
            <UnitSelect mode="multiple" />
          </Form.Item>
        </>
      ) : null}
    </>
  );
}
