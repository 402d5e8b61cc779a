/**
 * 历史事件's search bar: the words (Enter searches at once, a pause searches too) and the filters —
 * report time, category, level, state, source, village, grid (of the village when one is chosen),
 * post, overdue. Every control has its label for a screen reader and is reached by Tab.
 */
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, DatePicker, Input, Select, type InputRef } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, type Ref } from 'react';
import { LEVELS, SOURCES, STATES, type HistoryCategory, type Level, type Source, type State } from '../../../../preload/contract';
import { useDesk } from '../../context/Desk';
import { nameOf, useMessages } from '../../locales';
import { useHistoryMessages } from './history-locales';

export interface HistoryChoices {
  range: [Dayjs | null, Dayjs | null] | null;
  categoryCode?: string;
  levels: Level[];
  states: State[];
  sources: Source[];
  village?: string;
  gridCode?: string;
  postId?: string;
  overdue?: boolean;
  held?: boolean;
}

export const NO_CHOICES: HistoryChoices = { range: null, levels: [], states: [], sources: [] };

interface Props {
  text: string;
  onText(text: string): void;
  onSearchNow(): void;
  searchRef: Ref<InputRef>;
  choices: HistoryChoices;
  onChoices(next: HistoryChoices): void;
  categories: readonly HistoryCategory[];
}

export function HistoryFilters({ text, onText, onSearchNow, searchRef, choices, onChoices, categories }: Props) {
  const m = useMessages();
  const h = useHistoryMessages();
  const f = h.filters;
  const desk = useDesk();
  const set = (patch: Partial<HistoryChoices>): void => onChoices({ ...choices, ...patch });
  const grids = useMemo(() => desk.town?.grids ?? [], [desk.town]);
  const villages = useMemo(() => [...new Set(grids.map((g) => g.village))].sort((a, b) => a.localeCompare(b, 'zh-CN')), [grids]);
  const gridOptions = grids.filter((g) => !choices.village || g.village === choices.village).map((g) => ({ value: g.code, label: g.name }));
  type Option = { value: string; label: string };
  /** One of a list (cleared: all), searchable by its name. */
  const one = (
    key: 'categoryCode' | 'village' | 'gridCode' | 'postId',
    label: string,
    all: string,
    list: Option[],
    width: number,
    testId: string,
    also: Partial<HistoryChoices> = {},
  ) => (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={all}
      aria-label={label}
      value={choices[key]}
      onChange={(v?: string) => set({ [key]: v ?? undefined, ...also })}
      options={list}
      style={{ width }}
      data-testid={testId}
    />
  );
  /** Any of a coded list (none: all), named in the locale. */
  const many = <K extends 'levels' | 'states' | 'sources'>(
    key: K,
    codes: readonly HistoryChoices[K][number][],
    names: Record<string, string>,
    label: string,
    all: string,
    width: number,
    testId: string,
  ) => (
    <Select
      mode="multiple"
      allowClear
      maxTagCount="responsive"
      placeholder={all}
      aria-label={label}
      value={choices[key]}
      onChange={(v: HistoryChoices[K]) => set({ [key]: v })}
      options={codes.map((c) => ({ value: c, label: nameOf(names, c) }))}
      style={{ width }}
      data-testid={testId}
    />
  );
  /** Only those, only the others, or both. */
  const yesNo = (key: 'overdue' | 'held', label: string, all: string, yes: string, no: string, testId: string) => (
    <Select
      allowClear
      placeholder={all}
      aria-label={label}
      value={choices[key] === undefined ? undefined : choices[key] ? 'yes' : 'no'}
      onChange={(v?: string) => set({ [key]: v === undefined ? undefined : v === 'yes' })}
      options={[
        { value: 'yes', label: yes },
        { value: 'no', label: no },
      ]}
      style={{ width: 120 }}
      data-testid={testId}
    />
  );

  return (
    <div className="history-filters" data-testid="history-filters">
      <Input
        ref={searchRef}
        className="history-search"
        allowClear
        prefix={<SearchOutlined />}
        placeholder={h.search}
        aria-label={h.searchLabel}
        value={text}
        onChange={(e) => onText(e.target.value)}
        onPressEnter={onSearchNow}
        maxLength={100}
        data-testid="history-search"
      />
      <DatePicker.RangePicker
        value={choices.range}
        onChange={(v) => set({ range: v })}
        placeholder={[f.from, f.to]}
        allowEmpty={[true, true]}
        aria-label={f.range}
        data-testid="history-range"
      />
      {one(
        'categoryCode',
        f.category,
        f.categoryAll,
        categories.map((c) => ({ value: c.code, label: c.name })),
        150,
        'history-category',
      )}
      {many('levels', LEVELS, m.levels, f.levels, f.levelsAll, 140, 'history-levels')}
      {many('states', STATES, m.states, f.states, f.statesAll, 150, 'history-states')}
      {many('sources', SOURCES, m.sources, f.sources, f.sourcesAll, 150, 'history-sources')}
      {one(
        'village',
        f.village,
        f.villageAll,
        villages.map((v) => ({ value: v, label: v })),
        150,
        'history-village',
        { gridCode: undefined },
      )}
      {one('gridCode', f.grid, f.gridAll, gridOptions, 150, 'history-grid')}
      {one(
        'postId',
        f.post,
        f.postAll,
        (desk.town?.posts ?? []).map((p) => ({ value: p.id, label: p.name })),
        160,
        'history-post',
      )}
      {yesNo('overdue', f.overdue, f.overdueAll, f.overdueYes, f.overdueNo, 'history-overdue')}
      {yesNo('held', f.held, f.heldAll, f.heldYes, f.heldNo, 'history-held')}
      <Button
        icon={<ReloadOutlined />}
        onClick={() => {
          onText('');
          onChoices(NO_CHOICES);
        }}
        data-testid="history-reset"
      >
        {f.reset}
      </Button>
    </div>
  );
}
