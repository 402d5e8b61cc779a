/** The audit kinds' names (preload/contract/audit-kinds.ts): both languages name the same kinds, and nothing is shown raw. */
import { describe, expect, it } from 'vitest';
import { AUDIT_ENTITY_NAMES, AUDIT_KIND_NAMES, auditEntityName, auditKindName } from '../../preload/contract/audit-kinds';

describe('audit kind names', () => {
  it('zh-CN and en-US name the same kinds and entities', () => {
    expect(Object.keys(AUDIT_KIND_NAMES['en-US']).sort()).toEqual(Object.keys(AUDIT_KIND_NAMES['zh-CN']).sort());
    expect(Object.keys(AUDIT_ENTITY_NAMES['en-US']).sort()).toEqual(Object.keys(AUDIT_ENTITY_NAMES['zh-CN']).sort());
  });

  it('a kind the table does not know is named by its group, else as another operation, never by its code', () => {
    expect(auditKindName('person.add')).toBe('新增人员');
    expect(auditKindName('event.dispatch')).toBe('派单');
    expect(auditKindName('event.some_future_action')).toBe('事件操作');
    expect(auditKindName('roster.something_new')).toBe('排班操作');
    expect(auditKindName('brand.new')).toBe('其他操作');
    expect(auditKindName('brand.new', 'en-US')).toBe('Other');
    expect(auditEntityName('grid')).toBe('网格');
    expect(auditEntityName('whatever')).toBe('其他记录');
  });
});
