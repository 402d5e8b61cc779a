/**
 * 历史交接: the signed handovers, the latest signature first — the latest ones, or one month's (the
 * month picker, with 上月 / 下月 beside it for the keyboard) — each with its shift, who handed over,
 * who took over, when it was signed, and its PDF.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Empty, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import type { HandoverSummary } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useServerClock } from '../../context/ServerClock';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { beijingDate, formatDateTime, formatShort } from '../../lib/beijing-time';
import { fill, useMessages } from '../../locales';
import { downloadFile } from '../roster/files';

const LIMIT = 100;

export function HandoverHistory() {
  const m = useMessages();
  const h = m.duty.handover.history;
  const desk = useDesk();
  const { now } = useServerClock();
  const [month, setMonth] = useState<string | null>(null);
  const [rows, setRows] = useState<HandoverSummary[] | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);

  useFeedLoad(
    useCallback(() => api.handover.history(month ? { month, limit: LIMIT } : { limit: LIMIT }), [month]),
    {
      apply: (res) => {
        if (!res.ok) return desk.report(res.error);
        setRows(res.data);
      },
      feed: { roster: (msg) => msg.parts.includes('handover') },
    },
  );

  const shiftText = (s: HandoverSummary) => `${s.shift.date} ${s.shift.name}`;
  const pdf = async (s: HandoverSummary) => {
    setDownloading(s.id);
    const res = await api.handover.pdf({ handoverId: s.id });
    setDownloading(null);
    if (res.ok) downloadFile(res.data);
    else desk.report(res.error);
  };
  // From the month shown, or from this month (Beijing, the desk's clock) when the latest are shown.
  const step = (by: number) =>
    setMonth((cur) =>
      dayjs(`${cur ?? beijingDate(now).slice(0, 7)}-01`)
        .add(by, 'month')
        .format('YYYY-MM'),
    );

  return (
    <section className="handover-history" aria-label={m.duty.handover.sections.history} data-testid="handover-history">
      <div className="handover-history-bar">
        <span>{h.month}</span>
        <Button onClick={() => step(-1)} data-testid="handover-history-prev">
          {h.prevMonth}
        </Button>
        <DatePicker
          picker="month"
          value={month ? dayjs(`${month}-01`) : null}
          placeholder={h.monthPlaceholder}
          aria-label={h.month}
          style={{ width: 180 }}
          onChange={(d: Dayjs | null) => setMonth(d ? d.format('YYYY-MM') : null)}
          data-testid="handover-history-month"
        />
        <Button onClick={() => step(1)} data-testid="handover-history-next">
          {h.nextMonth}
        </Button>
        <Button type={month ? 'default' : 'primary'} onClick={() => setMonth(null)} data-testid="handover-history-recent">
          {h.recent}
        </Button>
        {rows && (
          <span className="muted" data-testid="handover-history-count">
            {fill(h.count, { count: rows.length })}
          </span>
        )}
      </div>
      <Table
        size="small"
        rowKey="id"
        loading={rows === null}
        dataSource={rows ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: <Empty description={month ? fill(h.emptyMonth, { month }) : h.empty} /> }}
        data-testid="handover-history-table"
        onRow={(s) => ({ 'data-testid': 'handover-history-row', 'data-handover-id': s.id }) as React.HTMLAttributes<HTMLTableRowElement>}
        columns={[
          {
            title: h.shift,
            render: (_: unknown, s: HandoverSummary) => (
              <span>
                {shiftText(s)}
                {s.shift.startsAt && (
                  <span className="muted">
                    （{formatShort(s.shift.startsAt)}–{formatShort(s.shift.endsAt)}）
                  </span>
                )}
              </span>
            ),
          },
          { title: h.outgoing, width: 140, render: (_: unknown, s: HandoverSummary) => s.outgoingName ?? '' },
          { title: h.incoming, width: 140, render: (_: unknown, s: HandoverSummary) => s.incomingName ?? '' },
          { title: h.signedAt, width: 180, render: (_: unknown, s: HandoverSummary) => (s.signedAt ? formatDateTime(s.signedAt) : '') },
          {
            title: h.actions,
            width: 140,
            render: (_: unknown, s: HandoverSummary) => (
              <Button
                size="small"
                icon={<DownloadOutlined />}
                loading={downloading === s.id}
                aria-label={fill(h.pdfLabel, { shift: shiftText(s) })}
                onClick={() => void pdf(s)}
                data-testid="handover-history-pdf"
              >
                {h.pdf}
              </Button>
            ),
          },
        ]}
      />
    </section>
  );
}
