/** The queue's filter bar: level, state, source, board, overdue only, and the search box (`/`). */
import { SearchOutlined } from '@ant-design/icons';
import { Button, Checkbox, Input, Select, type InputRef } from 'antd';
import { memo, type Ref } from 'react';
import { LEVELS, SOURCES, STATES, type Level, type Source, type State } from '../../../preload/contract';
import { useDesk } from '../context/Desk';
import { nameOf, useMessages } from '../locales';

export interface Filters {
  levels: Level[];
  states: State[];
  sources: Source[];
  boardCode: string | null;
  overdueOnly: boolean;
}

export const NO_FILTERS: Filters = { levels: [], states: [], sources: [], boardCode: null, overdueOnly: false };

const OPEN_STATES: readonly State[] = STATES.filter((s) => s !== 'closed' && s !== 'invalid' && s !== 'merged');

/** Memoized: the queue page re-renders on every tick and keystroke; the filter bar need not. */
export const QueueFilters = memo(function QueueFilters({
  filters,
  onChange,
  search,
  onSearch,
  searchRef,
  onSearchDone,
}: {
  filters: Filters;
  onChange(next: Filters): void;
  search: string;
  onSearch(text: string): void;
  searchRef: Ref<InputRef>;
  onSearchDone(): void;
}) {
  const m = useMessages();
  const { town } = useDesk();
  const f = m.queue.filters;
  const active = filters.levels.length + filters.states.length + filters.sources.length > 0 || filters.boardCode || filters.overdueOnly || search;
  return (
    <div className="queue-filters" data-testid="queue-filters">
      <Input
        ref={searchRef}
        className="filter-search"
        allowClear
        prefix={<SearchOutlined />}
        placeholder={f.search}
        aria-label={f.search}
        value={search}
        onChange={(e) => onSearch(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' || e.key === 'Enter' || e.key === 'ArrowDown') {
            e.preventDefault();
            onSearchDone();
          }
        }}
        data-testid="queue-search"
      />
      <Select<Level[]>
        mode="multiple"
        className="filter-select"
        allowClear
        maxTagCount="responsive"
        placeholder={f.level}
        aria-label={f.level}
        value={filters.levels}
        onChange={(levels) => onChange({ ...filters, levels })}
        options={[...LEVELS].reverse().map((l) => ({ value: l, label: nameOf(m.levels, l) }))}
        data-testid="filter-level"
      />
      <Select<State[]>
        mode="multiple"
        className="filter-select"
        allowClear
        maxTagCount="responsive"
        placeholder={f.state}
        aria-label={f.state}
        value={filters.states}
        onChange={(states) => onChange({ ...filters, states })}
        options={OPEN_STATES.map((s) => ({ value: s, label: nameOf(m.states, s) }))}
        data-testid="filter-state"
      />
      <Select<Source[]>
        mode="multiple"
        className="filter-select"
        allowClear
        maxTagCount="responsive"
        placeholder={f.source}
        aria-label={f.source}
        value={filters.sources}
        onChange={(sources) => onChange({ ...filters, sources })}
        options={SOURCES.map((s) => ({ value: s, label: nameOf(m.sources, s) }))}
        data-testid="filter-source"
      />
      <Select<string>
        className="filter-board"
        allowClear
        placeholder={f.board}
        aria-label={f.board}
        value={filters.boardCode ?? undefined}
        onChange={(boardCode) => onChange({ ...filters, boardCode: boardCode ?? null })}
        options={(town?.boards ?? []).map((b) => ({ value: b.code, label: m.boards[b.code] ?? b.name }))}
        data-testid="filter-board"
      />
      <Checkbox checked={filters.overdueOnly} onChange={(e) => onChange({ ...filters, overdueOnly: e.target.checked })} data-testid="filter-overdue">
        {f.overdueOnly}
      </Checkbox>
      {active && (
        <Button
          type="link"
          onClick={() => {
            onChange(NO_FILTERS);
            onSearch('');
          }}
        >
          {f.reset}
        </Button>
      )}
    </div>
  );
});
