import { expect, test } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CARD_FORMATS } from '../../core/cards/cardFormat';
import { REASON_CODES } from '../../core/checkin/policy';
import { ERROR_CODES } from '../../core/contract/errors';
import { TIER_BENEFITS, TIER_CODES } from '../../core/tiers/catalog';

/**
 * The two locale files agree, and cover every code the services can send (errors, reasons,
 * tiers, perks, card formats). No browser needed; it runs with the e2e suite because the
 * renderer owns these files.
 */
const root = resolve(import.meta.dirname, '../..');
type Tree = { [key: string]: string | Tree };
const localesDir = join(root, 'renderer/src/i18n/locales');
const readTree = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Tree;
/** The base file plus one file per screen area under its own key, as locales/resources.ts merges them. */
const load = (locale: string): Tree => {
  const tree = readTree(join(localesDir, `${locale}.json`));
  for (const f of readdirSync(join(localesDir, locale)).filter((n) => n.endsWith('.json'))) tree[f.replace(/\.json$/, '')] = readTree(join(localesDir, locale, f));
  return tree;
};
const zh = load('zh-CN');
const en = load('en');

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`)));
}
// English has plural forms (_one/_other) where Chinese has a single form.
const base = (k: string) => k.replace(/_(one|other)$/, '');
const keySet = (tree: Tree) => new Set(keys(tree).map(base));

test('zh-CN and en have the same keys', () => {
  expect([...keySet(en)].sort()).toEqual([...keySet(zh)].sort());
});

test('every code the services send has a translation', () => {
  const expected = [
    ...ERROR_CODES.map((c) => `error.${c}`),
    'error.TRANSPORT',
    ...REASON_CODES.map((c) => `reason.${c}`),
    ...REASON_CODES.map((c) => `reasonTitle.${c}`),
    ...TIER_CODES.map((c) => `tier.${c}`),
    ...[...new Set(TIER_CODES.flatMap((c) => TIER_BENEFITS[c].perks))].map((p) => `benefit.perk.${p}`),
    ...CARD_FORMATS.map((f) => `reader.formats.${f}`),
  ];
  for (const tree of [zh, en]) {
    const have = keySet(tree);
    expect(expected.filter((k) => !have.has(k))).toEqual([]);
  }
});

test('interpolations match between locales', () => {
  const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
  const flat = (tree: Tree) => new Map(keys(tree).map((k) => [k, k.split('.').reduce<Tree | string>((t, p) => (t as Tree)[p]!, tree) as string]));
  const zhFlat = flat(zh);
  for (const [k, v] of flat(en)) {
    const zhValue = zhFlat.get(k) ?? zhFlat.get(base(k));
    if (zhValue !== undefined) expect(vars(v), k).toEqual(vars(zhValue));
  }
});

test('components hold no hard-coded Chinese text', () => {
  const dir = join(root, 'renderer/src');
  const offenders = (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.tsx'))
    .flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .map((line, i) => ({ f, i: i + 1, line }))
        // Comments may explain things in Chinese; code may not show it.
        .filter(({ line }) => /\p{Script=Han}/u.test(line) && !/^\s*(\/\/|\*|\/\*)/.test(line) && !/\/\/.*\p{Script=Han}/u.test(line)),
    );
  expect(offenders).toEqual([]);
});
