// The unit's actions on one assignment (签收, 退回, 进展填报, 延期申请, 办结申请) and their dialogs: one
// component for the 我的任务 table, its phone cards and the task detail page, so all three offer the same buttons.
import { Button, Flex, Tooltip } from 'antd';
import { useState, type ReactNode } from 'react';
import { canTransition, type AssignmentAction, type MyAssignmentView } from '@duban/contracts';
import { TextPromptModal } from '../../components/TextPromptModal';
import { notifySuccess } from '../../lib/notify';
import { useAssignmentCommand } from './assignments.queries';
import { ExtensionModal } from './ExtensionModal';
import { ReportModal } from './ReportModal';

type DialogKind = 'return' | 'report' | 'extension' | 'completion';

/** The unit's buttons, in order; each shows only where the state machine allows it. */
const ACTIONS: { action: AssignmentAction; label: string; dialog?: DialogKind }[] = [
  { action: 'accept', label: '签收' },
  { action: 'return', label: '退回', dialog: 'return' },
  { action: 'report', label: '进展填报', dialog: 'report' },
  { action: 'request_extension', label: '延期申请', dialog: 'extension' },
  { action: 'request_completion', label: '办结申请', dialog: 'completion' },
];

/** The action a clerk most likely wants next: sign first, then report. */
export function nextAction(assignment: MyAssignmentView): AssignmentAction | undefined {
  return ACTIONS.find(({ action }) => canTransition(assignment.status, action) && action !== 'return')
    ?.action;
}

export interface AssignmentActionsApi {
  /** Buttons for one assignment; `primary` marks the next action, `block` stretches them (phone cards). */
  buttons: (assignment: MyAssignmentView, options?: { block?: boolean }) => ReactNode;
  /** The dialogs; render once next to the list. */
  dialogs: ReactNode;
}

export function useAssignmentActions(): AssignmentActionsApi {
  const command = useAssignmentCommand();
  const [dialog, setDialog] = useState<{ kind: DialogKind; assignment: MyAssignmentView } | null>(null);
  const close = () => setDialog(null);
  const done = (text: string) => ({
    onSuccess: () => {
      notifySuccess(text);
      close();
    },
  });

  const buttons = (a: MyAssignmentView, { block = false }: { block?: boolean } = {}) => {
    const next = nextAction(a);
    return (
      <Flex gap={block ? 8 : 4} wrap>
        {ACTIONS.filter(({ action }) => canTransition(a.status, action)).map(
          ({ action, label, dialog: kind }) => {
            // The api says whether an extension may be asked for (before the deadline, or a task kept late at publish).
            const late = action === 'request_extension' && !a.canRequestExtension;
            const button = (
              <Button
                key={action}
                size={block ? 'middle' : 'small'}
                type={action === next ? 'primary' : 'default'}
                style={block ? { flex: '1 1 auto' } : undefined}
                disabled={late}
                loading={action === 'accept' && command.isPending && command.variables?.id === a.id}
                onClick={() =>
                  kind
                    ? setDialog({ kind, assignment: a })
                    : command.mutate({ kind: 'accept', id: a.id }, done('已签收'))
                }
              >
                {label}
              </Button>
            );
            return late ? (
              <Tooltip key={action} title="已超过完成时限，不能再申请延期">
                {button}
              </Tooltip>
            ) : (
              button
            );
          },
        )}
      </Flex>
    );
  };

  const dialogs = (
    <>
      {dialog?.kind === 'report' ? (
        <ReportModal
          assignment={dialog.assignment}
          loading={command.isPending}
          onCancel={close}
          onSubmit={(values) =>
            command.mutate(
              { kind: 'report', id: dialog.assignment.id, ...values },
              done('进展已提交，等待审核'),
            )
          }
        />
      ) : null}
      {dialog?.kind === 'extension' ? (
        <ExtensionModal
          assignment={dialog.assignment}
          loading={command.isPending}
          onCancel={close}
          onSubmit={(values) =>
            command.mutate({ kind: 'extension', id: dialog.assignment.id, ...values }, done('延期申请已提交'))
          }
        />
      ) : null}
      <TextPromptModal
        open={dialog?.kind === 'return'}
        title="退回任务"
        label="退回理由"
        okText="退回"
        minLength={2}
        loading={command.isPending}
        onCancel={close}
        onSubmit={(reason) =>
          dialog && command.mutate({ kind: 'return', id: dialog.assignment.id, reason }, done('已退回'))
        }
      />
      <TextPromptModal
        open={dialog?.kind === 'completion'}
        title="办结申请"
        label="办结情况"
        minLength={2}
        maxLength={20000}
        loading={command.isPending}
        onCancel={close}
        onSubmit={(summary) =>
          dialog &&
          command.mutate({ kind: 'completion', id: dialog.assignment.id, summary }, done('办结申请已提交'))
        }
      />
    </>
  );

  return { buttons, dialogs };
}
