/** Contingency plans (数字预案): being built (plan editor, proposals, runs, review). */
import { Empty } from 'antd';

export function PlansPage() {
  return <Empty data-testid="plans-page" />;
}
