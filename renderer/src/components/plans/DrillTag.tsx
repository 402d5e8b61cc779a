/** The drill mark (演练): one colour and one word everywhere a drill shows on the console. */
import { ExperimentOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useMessages } from '../../locales';
import { DRILL_COLOR } from './plan-text';

export function DrillTag({ large = false }: { large?: boolean }) {
  const m = useMessages();
  return (
    <Tag color={DRILL_COLOR} icon={<ExperimentOutlined />} className={large ? 'drill-tag drill-tag-large' : 'drill-tag'} data-testid="drill-tag">
      {m.plans.drill}
    </Tag>
  );
}
