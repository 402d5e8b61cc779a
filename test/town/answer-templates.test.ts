/**
 * 答复模板 (issue #15): the placeholders filled from the event (a pure function, the one the action
 * dialog uses), an unknown placeholder left visible; the town import refuses a template with an
 * unknown placeholder, naming its cell, and saves nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { beijingText, fillAnswerTemplate, RESULT_BLANK, unknownPlaceholders } from '../../preload/contract/answer-template';
import { filesOf } from '../support/sample-town';
import { importCore, sampleData, townTables, type ImportCore } from './import-support';

const event = { title: '白鹭路燃气泄漏', item: '燃气泄漏', address: '白鹭社区第一网格', post: '应急管理办', time: '2026-11-23T01:05:00Z' };

describe('filling a template', () => {
  it('every placeholder, in Chinese and in English, from the event; the time in Beijing time', () => {
    expect(fillAnswerTemplate('您好！您反映的{address}燃气泄漏已处置，{result}。', { ...event, result: '已关阀并通知燃气公司抢修' })).toBe(
      '您好！您反映的白鹭社区第一网格燃气泄漏已处置，已关阀并通知燃气公司抢修。',
    );
    expect(fillAnswerTemplate('{事件标题}|{事项}|{地址}|{网格}|{处置岗位}|{时间}|{结果}', { ...event, result: '已处置' })).toBe(
      '白鹭路燃气泄漏|燃气泄漏|白鹭社区第一网格|白鹭社区第一网格|应急管理办|2026年11月23日 09:05|已处置',
    );
    expect(fillAnswerTemplate('{title}|{item}|{grid}|{post}|{time}', event)).toBe('白鹭路燃气泄漏|燃气泄漏|白鹭社区第一网格|应急管理办|2026年11月23日 09:05');
  });

  it('no result yet: the blank the officer replaces; no grid or post: empty, the sentence still reads', () => {
    expect(fillAnswerTemplate('您反映的{地址}问题，{结果}。', { title: 't', item: 'i', result: '  ' })).toBe(`您反映的问题，${RESULT_BLANK}。`);
    expect(fillAnswerTemplate('由{处置岗位}办理', { title: 't', item: 'i', post: null })).toBe('由办理');
  });

  it('an unknown placeholder is left as written, never dropped; braces that are not a placeholder stay', () => {
    expect(fillAnswerTemplate('{地址}{电话}：{result}', { ...event, result: '好' })).toBe('白鹭社区第一网格{电话}：好');
    expect(fillAnswerTemplate('{ 空格 }{}', event)).toBe('{ 空格 }{}');
    expect(unknownPlaceholders('{地址}{电话}{phone}{电话}{result}')).toEqual(['{电话}', '{phone}']);
    expect(unknownPlaceholders('您好！您反映的{address}问题已处理，{result}。')).toEqual([]);
  });

  it('Beijing time crosses the date line at 16:00 UTC', () => {
    expect(beijingText('2026-12-31T16:30:00Z')).toBe('2027年1月1日 00:30');
    expect(beijingText('not a time')).toBe('');
  });
});

describe('the import refuses an unknown placeholder in 答复模板', () => {
  let t: ImportCore;
  let before: string;
  beforeEach(async () => {
    t = await importCore();
    before = await townTables(t.core);
  });
  afterEach(async () => {
    expect(await townTables(t.core)).toBe(before);
    await t.close();
  });

  it('names the cell (sheet 事项, its row, column L) and the placeholder, in Chinese with what to do', async () => {
    const data = await sampleData();
    const header = data.sheets['事项']!;
    const row = header.findIndex((r) => r[1] === '燃气泄漏');
    expect(row).toBeGreaterThanOrEqual(0);
    header[row]![11] = '您好！您反映的{地址}问题已处理，{结果}。联系电话{电话}，{phone}。';
    const preview = await t.importer.preview(t.admin, await filesOf(data));
    expect(preview.previewId).toBeNull();
    expect(preview.faults).toHaveLength(1);
    expect(preview.faults[0]).toMatchObject({ file: 'catalogue.xlsx', sheet: '事项', row: row + 2, column: 'L', value: '{电话}、{phone}' });
    expect(preview.faults[0]!.reason).toBe(
      '答复模板中的 {电话}、{phone} 不是可用的占位符：请改成 {事件标题}/{title}、{事项}/{item}、{地址}/{address}、{网格}/{grid}、{处置岗位}/{post}、{时间}/{time}、{结果}/{result} 之一，或删去。',
    );
  });

  it('the known placeholders, Chinese or English, pass', async () => {
    const data = await sampleData();
    data.sheets['事项']![0]![11] = '{事件标题}{事项}{地址}{网格}{处置岗位}{时间}{结果}{title}{item}{address}{grid}{post}{time}{result}';
    const preview = await t.importer.preview(t.admin, await filesOf(data));
    expect(preview.faults).toEqual([]);
    expect(preview.previewId).not.toBeNull();
  });
});
