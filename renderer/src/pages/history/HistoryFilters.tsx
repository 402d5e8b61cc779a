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
  const options = <T extends string>(codes: readonly T[], names: Record<string, string>) => codes.map((c) => ({ value: c, label: nameOf(names, c) }));
  const yesNo = (v: boolean | undefined) => (v === undefined ? undefined : v ? 'yes' : 'no');
  const fromYesNo = (v: string | undefined) => (v === undefined ? undefined : v === 'yes');

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
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={f.categoryAll}
        aria-label={f.category}
        value={choices.categoryCode}
        onChange={(v) => set({ categoryCode: v ?? undefined })}
        options={categories.map((c) => ({ value: c.code, label: c.name }))}
        style={{ width: 150 }}
        data-testid="history-category"
      />
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={f.levelsAll}
        aria-label={f.levels}
        value={choices.levels}
        onChange={(v) => set({ levels: v })}
        options={options(LEVELS, m.levels)}
        style={{ width: 140 }}
        data-testid="history-levels"
      />
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={f.statesAll}
        aria-label={f.states}
        value={choices.states}
        onChange={(v) => set({ states: v })}
        options={options(STATES, m.states)}
        style={{ width: 150 }}
        data-testid="history-states"
      />
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={f.sourcesAll}
        aria-label={f.sources}
        value={choices.sources}
        onChange={(v) => set({ sources: v })}
        options={options(SOURCES, m.sources)}
        style={{ width: 150 }}
        data-testid="history-sources"
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={f.villageAll}
        aria-label={f.village}
        value={choices.village}
        onChange={(v) => set({ village: v ?? undefined, gridCode: undefined })}
        options={villages.map((v) => ({ value: v, label: v }))}
        style={{ width: 150 }}
        data-testid="history-village"
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={f.gridAll}
        aria-label={f.grid}
        value={choices.gridCode}
        onChange={(v) => set({ gridCode: v ?? undefined })}
        options={gridOptions}
        style={{ width: 150 }}
        data-testid="history-grid"
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={f.postAll}
        aria-label={f.post}
        value={choices.postId}
        onChange={(v) => set({ postId: v ?? undefined })}
        options={(desk.town?.posts ?? []).map((p) => ({ value: p.id, label: p.name }))}
        style={{ width: 160 }}
        data-testid="history-post"
      />
      <Select
        allowClear
        placeholder={f.overdueAll}
        aria-label={f.overdue}
        value={yesNo(choices.overdue)}
        onChange={(v) => set({ overdue: fromYesNo(v) })}
        options={[
          { value: 'yes', label: f.overdueYes },
          { value: 'no', label: f.overdueNo },
        ]}
        style={{ width: 120 }}
        data-testid="history-overdue"
      />
      <Select
        allowClear
        placeholder={f.heldAll}
        aria-label={f.held}
        value={yesNo(choices.held)}
        onChange={(v) => set({ held: fromYesNo(v) })}
        options={[
          { value: 'yes', label: f.heldYes },
          { value: 'no', label: f.heldNo },
        ]}
        style={{ width: 120 }}
        data-testid="history-held"
      />
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
