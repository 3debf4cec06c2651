// Correct a draft measure: title, units, deadline, and for names the directory could not resolve,
// the units they stand for (optionally remembered as aliases for the next document).
import { Alert, Checkbox, DatePicker, Drawer, Form, Input, Select, Space, Button, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { MeasureView, UpdateMeasureRequest } from '@duban/contracts';
import { fromDayjs, toDayjs } from '../../lib/dates';
import { notifySuccess } from '../../lib/notify';
import { UnitSelect } from '../units/UnitSelect';
import { needsChoice, ResolutionTag } from './ResolutionTag';
import { useUpdateMeasure } from './documents.queries';
import { SplitMeasureModal } from './SplitMeasureModal';

interface Values {
  title: string;
  leadUnits: string[];
  responsibleUnits: string[];
  deadline: Dayjs | null;
  deadlineText: string | null;
  ongoing: boolean;
  choices: Record<string, string[]>;
  saveChoicesAsAliases: boolean;
}

export function MeasureEditor({
  documentId,
  measure,
  onClose,
}: {
  documentId: string;
  measure: MeasureView;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const update = useUpdateMeasure(documentId);
  const [splitting, setSplitting] = useState(false);
  const leadUnits = Form.useWatch('leadUnits', form) ?? measure.leadUnits;
  const responsibleUnits = Form.useWatch('responsibleUnits', form) ?? measure.responsibleUnits;
  // Names needing a choice: unresolved by the directory, or typed in just now (resolved on save).
  const pending = [...new Set([...leadUnits, ...responsibleUnits])].filter((name) =>
    needsChoice(measure.resolution[name]),
  );

  const submit = (values: Values) => {
    const unitChoices = Object.fromEntries(
      Object.entries(values.choices ?? {}).filter(([name, ids]) => pending.includes(name) && ids?.length),
    );
    // A new deadline text with the date left alone is read by the server with the document-year rule, as the
    // import read it ("6月底前" of the document's year); a date picked by hand wins over the text.
    const deadlineText = values.deadlineText?.trim() || null;
    const fromText = deadlineText !== measure.deadlineText;
    const body: UpdateMeasureRequest = {
      title: values.title.trim(),
      leadUnits: values.leadUnits,
      responsibleUnits: values.responsibleUnits,
      deadlineText,
      ...(fromText && !form.isFieldTouched('deadline') && !form.isFieldTouched('ongoing')
        ? {}
        : { deadline: values.ongoing ? null : fromDayjs(values.deadline), ongoing: values.ongoing }),
      ...(Object.keys(unitChoices).length
        ? { unitChoices, saveChoicesAsAliases: values.saveChoicesAsAliases }
        : {}),
      version: measure.version,
    };
    update.mutate(
      { measureId: measure.id, body },
      {
        onSuccess: () => {
          notifySuccess('措施已保存');
          onClose();
        },
      },
    );
  };

  return (
    <Drawer
      open
      size="large"
      title={`编辑措施 ${measure.number}`}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={() => setSplitting(true)} disabled={measure.body.length < 2}>
            拆分
          </Button>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={update.isPending} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          title: measure.title,
          leadUnits: measure.leadUnits,
          responsibleUnits: measure.responsibleUnits,
          deadline: toDayjs(measure.deadline),
          deadlineText: measure.deadlineText,
          ongoing: measure.ongoing,
          choices: {},
          saveChoicesAsAliases: true,
        }}
      >
        {measure.warnings.length ? (
          <Alert type="warning" showIcon title={measure.warnings.join('；')} style={{ marginBottom: 16 }} />
        ) : null}
        <Form.Item
          name="title"
          label="措施标题"
          rules={[{ required: true, whitespace: true, message: '标题不能为空' }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Form.Item name="leadUnits" label="牵头单位（按原文名称，可增删）">
          <Select mode="tags" open={false} tokenSeparators={['、', '，', ',']} />
        </Form.Item>
        <Form.Item name="responsibleUnits" label="责任单位（按原文名称，可增删）">
          <Select mode="tags" open={false} tokenSeparators={['、', '，', ',']} />
        </Form.Item>
        {pending.length ? (
          <div style={{ background: '#fff7e6', padding: 12, marginBottom: 16 }}>
            <Typography.Paragraph strong>以下名称未能对应到组织机构，请选择单位：</Typography.Paragraph>
            <Typography.Paragraph type="secondary">
              所选单位将用于本文件中所有出现该名称的措施。
            </Typography.Paragraph>
            {pending.map((name) => {
              const resolution = measure.resolution[name];
              return (
                <Form.Item
                  key={name}
                  name={['choices', name]}
                  label={<ResolutionTag name={name} resolution={resolution} />}
                >
                  <UnitSelect
                    mode="multiple"
                    extraOptions={(resolution?.candidates ?? []).map((candidate) => ({
                      value: candidate.unitId,
                      label: candidate.path || candidate.name,
                    }))}
                    placeholder="从候选或组织机构中选择"
                  />
                </Form.Item>
              );
            })}
            <Form.Item name="saveChoicesAsAliases" valuePropName="checked" style={{ marginBottom: 0 }}>
              <Checkbox>将单选的对应关系保存为单位别名，下次自动识别</Checkbox>
            </Form.Item>
          </div>
        ) : null}
        <Form.Item name="ongoing" valuePropName="checked">
          <Checkbox>长期任务</Checkbox>
        </Form.Item>
        <Space align="start">
          <Form.Item name="deadline" label="完成时限">
            <DatePicker />
          </Form.Item>
          <Form.Item
            name="deadlineText"
            label="原文时限表述"
            extra="只改表述、不选日期时，按文件年份重新识别完成时限"
          >
            <Input placeholder="如：2024年6月底前" style={{ width: 240 }} />
          </Form.Item>
        </Space>
      </Form>
      {splitting ? (
        <SplitMeasureModal
          documentId={documentId}
          measure={measure}
          onClose={() => {
            setSplitting(false);
            onClose();
          }}
        />
      ) : null}
    </Drawer>
  );
}
