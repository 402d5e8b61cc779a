/**
 * The database engine for the admin: which SQLite this console runs on and the oldest it accepts
 * (the core checks it at every start and refuses a withdrawn or older one; README, "The storage
 * engine"). Read from `backup:list`, which carries it beside the backups.
 */
import { DatabaseOutlined } from '@ant-design/icons';
import { Card, Descriptions, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { fill, MESSAGES, useMessages } from '../../locales';

const ENGINE_ZH_CN = {
  title: '数据库引擎',
  version: 'SQLite 版本',
  minimum: '最低要求',
  accepted: '已通过启动检查',
  checkHint: '每次启动时检查：低于 {minimum} 或已被 SQLite 官方撤回的版本（如 3.52.0）不会打开数据库。',
  loading: '读取中…',
};

const ENGINE_EN_US: typeof ENGINE_ZH_CN = {
  title: 'Database engine',
  version: 'SQLite version',
  minimum: 'Minimum',
  accepted: 'passed the start check',
  checkHint: 'Checked at every start: a version older than {minimum} or one SQLite withdrew (such as 3.52.0) opens no database.',
  loading: 'Loading…',
};

const load = () => api.backup.list({});

export function EngineSection() {
  const e = useMessages() === MESSAGES['en-US'] ? ENGINE_EN_US : ENGINE_ZH_CN;
  const desk = useDesk();
  const [sqlite, setSqlite] = useState<{ version: string; minimum: string } | null>(null);
  useFeedLoad(load, { apply: (r) => (r.ok ? setSqlite(r.data.sqlite) : desk.report(r.error)) });
  return (
    <Card
      className="settings-card"
      title={
        <span>
          <DatabaseOutlined /> {e.title}
        </span>
      }
      data-testid="settings-engine"
    >
      {sqlite ? (
        <>
          <div className="muted settings-intro">{fill(e.checkHint, { minimum: sqlite.minimum })}</div>
          <Descriptions
            size="small"
            column={2}
            bordered
            className="settings-facts"
            items={[
              {
                key: 'version',
                label: e.version,
                children: (
                  <span>
                    <span className="num" data-testid="settings-sqlite-version">
                      {sqlite.version}
                    </span>{' '}
                    <Tag color="green">{e.accepted}</Tag>
                  </span>
                ),
              },
              { key: 'minimum', label: e.minimum, children: <span className="num">{sqlite.minimum}</span> },
            ]}
          />
        </>
      ) : (
        <span className="muted">{e.loading}</span>
      )}
    </Card>
  );
}
