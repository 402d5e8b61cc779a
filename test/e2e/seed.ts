/**
 * A realistic morning on the desk for screenshots and load: ~30 events of every level, source and
 * state, some close to their limits and some past them.
 */
import type { Desk, SeedEvent } from './fixtures';

const MIN = 60_000;

/** [item, level, title, grid, source, minutes before now, what happened since]. */
const MORNING: readonly [string, SeedEvent['level'], string, string, NonNullable<SeedEvent['source']>, number, 'new' | 'accepted' | 'dispatched' | 'acknowledged' | 'resolved'][] =
  [
    ['FOREST-002', 'especially_serious', '石门坞后山发现明火，火势向东蔓延', 'G31', 'phone', 1, 'new'],
    ['SAFE-002', 'serious', '青溪花苑3幢地下车库燃气泄漏报警', 'G03', 'sensor', 2, 'new'],
    ['GEO-001', 'serious', '岭下村长岭路边坡出现裂缝并有落石', 'G22', 'grid', 16, 'dispatched'],
    ['FLOOD-002', 'serious', '上塘水库溢洪道水位接近警戒线', 'G27', 'sensor', 40, 'acknowledged'],
    ['FOREST-001', 'major', '烟火监测：白沙岭林区疑似烟点', 'G33', 'sensor', 3, 'new'],
    ['AGRI-002', 'major', '溪口村养殖场生猪异常死亡6头', 'G17', 'grid', 9, 'accepted'],
    ['HEALTH-002', 'major', '青溪小学出现多名学生发热症状', 'G05', 'hotline', 25, 'dispatched'],
    ['FLOOD-001', 'major', '青溪河镇中段水位超警戒0.3米', 'G08', 'sensor', 55, 'acknowledged'],
    ['SAFE-003', 'major', '工业园区某厂房违规堆放危化品', 'G12', 'hotline', 130, 'acknowledged'],
    ['PUBSEC-002', 'general', '溪口菜市场门口两名摊贩发生肢体冲突', 'G16', 'phone', 4, 'new'],
    ['FIRE-001', 'general', '锦绣小区2号楼消防通道被车辆堵塞', 'G04', 'grid', 6, 'new'],
    ['CITY-002', 'general', '人民路与青溪路口流动摊贩占道经营', 'G02', 'hotline', 8, 'new'],
    ['ENV-003', 'general', '下坞村田间露天焚烧秸秆，烟雾较大', 'G25', 'grid', 12, 'new'],
    ['DISPUTE-001', 'general', '青溪社区两户居民因漏水问题发生纠纷', 'G01', 'walk_in', 20, 'accepted'],
    ['LABOR-001', 'general', '12名农民工反映某工地拖欠工资', 'G11', 'hotline', 35, 'dispatched'],
    ['CITY-001', 'general', '溪口村村道旁建筑垃圾乱堆乱放', 'G18', 'grid', 48, 'dispatched'],
    ['FIRE-002', 'general', '幸福里小区楼道内电动自行车充电', 'G06', 'grid', 62, 'acknowledged'],
    ['MARKET-001', 'general', '青溪中学周边小店售卖过期食品', 'G05', 'hotline', 75, 'acknowledged'],
    ['AID-002', 'general', '独居老人王某某连续两日未出门', 'G09', 'grid', 90, 'acknowledged'],
    ['ENV-002', 'general', '溪口段河道出现大面积漂浮物', 'G15', 'grid', 150, 'resolved'],
    ['DISPUTE-002', 'general', '岭下村一对夫妻家庭矛盾请求调解', 'G21', 'walk_in', 180, 'acknowledged'],
    ['CITY-003', 'general', '公交站台乱张贴小广告', 'G07', 'grid', 210, 'resolved'],
    ['AGRI-001', 'general', '下坞村茶园出现成片病虫害', 'G26', 'grid', 240, 'acknowledged'],
    ['PUBSEC-003', 'general', '群众反映接到冒充客服诈骗电话', 'G10', 'hotline', 5, 'new'],
    ['FLOOD-003', 'general', '青溪路地下通道积水约20厘米', 'G03', 'phone', 7, 'new'],
    ['MARKET-003', 'general', '新开小餐馆无营业执照经营', 'G13', 'hotline', 30, 'accepted'],
    ['FIRE-003', 'general', '出租屋“三合一”场所存在住人现象', 'G14', 'grid', 120, 'dispatched'],
    ['LABOR-002', 'general', '职工反映单位未签劳动合同', 'G02', 'walk_in', 300, 'acknowledged'],
    ['ENT-001', 'general', '园区企业反映用电增容审批缓慢', 'G12', 'hotline', 360, 'dispatched'],
    ['FIRE-001', 'general', '锦绣小区2号楼通道堵塞（二次来电）', 'G04', 'phone', 2, 'new'],
  ];

