/**
 * 值班日报 (issue #16, docs/duty-reports.md): the reports generated — each shift's, made when its
 * handover is signed, and those asked for here (生成日报 / 周报 / 月报 over Beijing dates) — newest
 * first, each downloadable as PDF and .xlsx. Officers, leaders and administrators (permission
 * `dutyReports`). The list follows the watch's handover feed (a signed handover brings its report).
 */
import { DownloadOutlined, FileAddOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, DatePicker, Empty, Modal, Space, Table, Tag, type ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import type { DutyReportKind, DutyReportSummary } from '../../../preload/contract/report-schemas';
import { DUTY_REPORT_MAX_DAYS } from '../../../preload/contract/report-schemas';
import { api } from '../api';
import { downloadFile } from '../components/roster/files';
import { useDesk } from '../context/Desk';
import { useServerClock } from '../context/ServerClock';
import { useFeedLoad } from '../hooks/use-feed-load';
import { beijingDate, formatDateTime, periodDates } from '../lib/beijing-time';
import { useIntentIds } from '../lib/command-id';
import { fill } from '../locales';
import { useReportsMessages } from './reports/report-locales';

const KIND_COLORS: Readonly<Record<DutyReportKind, string>> = { daily: 'blue', weekly: 'geekblue', monthly: 'purple' };

/** The period a kind starts with: today; this week, Monday to Sunday; this month. */
const defaultPeriod = (kind: DutyReportKind, today: string): [string, string] => periodDates(kind === 'daily' ? 'day' : kind === 'weekly' ? 'week' : 'month', today);

export function DutyReportsPage() {
  const r = useReportsMessages();
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const { now } = useServerClock();
  const [rows, setRows] = useState<DutyReportSummary[] | null>(null);
  const [asking, setAsking] = useState<{ kind: DutyReportKind; from: string; to: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const intents = useIntentIds();
  const allowed = desk.can('dutyReports');

  useFeedLoad(
    useCallback(() => api.reports.list({}), []),
    {
      apply: (res) => (res.ok ? setRows(res.data) : desk.report(res.error)),
      feed: { roster: (msg) => msg.parts.includes('handover') },
      enabled: allowed,
    },
  );

  if (!allowed) {
    return (
      <div className="page-pad" data-testid="duty-reports-page">
        <Alert type="info" showIcon message={r.forbidden} />
      </div>
    );
  }

  const open = (kind: DutyReportKind) => {
    const [from, to] = defaultPeriod(kind, beijingDate(now));
    setAsking({ kind, from, to });
  };
  const days = asking ? dayjs(asking.to).diff(dayjs(asking.from), 'day') + 1 : 0;
  const tooLong = asking !== null && days > DUTY_REPORT_MAX_DAYS[asking.kind];

  const generate = async () => {
    if (!asking || tooLong) return;
    setBusy(true);
    const { kind, from, to } = asking;
    const res = await intents.send(`generate:${kind}:${from}:${to}`, (commandId) => api.reports.generate({ kind, from, to, commandId }));
    setBusy(false);
    if (!res.ok) return desk.report(res.error);
    setAsking(null);
    setRows((old) => [res.data, ...(old ?? []).filter((x) => x.id !== res.data.id)]);
    void message.success(fill(r.generated, { kind: r.kinds[kind], label: res.data.label }));
  };

  const download = async (row: DutyReportSummary, kind: 'pdf' | 'xlsx') => {
    const res = kind === 'pdf' ? await api.reports.pdf({ reportId: row.id }) : await api.reports.xlsx({ reportId: row.id });
    if (res.ok) downloadFile(res.data);
    else desk.report(res.error);
  };

  return (
    <div className="page-pad" data-testid="duty-reports-page">
      <h2 className="page-title">{r.title}</h2>
      <p className="muted">{r.intro}</p>
      <Space wrap style={{ marginBottom: 12 }}>
        {(['daily', 'weekly', 'monthly'] as const).map((kind) => (
          <Button key={kind} type={kind === 'daily' ? 'primary' : 'default'} icon={<FileAddOutlined />} onClick={() => open(kind)} data-testid={`duty-report-new-${kind}`}>
            {kind === 'daily' ? r.generateDaily : kind === 'weekly' ? r.generateWeekly : r.generateMonthly}
          </Button>
        ))}
      </Space>
      {rows && rows.length === 0 && <Empty description={r.empty} />}
      {rows && rows.length > 0 && (
        <Table<DutyReportSummary>
          size="small"
          rowKey="id"
          dataSource={rows}
          pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          data-testid="duty-report-table"
          onRow={(row) => ({ 'data-testid': 'duty-report-row', 'data-report-id': row.id }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: r.columns.kind, key: 'kind', width: 80, render: (_, row) => <Tag color={KIND_COLORS[row.kind]}>{r.kinds[row.kind]}</Tag> },
            { title: r.columns.period, dataIndex: 'label', key: 'label', render: (label: string) => <span className="num">{label}</span> },
            { title: r.columns.trigger, key: 'trigger', width: 150, render: (_, row) => r.triggers[row.trigger] },
            { title: r.columns.createdAt, key: 'createdAt', width: 150, render: (_, row) => <span className="num">{formatDateTime(row.createdAt)}</span> },
            { title: r.columns.createdBy, key: 'createdBy', width: 110, render: (_, row) => row.createdByName ?? r.system },
            {
              title: r.columns.files,
              key: 'files',
              width: 190,
              render: (_, row) => (
                <Space size={4}>
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    onClick={() => void download(row, 'pdf')}
                    aria-label={fill(r.downloadPdf, { label: row.label })}
                    data-testid="duty-report-pdf"
                  >
                    {r.pdf}
                  </Button>
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    onClick={() => void download(row, 'xlsx')}
                    aria-label={fill(r.downloadXlsx, { label: row.label })}
                    data-testid="duty-report-xlsx"
                  >
                    {r.xlsx}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
      <Modal
        open={asking !== null}
        title={asking ? r.dialogTitle[asking.kind] : ''}
        onCancel={() => setAsking(null)}
        onOk={() => void generate()}
        okText={r.generate}
        cancelText={r.cancel}
        okButtonProps={{ disabled: tooLong, loading: busy, 'data-testid': 'duty-report-generate' } as ButtonProps}
        destroyOnHidden
        data-testid="duty-report-dialog"
      >
        {asking && asking.kind === 'daily' && (
          <label style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            {r.date}
            <DatePicker
              value={dayjs(asking.from)}
              allowClear={false}
              onChange={(v: Dayjs | null) => v && setAsking({ ...asking, from: v.format('YYYY-MM-DD'), to: v.format('YYYY-MM-DD') })}
              aria-label={r.date}
              data-testid="duty-report-date"
            />
          </label>
        )}
        {asking && asking.kind !== 'daily' && (
          <div>
            <div className="muted" style={{ marginBottom: 6 }}>
              {r.range}
            </div>
            <DatePicker.RangePicker
              value={[dayjs(asking.from), dayjs(asking.to)]}
              allowClear={false}
              onChange={(v) => {
                const [from, to] = (v ?? []) as [Dayjs | null, Dayjs | null];
                if (from && to) setAsking({ ...asking, from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') });
              }}
              placeholder={[r.from, r.to]}
              aria-label={`${r.from}—${r.to}`}
              data-testid="duty-report-range"
            />
          </div>
        )}
        {tooLong && asking && (
          <Alert style={{ marginTop: 12 }} type="warning" showIcon message={fill(r.tooLong, { kind: r.kinds[asking.kind], max: DUTY_REPORT_MAX_DAYS[asking.kind] })} />
        )}
      </Modal>
    </div>
  );
}
