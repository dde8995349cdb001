import { COLUMNS, type Column } from '../../../core/consumption/header';
import type { Locale } from '../i18n/index';

/**
 * The point-of-sale CSV format as staff prepare it. These are file-format literals, not UI text:
 * the header names and category words the parser accepts (core/consumption/header.ts and
 * fields.ts), shown and used as they must be written in the file, whatever the desk's language.
 */
export { COLUMNS as POS_COLUMNS };
export type { Column as PosColumn };

/** The Chinese header each column may also be written with (core/consumption/header.ts NAMES). */
export const CHINESE_HEADER: Record<Column, string> = {
  member_no: '会员号',
  occurred_at: '消费时间',
  category: '类别',
  amount: '金额',
  receipt_no: '小票号',
  note: '备注',
};

export const REQUIRED_COLUMNS: ReadonlySet<Column> = new Set(['member_no', 'occurred_at', 'category', 'amount', 'receipt_no']);

/** The category words, English then Chinese, as the file may write them. */
export const CATEGORY_WORDS = {
  en: ['membership', 'course', 'personal_training', 'product'],
  zh: ['会籍', '课程', '私教', '商品'],
} as const;

/** Same limit as the contract and the parser (10 MiB). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** The contract's fileName bound. */
export const MAX_FILE_NAME = 120;

/**
 * A three-row sample in the desk's language (Chinese headers for a Chinese desk). It starts with
 * a BOM so Excel opens the UTF-8 Chinese correctly; the parser drops it.
 */
export function sampleCsv(locale: Locale): string {
  const zh = locale === 'zh-CN';
  const header = COLUMNS.map((c) => (zh ? CHINESE_HEADER[c] : c)).join(',');
  const [membership, course, , product] = zh ? CATEGORY_WORDS.zh : CATEGORY_WORDS.en;
  const rows = [
    `M000001,2026-11-20 14:05,${membership},1280.00,SAMPLE-0001,`,
    `M000002,2026-11-20 18:30,${course},199,SAMPLE-0002,`,
    `M000003,2026/11/21 9:15,${product},"1,024.50",SAMPLE-0003,${zh ? '蛋白粉' : 'protein powder'}`,
  ];
  return `\uFEFF${[header, ...rows].join('\r\n')}\r\n`;
}

export const SAMPLE_FILE_NAME = 'pos-consumption-sample.csv';
