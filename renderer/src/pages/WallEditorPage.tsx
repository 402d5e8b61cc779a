/**
 * The wall layout editor (a console page): pick the wall's shape, drop panels on each screen's
 * tiles, move and resize them, set their options, rotate pages, preview a screen live at its true
 * proportions; save (core checks the layout and keeps every version), restore an older version,
 * and hand each screen its own read-only address. The checks run as you edit (wall:validate), so
 * the reasons a layout would be refused are listed before Save.
 */
import { Alert, App as AntApp, Button, Empty, Input, InputNumber, List, Popconfirm, Radio, Segmented, Select, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  ApiError,
  IssuedWallToken,
  WallDefinition,
  WallDisplays,
  WallIssue,
  WallLayoutSummary,
  WallPanelKind,
  WallSettings,
  WallToken,
  WallVersion,
} from '../../../preload/contract';
import { WALL_PANELS, WALL_PERIODS, WALL_RANKING_BY, WALL_RANKING_FIGURES, WALL_RANKING_ORDERS } from '../../../preload/contract';
import { api } from '../api';
import { useDesk } from '../context/Desk';
import { useFeedLoad } from '../hooks/use-feed-load';
import { formatDateTime } from '../lib/beijing-time';
import { useIntentIds } from '../lib/command-id';
import { addPage, removePage, removeTile, reshapeWall, updateScreen, updateTile } from '../wall/editor/draft';
import { PANEL_MIME, TileCanvas } from '../wall/editor/TileCanvas';
import { CameraGroupOption } from '../wall/editor/CameraGroupOption';
import { CameraDecodersSetting, CameraOption } from '../wall/editor/CameraOption';
import { MapCameraOptions } from '../wall/editor/MapCameraOptions';
import { periodOf, rankingOptions } from '../wall/panels/RankingPanel';
import { WallContextProvider } from '../wall/wall-context';
import { issueText, useWallMessages, wfill } from '../wall/wall-locales';
import { templateLayout } from '../wall/wall-templates';
import { themeStyle, WALL_THEMES } from '../wall/wall-theme';
import { WallScreenView } from '../wall/WallScreenView';
import '../wall/wall.css';
import '../wall/editor/editor.css';

interface Draft {
  layoutId: string | null;
  /** The version shown (null: never saved). */
  version: number | null;
  latestVersion: number | null;
  name: string;
  def: WallDefinition;
  dirty: boolean;
}

const EMPTY_WALL: WallDefinition = { theme: 'dark', wall: { columns: 0, rows: 0 }, screenSize: { width: 1920, height: 1080 }, screens: [] };
const SHAPES = ['1×1', '2×1', '3×1', '2×2', '3×2', '4×2', '3×3', '4×3'];
const NO_ISSUES: readonly WallIssue[] = [];

export function screenLabel(def: WallDefinition, id: string): string {
  const s = def.screens.find((x) => x.id === id);
  if (!s) return id;
  return `${s.col + 1}-${s.row + 1}${s.name ? ` ${s.name}` : ''}`;
}

