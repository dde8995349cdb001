import { ConfigProvider, InputNumber } from 'antd';
import { MAX_YUAN } from '../i18n/money';

interface Props {
  value?: number | null;
  onChange?(value: number | null): void;
  id?: string;
  'aria-label'?: string;
}

/** Same height as the desk's text inputs (theme Input controlHeight), so form rows line up. */
const NUMBER_THEME = { components: { InputNumber: { controlHeight: 38 } } };

/** An amount in yuan with at most two decimals (stored as fen by the caller); a Form control. */
export function YuanInput(props: Props) {
  return (
    <ConfigProvider theme={NUMBER_THEME}>
      <InputNumber {...props} className="mp-yuan" prefix="¥" min={0.01} max={MAX_YUAN} precision={2} step={1} inputMode="decimal" />
    </ConfigProvider>
  );
}
