/** The heading of the screens before the console (sign-in, first set-up, forced password change): the mark, a title and a line under it. */
import { Typography } from 'antd';
import type { ReactNode } from 'react';

export function BrandHeading({ title, subtitle }: { title: ReactNode; subtitle: ReactNode }) {
  return (
    <div className="signin-brand">
      <div className="brand-mark">值</div>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        <div className="muted">{subtitle}</div>
      </div>
    </div>
  );
}
