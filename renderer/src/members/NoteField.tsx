import { Form, Input } from 'antd';
import { REASON_MAX } from './formRules';

/** An optional note of at most 200 characters (the contract's optionalNote). */
export function NoteField({ label, name = 'note' }: { label: string; name?: string }) {
  return (
    <Form.Item name={name} label={label}>
      <Input.TextArea rows={2} maxLength={REASON_MAX} showCount />
    </Form.Item>
  );
}
