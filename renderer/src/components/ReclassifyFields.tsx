/**
 * The fields of 重新定性 in the action dialog: the catalogue item (by name, code or pinyin initials)
 * and the level, then the posts the catalogue suggests for the chosen item (shown again: a re-dispatch
 * is the desk's next step if they differ) and the clock rule in one sentence.
 */
import { Alert, Form, Select } from 'antd';
import { LEVELS, type CatalogueItem, type EventDetail } from '../../../preload/contract';
import { useDesk } from '../context/Desk';
import { fill, nameOf, useMessages } from '../locales';
import { useCatalogueNames } from './plans/use-catalogue';

function matches(item: CatalogueItem, q: string): boolean {
  const query = q.trim().toLowerCase();
  return item.name.includes(query) || item.code.toLowerCase().includes(query) || item.pinyin.toLowerCase().startsWith(query);
}

export function ReclassifyFields({ event, categoryCode, required }: { event: EventDetail; categoryCode: string | undefined; required: string }) {
  const m = useMessages();
  const l = m.life;
  const desk = useDesk();
  const { items } = useCatalogueNames();
  const chosen = items.find((i) => i.code === (categoryCode ?? event.categoryCode));
  const postName = (id: string) => desk.post(id)?.name ?? id;
  return (
    <>
      <Form.Item name="categoryCode" label={l.category} rules={[{ required: true, message: required }]}>
        <Select
          showSearch={{ filterOption: (q, option) => (option?.item ? matches(option.item, q) : false) }}
          placeholder={l.chooseCategory}
          options={items.map((i) => ({ value: i.code, label: `${i.name}（${i.categoryName}）`, item: i }))}
          data-testid="reclassify-category"
        />
      </Form.Item>
      <Form.Item name="level" label={l.level} rules={[{ required: true, message: required }]}>
        <Select options={LEVELS.map((v) => ({ value: v, label: nameOf(m.levels, v) }))} data-testid="reclassify-level" />
      </Form.Item>
      {chosen && (
        <Alert
          type="info"
          showIcon
          className="detail-alert"
          data-testid="reclassify-route"
          title={fill(l.newRoute, { lead: postName(chosen.leadPostId), cooperating: chosen.cooperatingPostIds.map(postName).join('、') || l.none })}
        />
      )}
      <p className="muted">{l.clockRule}</p>
    </>
  );
}
