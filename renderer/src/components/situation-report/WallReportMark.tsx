/** The wall's small mark of an event's situation reports (issue #15): 首报超时 or 续报超时, else the latest report (已首报 / 已续报 / 已终报). */
import { useSituationMessages } from './situation-report-locales';
import './situation-report.css';

export function WallReportMark({ stage, late }: { stage: string | null; late: 'first' | 'update' | null }) {
  const s = useSituationMessages();
  if (late) {
    return (
      <span className="wall-report-mark late" data-testid="wall-report-mark" data-late={late}>
        {late === 'first' ? s.wallLate : s.wallUpdateLate}
      </span>
    );
  }
  if (!stage) return null;
  return (
    <span className="wall-report-mark" data-testid="wall-report-mark" data-stage={stage}>
      {s.wallStages[stage] ?? stage}
    </span>
  );
}