export function WallEditorPage() {
  const w = useWallMessages();
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const [layouts, setLayouts] = useState<WallLayoutSummary[]>([]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [screenId, setScreenId] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  const [tileId, setTileId] = useState<string | null>(null);
  const [placing, setPlacing] = useState<WallPanelKind | null>(null);
  const [checked, setChecked] = useState<WallIssue[]>([]);
  const [versions, setVersions] = useState<WallVersion[]>([]);
  const [preview, setPreview] = useState(false);
  const [saving, setSaving] = useState(false);
  const [shape, setShape] = useState({ columns: 3, rows: 2, fill: 'template' as 'template' | 'blank' });
  // Saving a layout over the version it was opened at, restoring a version, retiring a layout: each
  // one intent (a double click saves one version).
  const intents = useIntentIds();

  const report = useCallback(
    (error: ApiError) => {
      if (error.code === 'conflict') void message.error(w.editor.conflict);
      else desk.report(error);
    },
    [desk, message, w],
  );

  const loadList = useFeedLoad(loadLayouts, {
    apply: (r) => {
      if (r.ok) setLayouts(r.data);
    },
    feed: { wall: true },
    minGapMs: 500,
  });

  const loadVersions = useCallback(async (layoutId: string) => {
    const r = await api.wall.versions({ layoutId });
    if (r.ok) setVersions(r.data);
  }, []);

  const open = useCallback(
    async (layoutId: string, version?: number) => {
      const r = await api.wall.get({ layoutId, version });
      if (!r.ok) return report(r.error);
      setDraft({ layoutId, version: r.data.version, latestVersion: r.data.latestVersion, name: r.data.name, def: r.data.definition, dirty: false });
      setScreenId((id) => (id && r.data.definition.screens.some((s) => s.id === id) ? id : (r.data.definition.screens[0]?.id ?? null)));
      setPage(0);
      setTileId(null);
      void loadVersions(layoutId);
    },
    [report, loadVersions],
  );

  const create = (): void => {
    const def = shape.fill === 'template' ? templateLayout(shape.columns, shape.rows) : reshapeWall(EMPTY_WALL, shape.columns, shape.rows, 'blank');
    setDraft({ layoutId: null, version: null, latestVersion: null, name: wfill(w.editor.defaultName, { c: shape.columns, r: shape.rows }), def, dirty: true });
    setScreenId(def.screens[0]?.id ?? null);
    setPage(0);
    setTileId(null);
    setVersions([]);
  };

  const change = useCallback((def: WallDefinition) => setDraft((d) => (d ? { ...d, def, dirty: true } : d)), []);

  // The checks, as you edit (an answer about an earlier edit is dropped).
  const def = draft?.def;
  const issues = def ? checked : NO_ISSUES;
  useEffect(() => {
    if (!def) return undefined;
    let current = true;
    const timer = setTimeout(() => {
      void api.wall.validate({ definition: def }).then((r) => {
        if (current && r.ok) setChecked(r.data.issues);
      });
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [def]);

  const save = async (): Promise<void> => {
    if (!draft) return;
    setSaving(true);
    const r = await intents.send(`save:${draft.layoutId ?? 'new'}:${draft.latestVersion ?? 0}`, (commandId) =>
      api.wall.save({
        layoutId: draft.layoutId ?? undefined,
        name: draft.name.trim() || wfill(w.editor.defaultName, { c: draft.def.wall.columns, r: draft.def.wall.rows }),
        definition: draft.def,
        baseVersion: draft.latestVersion ?? undefined,
        commandId,
      }),
    );
    setSaving(false);
    if (!r.ok) return report(r.error);
    void message.success(wfill(w.editor.saved, { v: r.data.version }));
    await open(r.data.id);
    loadList();
  };

  const restore = async (): Promise<void> => {
    if (!draft?.layoutId || draft.version === null) return;
    const { layoutId, version } = draft;
    const r = await intents.send(`restore:${layoutId}:${version}`, (commandId) => api.wall.restore({ layoutId, version, commandId }));
    if (!r.ok) return report(r.error);
    void message.success(wfill(w.editor.restored, { v: r.data.version }));
    await open(r.data.id);
  };

  const retire = async (): Promise<void> => {
    if (!draft?.layoutId) return;
    const { layoutId } = draft;
    const r = await intents.send(`remove:${layoutId}`, (commandId) => api.wall.remove({ layoutId, commandId }));
    if (!r.ok) return report(r.error);
    void message.info(w.editor.removed);
    setDraft(null);
    loadList();
  };

  const screen = draft?.def.screens.find((s) => s.id === screenId) ?? null;
  const pageIndex = screen ? Math.min(page, Math.max(0, screen.pages.length - 1)) : 0;
  const tile = screen?.pages[pageIndex]?.tiles.find((t) => t.id === tileId) ?? null;
  const badTiles = useMemo(
    () => new Set(issues.filter((i) => i.screenId === screenId && i.pageId === screen?.pages[pageIndex]?.id && i.tileId).map((i) => i.tileId!)),
    [issues, screenId, screen, pageIndex],
  );
  const viewingOld = draft !== null && draft.version !== null && draft.latestVersion !== null && draft.version !== draft.latestVersion;

  return (
    <div className="wall-editor" data-testid="wall-editor">
      <aside className="wall-editor-side">
        <Typography.Title level={5}>{w.editor.layouts}</Typography.Title>
        {layouts.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={w.editor.none} />
        ) : (
          <List
            size="small"
            dataSource={layouts}
            renderItem={(l) => (
              <List.Item
                className={draft?.layoutId === l.id ? 'wall-editor-layout selected' : 'wall-editor-layout'}
                onClick={() => void open(l.id)}
                data-testid="wall-layout-item"
                data-layout-id={l.id}
              >
                <div>
                  <div className="wall-editor-layout-name">{l.name}</div>
                  <div className="muted">
                    {wfill(w.editor.shapeHint, { c: l.columns, r: l.rows })} · {wfill(w.editor.version, { v: l.version })}
                  </div>
                </div>
              </List.Item>
            )}
          />
        )}
        <div className="wall-editor-new">
          <Typography.Title level={5}>{w.editor.create}</Typography.Title>
          <div className="muted">{w.editor.shape}</div>
          <Select
            value={`${shape.columns}×${shape.rows}`}
            onChange={(v: string) => {
              const [c, r] = v.split('×').map(Number);
              setShape((s) => ({ ...s, columns: c!, rows: r! }));
            }}
            options={SHAPES.map((s) => ({ value: s, label: wfill(w.editor.shapeHint, { c: s.split('×')[0], r: s.split('×')[1] }) }))}
            style={{ width: '100%' }}
            aria-label={w.editor.shape}
            data-testid="wall-shape"
          />
          <Space size={4} className="wall-editor-shape-inputs">
            <InputNumber
              min={1}
              max={8}
              value={shape.columns}
              onChange={(v) => v && setShape((s) => ({ ...s, columns: v }))}
              addonBefore={w.editor.columns}
              aria-label={w.editor.columns}
              data-testid="wall-shape-columns"
            />
            <InputNumber
              min={1}
              max={4}
              value={shape.rows}
              onChange={(v) => v && setShape((s) => ({ ...s, rows: v }))}
              addonBefore={w.editor.rows}
              aria-label={w.editor.rows}
              data-testid="wall-shape-rows"
            />
          </Space>
          <Radio.Group value={shape.fill} onChange={(e) => setShape((s) => ({ ...s, fill: e.target.value as 'template' | 'blank' }))}>
            <Radio value="template" data-testid="wall-fill-template">
              {w.editor.fromTemplate}
            </Radio>
            <Radio value="blank" data-testid="wall-fill-blank">
              {w.editor.blank}
            </Radio>
          </Radio.Group>
          <Button type="primary" block onClick={create} data-testid="wall-create">
            {w.editor.create}
          </Button>
        </div>
      </aside>

      <section className="wall-editor-main">
        {!draft ? (
          <Empty description={w.editor.none} />
        ) : (
          <>
            <div className="wall-editor-toolbar">
              <Input
                value={draft.name}
                onChange={(e) => setDraft({ ...draft, name: e.target.value, dirty: true })}
                addonBefore={w.editor.name}
                aria-label={w.editor.name}
                style={{ maxWidth: 360 }}
                data-testid="wall-name"
              />
              <Segmented
                value={draft.def.theme}
                onChange={(v) => change({ ...draft.def, theme: v as 'dark' | 'light' })}
                options={(['dark', 'light'] as const).map((t) => ({ value: t, label: w.editor.themes[t] }))}
              />
              {draft.version !== null ? <Tag color={viewingOld ? 'orange' : 'blue'}>{wfill(w.editor.version, { v: draft.version })}</Tag> : <Tag>{w.editor.unsaved}</Tag>}
              {draft.dirty && draft.version !== null && <Tag color="gold">{w.editor.unsaved}</Tag>}
              <div className="header-spacer" />
              {draft.layoutId && versions.length > 0 && (
                <Select
                  value={draft.version ?? undefined}
                  onChange={(v: number) => void open(draft.layoutId!, v)}
                  options={versions.map((v) => ({
                    value: v.version,
                    label: `${wfill(w.editor.version, { v: v.version })} · ${formatDateTime(v.savedAt)}${v.savedByName ? ` · ${v.savedByName}` : ''}`,
                  }))}
                  style={{ width: 300 }}
                  placeholder={w.editor.versions}
                  aria-label={w.editor.versions}
                  data-testid="wall-versions"
                />
              )}
              {viewingOld && (
                <Button onClick={() => void restore()} data-testid="wall-restore">
                  {w.editor.restore}
                </Button>
              )}
              {draft.layoutId && (
                <Popconfirm title={w.editor.removeConfirm} onConfirm={() => void retire()}>
                  <Button danger>{w.editor.remove}</Button>
                </Popconfirm>
              )}
              <Button type="primary" loading={saving} disabled={issues.length > 0 || (!draft.dirty && draft.layoutId !== null)} onClick={() => void save()} data-testid="wall-save">
                {w.editor.save}
              </Button>
            </div>

            <div className="wall-editor-row">
              <div className="wall-editor-block">
                <div className="muted">{w.editor.wall}</div>
                <WallOverview
                  def={draft.def}
                  selected={screenId}
                  issues={issues}
                  onSelect={(id) => {
                    setScreenId(id);
                    setPage(0);
                    setTileId(null);
                  }}
                />
              </div>
              {screen && (
                <div className="wall-editor-block wall-editor-screen-form">
                  <div className="muted">{wfill(w.editor.screen, { id: screenLabel(draft.def, screen.id) })}</div>
                  <Input
                    value={screen.name ?? ''}
                    maxLength={40}
                    addonBefore={w.editor.screenName}
                    aria-label={w.editor.screenName}
                    onChange={(e) => change(updateScreen(draft.def, screen.id, { name: e.target.value || undefined }))}
                  />
                  <Space>
                    <span>{w.editor.grid}</span>
                    <InputNumber
                      min={1}
                      max={12}
                      value={screen.grid.columns}
                      onChange={(v) => v && change(updateScreen(draft.def, screen.id, { grid: { ...screen.grid, columns: v } }))}
                      data-testid="wall-grid-columns"
                    />
                    <span>×</span>
                    <InputNumber
                      min={1}
                      max={12}
                      value={screen.grid.rows}
                      onChange={(v) => v && change(updateScreen(draft.def, screen.id, { grid: { ...screen.grid, rows: v } }))}
                      data-testid="wall-grid-rows"
                    />
                  </Space>
                  <Space>
                    <span>{w.editor.rotate}</span>
                    <InputNumber
                      min={0}
                      max={3600}
                      value={screen.rotateSeconds}
                      onChange={(v) => v !== null && change(updateScreen(draft.def, screen.id, { rotateSeconds: v }))}
                      data-testid="wall-rotate"
                    />
                  </Space>
                </div>
              )}
            </div>

            {screen && (
              <>
                <div className="wall-editor-pages">
                  <span className="muted">{w.editor.pages}</span>
                  <Segmented
                    value={pageIndex}
                    onChange={(v) => {
                      setPage(Number(v));
                      setTileId(null);
                    }}
                    options={screen.pages.map((p, i) => ({ value: i, label: <span data-testid="wall-page-tab">{wfill(w.editor.page, { n: i + 1 })}</span> }))}
                  />
                  <Button
                    size="small"
                    onClick={() => {
                      change(addPage(draft.def, screen.id));
                      setPage(screen.pages.length);
                      setTileId(null);
                    }}
                    data-testid="wall-add-page"
                  >
                    {w.editor.addPage}
                  </Button>
                  {screen.pages.length > 1 && (
                    <Button
                      size="small"
                      danger
                      onClick={() => {
                        change(removePage(draft.def, screen.id, pageIndex));
                        setPage(0);
                        setTileId(null);
                      }}
                    >
                      {w.editor.removePage}
                    </Button>
                  )}
                  <div className="header-spacer" />
                  <Switch checked={preview} onChange={setPreview} data-testid="wall-preview-toggle" />
                  <span>{w.editor.preview}</span>
                </div>
                <TileCanvas
                  def={draft.def}
                  screen={screen}
                  page={pageIndex}
                  selectedTileId={tileId}
                  placing={placing}
                  badTiles={badTiles}
                  onChange={change}
                  onSelect={setTileId}
                  onPlaced={() => setPlacing(null)}
                />
                {preview && <ScreenPreview def={draft.def} screenId={screen.id} page={pageIndex} />}
              </>
            )}

            {draft.layoutId && !draft.dirty && <TokensSection key={draft.layoutId} layoutId={draft.layoutId} def={draft.def} />}
            {draft.layoutId && <DesktopSection layoutId={draft.layoutId} />}
          </>
        )}
      </section>

      <aside className="wall-editor-side">
        <Typography.Title level={5}>{w.editor.palette}</Typography.Title>
        <div className="wall-palette" data-testid="wall-palette">
          {WALL_PANELS.map((panel) => (
            <Tooltip key={panel} title={w.panelHints[panel]} placement="left">
              <div
                className={placing === panel ? 'wall-palette-item selected' : 'wall-palette-item'}
                draggable
                onDragStart={(e) => {
                  e.dataTransfer.setData(PANEL_MIME, panel);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onClick={() => setPlacing((p) => (p === panel ? null : panel))}
                role="button"
                tabIndex={0}
                aria-pressed={placing === panel}
                aria-label={wfill(w.editor.keyPalette, { panel: w.panels[panel] })}
                onKeyDown={(e) => {
                  if (e.key !== 'Enter' && e.key !== ' ') return;
                  e.preventDefault();
                  setPlacing(panel);
                  // The canvas's cells take the focus: the arrows and Enter place the panel.
                  requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="wall-cell"][tabindex="0"]')?.focus());
                }}
                data-testid="wall-palette-item"
                data-panel={panel}
              >
                {w.panels[panel]}
              </div>
            </Tooltip>
          ))}
        </div>
        <Typography.Title level={5}>{w.editor.tile}</Typography.Title>
        {draft && screen && tile ? (
          <TileOptions
            panel={tile.panel as WallPanelKind}
            options={tile.options}
            onChange={(options) => change(updateTile(draft.def, screen.id, pageIndex, tile.id, { options }))}
            onRemove={() => {
              change(removeTile(draft.def, screen.id, pageIndex, tile.id));
              setTileId(null);
            }}
          />
        ) : (
          <div className="muted">{w.editor.noTile}</div>
        )}
        <Typography.Title level={5}>{w.editor.issues}</Typography.Title>
        {draft &&
          (issues.length === 0 ? (
            <Alert type="success" showIcon title={w.editor.noIssues} data-testid="wall-issues-none" />
          ) : (
            <ul className="wall-issues" data-testid="wall-issues">
              {issues.map((i, n) => (
                <li
                  key={n}
                  data-testid="wall-issue"
                  data-code={i.code}
                  onClick={() => {
                    if (!i.screenId) return;
                    setScreenId(i.screenId);
                    const p = draft.def.screens.find((s) => s.id === i.screenId)?.pages.findIndex((x) => x.id === i.pageId) ?? -1;
                    setPage(Math.max(0, p));
                    setTileId(i.tileId ?? null);
                  }}
                >
                  {issueText(w, i, (id) => screenLabel(draft.def, id))}
                </li>
              ))}
            </ul>
          ))}
      </aside>
    </div>
  );
}

/** The whole wall in miniature at its true proportions; click a screen to edit it. */
function WallOverview({ def, selected, issues, onSelect }: { def: WallDefinition; selected: string | null; issues: readonly WallIssue[]; onSelect(id: string): void }) {
  const width = 420;
  const sw = width / Math.max(1, def.wall.columns);
  const sh = (sw * def.screenSize.height) / def.screenSize.width;
  return (
    <div className="wall-overview" style={{ width, height: sh * Math.max(1, def.wall.rows) }} data-testid="wall-overview">
      {def.screens.map((s) => {
        const bad = issues.filter((i) => i.screenId === s.id).length;
        return (
          <div
            key={s.id}
            className={`wall-overview-screen${s.id === selected ? ' selected' : ''}${bad ? ' bad' : ''}`}
            style={{ left: s.col * sw, top: s.row * sh, width: sw, height: sh }}
            onClick={() => onSelect(s.id)}
            data-testid="wall-overview-screen"
            data-screen-id={s.id}
          >
            <div>
              {s.col + 1}-{s.row + 1}
            </div>
            <div className="wall-overview-name">{s.name ?? ''}</div>
            {bad > 0 && <Tag color="red">{bad}</Tag>}
          </div>
        );
      })}
    </div>
  );
}

/** The options a panel takes, as form controls. */
function TileOptions({
  panel,
  options,
  onChange,
  onRemove,
}: {
  panel: WallPanelKind;
  options: Record<string, unknown>;
  onChange(o: Record<string, unknown>): void;
  onRemove(): void;
}) {
  const w = useWallMessages();
  const set = (key: string, value: unknown): void => {
    const next = { ...options };
    if (value === undefined || value === null || value === '') delete next[key];
    else next[key] = value;
    onChange(next);
  };
  return (
    <div className="wall-tile-options" data-testid="wall-tile-options" data-panel={panel}>
      <div className="wall-tile-options-name">{w.panels[panel]}</div>
      <div className="muted">{w.panelHints[panel]}</div>
      {panel === 'gridMap' && (
        <label>
          {w.editor.options.metric}
          <Segmented
            value={(options.metric as string) ?? 'open'}
            onChange={(v) => set('metric', v)}
            options={['open', 'overdue'].map((v) => ({ value: v, label: w.metrics[v] }))}
            data-testid="wall-option-metric"
          />
        </label>
      )}
      {panel === 'gridMap' && <MapCameraOptions options={options} set={set} />}
      {(panel === 'categoryBreakdown' || panel === 'boardBreakdown') && (
        <label>
          {w.editor.options.scope}
          <Select
            value={(options.scope as string) ?? (panel === 'categoryBreakdown' ? 'today' : 'open')}
            onChange={(v) => set('scope', v)}
            options={(['open', 'today', '7d', '30d'] as const).map((v) => ({ value: v, label: w.scopes[v] }))}
            style={{ width: '100%' }}
          />
        </label>
      )}
      {panel === 'hourlyTrend' && (
        <label>
          {w.editor.options.hours}
          <InputNumber min={6} max={72} value={(options.hours as number) ?? 24} onChange={(v) => set('hours', v)} />
        </label>
      )}
      {panel === 'overdueList' && (
        <label>
          {w.editor.options.limit}
          <InputNumber min={1} max={50} value={(options.limit as number) ?? null} onChange={(v) => set('limit', v)} />
        </label>
      )}
      {panel === 'camera' && <CameraOption value={typeof options.camera === 'string' ? options.camera : undefined} onChange={(v) => set('camera', v)} />}
      {panel === 'cameraGroup' && <CameraGroupOption options={options} set={set} />}
      {panel === 'ranking' && (
        <>
          <label>
            {w.editor.options.by}
            <Select
              value={rankingOptions(options).by}
              onChange={(v) => set('by', v)}
              options={WALL_RANKING_BY.map((v) => ({ value: v, label: w.assess.by[v] }))}
              style={{ width: '100%' }}
              data-testid="wall-option-by"
            />
          </label>
          <label>
            {w.editor.options.figure}
            <Select
              value={rankingOptions(options).figure}
              onChange={(v) => set('figure', v)}
              options={WALL_RANKING_FIGURES.map((v) => ({ value: v, label: w.assess.figures[v] }))}
              style={{ width: '100%' }}
              data-testid="wall-option-figure"
            />
          </label>
          <label>
            {w.editor.options.order}
            <Segmented
              value={rankingOptions(options).order}
              onChange={(v) => set('order', v)}
              options={WALL_RANKING_ORDERS.map((v) => ({ value: v, label: w.assess.orders[v] }))}
              data-testid="wall-option-order"
            />
          </label>
          <label>
            {w.editor.options.limit}
            <InputNumber min={3} max={20} value={rankingOptions(options).limit} onChange={(v) => set('limit', v)} />
          </label>
        </>
      )}
      {(panel === 'ranking' || panel === 'figures') && (
        <label>
          {w.editor.options.period}
          <Segmented
            value={periodOf(options)}
            onChange={(v) => set('period', v)}
            options={WALL_PERIODS.map((v) => ({ value: v, label: w.assess.periods[v] }))}
            data-testid="wall-option-period"
          />
        </label>
      )}
      {panel === 'ticker' && (
        <label>
          {w.editor.options.messages}
          <Input.TextArea
            rows={4}
            value={Array.isArray(options.messages) ? (options.messages as string[]).join('\n') : ''}
            onChange={(e) => {
              const lines = e.target.value
                .split('\n')
                .map((l) => l.trim())
                .filter(Boolean)
                .slice(0, 10);
              set('messages', lines.length ? lines : undefined);
            }}
            data-testid="wall-option-messages"
          />
        </label>
      )}
      <Button danger onClick={onRemove} data-testid="wall-remove-tile">
        {w.editor.removeTile}
      </Button>
    </div>
  );
}

/** The selected screen's page with live panels, scaled into the editor at the screen's proportions. */
function ScreenPreview({ def, screenId, page }: { def: WallDefinition; screenId: string; page: number }) {
  const w = useWallMessages();
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(960);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const screen = def.screens.find((s) => s.id === screenId);
  const theme = WALL_THEMES[def.theme];
  const scale = width / def.screenSize.width;
  const desk = useDesk();
  const context = useMemo(
    () => ({ theme, pixelRatio: Math.max(1, window.devicePixelRatio), townName: desk.town?.name ?? '', centreName: desk.session.centreName, viewer: false }),
    [theme, desk],
  );
  if (!screen) return null;
  return (
    <div className="wall-editor-preview">
      <div className="muted">{wfill(w.editor.previewHint, { w: def.screenSize.width, h: def.screenSize.height })}</div>
      <div ref={box} className="wall-scope wall-preview-box" style={{ ...themeStyle(theme), height: def.screenSize.height * scale }} data-testid="wall-preview">
        <div style={{ transform: `scale(${scale})`, transformOrigin: '0 0', width: def.screenSize.width, height: def.screenSize.height }}>
          <WallContextProvider value={context}>
            <WallScreenView screen={screen} size={def.screenSize} pageIndex={page} />
          </WallContextProvider>
        </div>
      </div>
    </div>
  );
}

/** Per-screen read-only addresses: issue (shown once), see when each last connected, revoke. */
function TokensSection({ layoutId, def }: { layoutId: string; def: WallDefinition }) {
  const w = useWallMessages();
  const desk = useDesk();
  const [tokens, setTokens] = useState<WallToken[]>([]);
  const [issued, setIssued] = useState<Record<string, IssuedWallToken>>({});
  const intents = useIntentIds();
  // One section per layout (keyed by it): the addresses issued here were for this layout.
  const load = useFeedLoad(
    useCallback(() => api.wall.tokens({ layoutId }), [layoutId]),
    {
      apply: (r) => {
        if (r.ok) setTokens(r.data);
      },
    },
  );
  const web = window.location.protocol.startsWith('http');
  const address = (path: string): string => (web ? `${window.location.origin}${path}` : path);
  return (
    <div className="wall-editor-block wall-tokens" data-testid="wall-tokens">
      <Typography.Title level={5}>{w.editor.tokens}</Typography.Title>
      <div className="muted">{w.editor.tokensHint}</div>
      {def.screens.map((s) => {
        const mine = tokens.filter((t) => t.screenId === s.id);
        const fresh = issued[s.id];
        return (
          <div key={s.id} className="wall-token-screen" data-testid="wall-token-screen" data-screen-id={s.id}>
            <div className="wall-token-head">
              <strong>{wfill(w.editor.screen, { id: screenLabel(def, s.id) })}</strong>
              <Button
                size="small"
                onClick={async () => {
                  const r = await intents.send(`issue:${s.id}`, (commandId) => api.wall.issueToken({ layoutId, screenId: s.id, commandId }));
                  if (!r.ok) return desk.report(r.error);
                  setIssued((x) => ({ ...x, [s.id]: r.data }));
                  load();
                }}
                data-testid="wall-issue-token"
              >
                {w.editor.issue}
              </Button>
            </div>
            {fresh && (
              <div className="wall-token-fresh">
                <span className="muted">{w.editor.issued}</span>
                <Input readOnly value={address(fresh.path)} data-testid="wall-token-url" data-screen-id={s.id} onFocus={(e) => e.target.select()} />
              </div>
            )}
            {mine.map((t) => (
              <div key={t.id} className="wall-token-row" data-testid="wall-token-row">
                <span>{t.label}</span>
                <span className="muted">
                  {formatDateTime(t.createdAt)}
                  {t.createdByName ? ` · ${t.createdByName}` : ''}
                </span>
                <span className="muted">{t.lastSeenAt ? wfill(w.editor.lastSeen, { t: formatDateTime(t.lastSeenAt) }) : w.editor.neverSeen}</span>
                {t.revokedAt ? (
                  <Tag>{w.editor.revoked}</Tag>
                ) : (
                  <Button
                    size="small"
                    danger
                    onClick={async () => {
                      const r = await intents.send(`revoke:${t.id}`, (commandId) => api.wall.revokeToken({ tokenId: t.id, commandId }));
                      if (!r.ok) return desk.report(r.error);
                      load();
                    }}
                    data-testid="wall-revoke-token"
                  >
                    {w.editor.revoke}
                  </Button>
                )}
              </div>
            ))}
          </div>
        );
      })}
    </div>
  );
}

const loadLayouts = () => api.wall.list({});
const loadDesktop = () => Promise.all([api.wall.displays({}), api.wall.settings({})]);

/** This computer's displays (desktop app only), the windows planned on them, and network access. */
function DesktopSection({ layoutId }: { layoutId: string }) {
  const w = useWallMessages();
  const desk = useDesk();
  const [displays, setDisplays] = useState<WallDisplays | null>(null);
  const [settings, setSettings] = useState<WallSettings | null>(null);
  useFeedLoad(loadDesktop, {
    apply: ([d, s]) => {
      if (d.ok) setDisplays(d.data);
      if (s.ok) setSettings(s.data);
    },
    // Displays and settings are the computer's, not the layout's: re-read when the wall's settings change.
    feed: { wall: true },
    minGapMs: 500,
  });
  const intents = useIntentIds();
  const set = async (update: Partial<WallSettings>): Promise<void> => {
    const r = await intents.send(JSON.stringify(update), (commandId) => api.wall.setSettings({ ...update, commandId }));
    if (!r.ok) desk.report(r.error);
    else setSettings(r.data);
  };
  const admin = desk.session.person.roles.includes('admin');
  if (!settings) return null;
  return (
    <div className="wall-editor-block" data-testid="wall-desktop">
      <Typography.Title level={5}>{w.editor.desktop}</Typography.Title>
      {displays?.desktop ? (
        <>
          <Space>
            <Switch checked={settings.localLayoutId === layoutId} onChange={(on) => void set({ localLayoutId: on ? layoutId : null })} />
            <span>{w.editor.desktopShow}</span>
          </Space>
          <div className="muted">{wfill(w.editor.displays, { n: displays.displays.length })}</div>
          <ul className="wall-displays">
            {displays.displays.map((d) => {
              const win = displays.windows.find((x) => x.displayId === d.id);
              return (
                <li key={d.id}>
                  {wfill(w.editor.display, { id: d.id, w: d.bounds.width, h: d.bounds.height })} —{' '}
                  {win ? wfill(w.editor.displayScreens, { screens: win.screenIds.join('、') }) : w.editor.displayUnused}
                </li>
              );
            })}
          </ul>
        </>
      ) : (
        <div className="muted">{w.editor.desktopNone}</div>
      )}
      <Space wrap>
        <Switch checked={settings.lanEnabled} disabled={!admin} onChange={(on) => void set({ lanEnabled: on })} data-testid="wall-lan" />
        <span>{w.editor.lan}</span>
        <span className="muted">{w.editor.lanPort}</span>
        <InputNumber min={1024} max={65535} value={settings.lanPort} disabled={!admin} onChange={(v) => v && void set({ lanPort: v })} />
      </Space>
      <div className="muted">{w.editor.lanHint}</div>
      <CameraDecodersSetting />
    </div>
  );
}