/**
 * Seeds the morning: the clock is walked forward through every report and step in time order (so
 * every SLA clock has a true start, and the sweep raises the alarms a real morning would), ending
 * `hoursLater` after the fixture's start. Returns the ids in the order of the table above.
 */
export async function seedMorning(desk: Desk, hoursLater = 6): Promise<string[]> {
  const end = desk.clock.now().getTime() + hoursLater * 3600_000;
  const officer = desk.actor('zhangwei');
  const ids: string[] = new Array(MORNING.length);
  const steps: { at: number; order: number; run: () => Promise<void> }[] = [];
  MORNING.forEach(([item, level, title, grid, source, minutesAgo, step], index) => {
    const reportedAt = end - minutesAgo * MIN;
    const withCaller = source === 'phone' || source === 'walk_in' || source === 'hotline';
    const g = desk.core.town.grids.get(grid);
    steps.push({
      at: reportedAt,
      order: 0,
      run: async () => {
        ids[index] = await desk.report({
          title,
          categoryCode: item,
          level,
          source,
          gridCode: grid,
          location: g ? centroid(g.geometry) : undefined,
          description: `${title}。请按处置标准尽快核实处置，并及时反馈。`,
          callerName: withCaller ? '王先生' : undefined,
          callerPhone: withCaller ? '13805710000' : undefined,
        });
      },
    });
    if (step === 'new') return;
    if (step === 'accepted') {
      steps.push({ at: reportedAt + MIN, order: 1, run: () => desk.core.events.accept(officer, ids[index]!) });
      return;
    }
    steps.push({ at: reportedAt + 2 * MIN, order: 1, run: () => desk.dispatch(ids[index]!) });
    if (step === 'dispatched') return;
    steps.push({
      at: reportedAt + 4 * MIN,
      order: 2,
      run: async () => {
        const detail = await desk.core.events.detail(officer, ids[index]!);
        const lead = detail.assignments.find((a) => a.role === 'lead' && a.active);
        if (lead) await desk.core.events.acknowledge(officer, ids[index]!, lead.postId);
      },
    });
    if (step === 'resolved') {
      steps.push({
        at: reportedAt + Math.floor(minutesAgo * 0.6) * MIN,
        order: 3,
        run: () => desk.core.events.reportBack(desk.actor('huangxiaoyan'), ids[index]!, '已到现场处置完毕，群众满意。'),
      });
    }
  });
  steps.sort((a, b) => a.at - b.at || a.order - b.order);
  for (const step of steps) {
    desk.clock.set(new Date(Math.max(step.at, desk.clock.now().getTime())));
    await step.run();
  }
  desk.clock.set(new Date(end));
  await desk.core.events.sweep();
  return ids;
}

/** The mean of a polygon's outer ring: good enough for a point inside these convex-ish grids. */
function centroid(geometry: unknown): { lng: number; lat: number } | undefined {
  const g = geometry as { type?: string; coordinates?: number[][][] };
  const ring = g.type === 'Polygon' ? g.coordinates?.[0] : undefined;
  if (!ring || ring.length === 0) return undefined;
  const sum = ring.reduce((acc, [lng, lat]) => [acc[0]! + lng!, acc[1]! + lat!], [0, 0]);
  return { lng: Number((sum[0]! / ring.length).toFixed(5)), lat: Number((sum[1]! / ring.length).toFixed(5)) };
}
