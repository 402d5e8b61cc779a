#!/usr/bin/env node
// The sample town 白鹭镇 (not the demo town): its spreadsheets and shapes, as a town would fill in the
// import templates of 系统设置 → 本镇数据导入.
//
//   node resources/sample-town/generate.mjs        # writes the files next to this script
//
// Deterministic: the same code always writes the same data. The same writer makes the benchmark's
// larger town in memory (syntheticTown: 200 people, 60 posts, 30 grids with shapes, 512 items):
// test/support/sample-town.ts loads this module for the tests and `npm run bench`.
//
// Headings are the import's (main/core/town/import/sheet-specs.ts); every cell is written as text.

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';

export const SAMPLE_TOWN = {
  townCode: '330110108000',
  name: '白鹭镇',
  centreName: '白鹭镇基层治理指挥中心',
  districtName: '云岭区社会治理中心',
  center: [120.1852, 29.9321],
};

export const HEADERS = {
  人员: ['人员编号', '姓名', '手机号', '角色', '板块', '是否启用'],
  账号: ['人员编号', '姓名', '账号', '是否启用'],
  岗位: ['岗位编号', '岗位名称', '板块', '岗位类型', '岗位电话', 'A岗人员编号', 'B岗人员编号', '是否启用'],
  村社区: ['村社区编号', '村社区名称', '是否启用'],
  网格: ['网格编号', '网格名称', '所属村社区编号', '户数', '网格员人员编号', '是否启用'],
  分类: ['分类编号', '分类名称', '板块'],
  事项: ['事项编号', '事项名称', '分类编号', '牵头岗位编号', '协办岗位编号', '默认等级', '受理时限', '签收时限', '到场时限', '办结时限', '处置标准', '答复模板', '感知类型', '是否启用'],
};

// mulberry32: a small deterministic random source
function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (x) => Math.round(x * 1e5) / 1e5;

// ---- the sample town 白鹭镇 ---------------------------------------------------------------------------

// 40 people: code, name, role, board, account (username) or null.
const PEOPLE = [
  ['BL001', '郑海燕', '管理员', '', 'zhenghaiyan'],
  ['BL002', '周建国', '带班领导', '', 'zhoujianguo'],
  ['BL003', '吴晓梅', '带班领导', '', 'wuxiaomei'],
  ['BL004', '冯立新', '带班领导', '', 'fenglixin'],
  ['BL005', '陈思远', '值班员', '', 'chensiyuan'],
  ['BL006', '褚佳琪', '值班员', '', 'chujiaqi'],
  ['BL007', '卫明辉', '值班员', '', 'weiminghui'],
  ['BL008', '蒋雨桐', '值班员', '', 'jiangyutong'],
  ['BL009', '沈浩然', '值班员', '', 'shenhaoran'],
  ['BL010', '韩静怡', '值班员', '', 'hanjingyi'],
  ['BL011', '杨建华', '板块人员', '党的建设', 'yangjianhua'],
  ['BL012', '朱丽娟', '板块人员', '党的建设', null],
  ['BL013', '秦国栋', '板块人员', '党的建设', 'qinguodong'],
  ['BL014', '尤美玲', '板块人员', '经济发展', 'youmeiling'],
  ['BL015', '许文斌', '板块人员', '经济发展', null],
  ['BL016', '何素芬', '板块人员', '民生服务', 'hesufen'],
  ['BL017', '吕志军', '板块人员', '民生服务', null],
  ['BL018', '施永康', '板块人员', '民生服务', 'shiyongkang'],
  ['BL019', '张婷婷', '板块人员', '民生服务', null],
  ['BL020', '孔德明', '板块人员', '平安法治', 'kongdeming'],
  ['BL021', '曹雪琴', '板块人员', '平安法治', null],
  ['BL022', '严俊杰', '板块人员', '平安法治', 'yanjunjie'],
  ['BL023', '华丽萍', '板块人员', '平安法治', null],
  ['BL024', '金晓东', '板块人员', '平安法治', 'jinxiaodong'],
  ['BL025', '魏红英', '板块人员', '平安法治', null],
  ['BL026', '陶伟强', '板块人员', '民生服务', 'taoweiqiang'],
  ['BL027', '姜玉兰', '板块人员', '民生服务', null],
  ['BL028', '戚成林', '板块人员', '民生服务', 'qichenglin'],
  ['BL029', '谢春燕', '板块人员', '民生服务', null],
  ['BL030', '邹国强', '板块人员', '民生服务', null],
  ['BL031', '喻小芳', '板块人员', '民生服务', null],
  ['BL032', '柏建平', '板块人员', '民生服务', null],
  ['BL033', '水丽华', '板块人员', '民生服务', null],
  ['BL034', '窦永福', '板块人员', '民生服务', null],
  ['BL035', '章秀英', '板块人员', '民生服务', null],
  ['BL036', '云海波', '板块人员', '民生服务', null],
  ['BL037', '苏慧敏', '板块人员', '民生服务', null],
  ['BL038', '潘立国', '板块人员', '经济发展', null],
  ['BL039', '白鹭镇指挥中心大屏', '大屏', '', 'bldaping'],
  ['BL040', '葛红梅', '值班员、板块人员', '平安法治', 'gehongmei'],
];

// 12 posts: code, name, board, kind, phone, A, B
const POSTS = [
  ['BL-DJ', '党建岗', '党的建设', '板块岗位', '0571-86120101', 'BL011', 'BL012'],
  ['BL-JJ', '纪检监察岗', '党的建设', '板块岗位', '0571-86120102', 'BL013', 'BL011'],
  ['BL-JF', '经济服务岗', '经济发展', '板块岗位', '0571-86120201', 'BL014', 'BL015'],
  ['BL-NY', '农业农村岗', '经济发展', '板块岗位', '0571-86120202', 'BL038', 'BL014'],
  ['BL-SW', '社会事务岗', '民生服务', '板块岗位', '0571-86120301', 'BL016', 'BL017'],
  ['BL-CJ', '城乡建设岗', '民生服务', '板块岗位', '0571-86120302', 'BL018', 'BL019'],
  ['BL-HW', '环境卫生岗', '民生服务', '板块岗位', '0571-86120303', 'BL019', 'BL018'],
  ['BL-ZZ', '综治信访岗', '平安法治', '板块岗位', '0571-86120401', 'BL020', 'BL021'],
  ['BL-YJ', '应急管理岗', '平安法治', '板块岗位', '0571-86120402', 'BL022', 'BL023'],
  ['BL-PCS', '白鹭派出所', '平安法治', '联勤岗', '0571-86120110', 'BL024', 'BL025'],
  ['BL-V-BL', '白鹭社区', '民生服务', '村社区岗', '0571-86120501', 'BL026', 'BL027'],
  ['BL-V-LH', '芦花村', '民生服务', '村社区岗', '0571-86120502', 'BL028', 'BL029'],
];

const VILLAGES = [
  ['330110108001', '白鹭社区'],
  ['330110108201', '芦花村'],
  ['330110108202', '石桥村'],
];

// 8 grids on a 4 × 2 lattice (column, row): 白鹭社区 the 2 × 2 block in the west, 芦花村 and 石桥村 a column each.
const GRIDS = [
  ['BL-G01', '白鹭社区第一网格', '330110108001', 0, 0, 412, 'BL030'],
  ['BL-G02', '白鹭社区第二网格', '330110108001', 1, 0, 386, 'BL031'],
  ['BL-G03', '白鹭社区第三网格', '330110108001', 0, 1, 455, 'BL032'],
  ['BL-G04', '白鹭社区第四网格', '330110108001', 1, 1, 398, 'BL033'],
  ['BL-G05', '芦花村第一网格', '330110108201', 2, 0, 276, 'BL034'],
  ['BL-G06', '芦花村第二网格', '330110108201', 2, 1, 301, 'BL035'],
  ['BL-G07', '石桥村第一网格', '330110108202', 3, 0, 244, 'BL036'],
  ['BL-G08', '石桥村第二网格（含鹭鸶岛）', '330110108202', 3, 1, 189, 'BL037'],
];

const CATEGORIES = [
  ['BL-DQ', '党建群团', '党的建设'],
  ['BL-JJ', '经济服务', '经济发展'],
  ['BL-AQ', '安全生产', '平安法治'],
  ['BL-MD', '矛盾纠纷', '平安法治'],
  ['BL-HJ', '环境卫生', '民生服务'],
  ['BL-CX', '城乡建设', '民生服务'],
  ['BL-MS', '民生服务', '民生服务'],
  ['BL-FX', '应急防汛', '平安法治'],
];

// item: [name, lead, cooperating, level, accept, acknowledge, on scene, resolve, standard, sensor]
const ITEMS = {
  'BL-DQ': [
    ['党员组织关系转接', 'BL-DJ', '', '一般', '30分钟', '2工作小时', '8工作小时', '5个工作日', '党建岗核实转出转入手续，5个工作日内办结并告知当事人。'],
    ['党员志愿服务需求', 'BL-DJ', 'BL-SW', '一般', '30分钟', '2工作小时', '1个工作日', '3个工作日', '对接志愿服务队伍，约定服务时间并回访。'],
    ['干部作风问题反映', 'BL-JJ', 'BL-DJ', '一般', '30分钟', '2工作小时', '8工作小时', '15个工作日', '纪检监察岗登记线索并严格保密，按程序初核。'],
    ['群团组织服务', 'BL-DJ', '', '一般', '30分钟', '4工作小时', '2个工作日', '10个工作日', '工会、共青团、妇联按职责受理并答复。'],
    ['退役军人服务', 'BL-SW', 'BL-DJ', '一般', '30分钟', '2工作小时', '1个工作日', '5个工作日', '核实身份和诉求，落实优抚政策或帮扶措施。'],
  ],
  'BL-JJ': [
    ['企业开办咨询', 'BL-JF', '', '一般', '30分钟', '2工作小时', '1个工作日', '3个工作日', '一次性告知开办材料和流程，必要时上门指导。'],
    ['企业用工纠纷', 'BL-JF', 'BL-ZZ', '一般', '15分钟', '1工作小时', '4工作小时', '10个工作日', '会同综治信访岗调解，调解不成引导劳动仲裁。'],
    ['农产品销售求助', 'BL-NY', 'BL-JF', '一般', '30分钟', '4工作小时', '2个工作日', '7个工作日', '对接电商平台、商超和合作社，协助拓展销路。'],
    ['高标准农田设施损坏', 'BL-NY', 'BL-CJ', '一般', '30分钟', '2工作小时', '1个工作日', '10个工作日', '现场核查损坏情况，列入维修计划并跟踪。'],
    ['农业灾害报损', 'BL-NY', 'BL-YJ', '较大', '15分钟', '1工作小时', '4工作小时', '5个工作日', '灾后24小时内现场核灾，登记受损面积并上报保险理赔。'],
  ],
  'BL-AQ': [
    ['燃气泄漏', 'BL-YJ', 'BL-PCS', '重大', '3分钟', '5分钟', '30分钟', '12小时', '立即通知燃气公司关阀抢修，疏散周边人员，严禁明火。', '燃气'],
    ['违规动火作业', 'BL-YJ', 'BL-JF', '较大', '5分钟', '10分钟', '1小时', '2个工作日', '责令立即停止作业，检查动火审批和消防措施。'],
    ['电动自行车违规充电', 'BL-YJ', 'BL-V-BL', '一般', '10分钟', '30分钟', '2小时', '3个工作日', '劝导移出楼道，排查飞线充电，督促加装充电设施。'],
    ['危化品运输异常', 'BL-YJ', 'BL-PCS', '重大', '3分钟', '5分钟', '30分钟', '24小时', '控制现场，联系交警和应急部门，核查运输资质。'],
    ['有限空间作业隐患', 'BL-YJ', 'BL-JF', '较大', '5分钟', '15分钟', '1小时', '3个工作日', '责令停止作业，检查通风检测和监护措施后方可复工。'],
  ],
  'BL-MD': [
    ['邻里纠纷', 'BL-ZZ', 'BL-V-BL', '一般', '15分钟', '1工作小时', '1个工作日', '7个工作日', '村（社区）调委会先行调解，必要时镇综治中心介入。'],
    ['婚姻家庭纠纷', 'BL-ZZ', 'BL-SW', '一般', '15分钟', '1工作小时', '1个工作日', '10个工作日', '妇联和调委会联合调解，涉及家暴的及时报警。'],
    ['土地承包纠纷', 'BL-ZZ', 'BL-NY', '一般', '30分钟', '2工作小时', '2个工作日', '15个工作日', '核查承包合同和确权资料，依法调处。'],
    ['物业纠纷', 'BL-ZZ', 'BL-CJ', '一般', '30分钟', '2工作小时', '1个工作日', '10个工作日', '约谈物业企业和业委会，督促履行合同义务。'],
    ['群体性上访苗头', 'BL-ZZ', 'BL-PCS', '较大', '5分钟', '15分钟', '1小时', '3个工作日', '立即报告带班领导，稳控现场，明确包案领导。'],
  ],
  'BL-HJ': [
    ['垃圾清运不及时', 'BL-HW', '', '一般', '15分钟', '1工作小时', '4工作小时', '1个工作日', '通知保洁公司当日清运，检查垃圾分类投放点。'],
    ['河道漂浮物', 'BL-HW', 'BL-NY', '一般', '15分钟', '1工作小时', '4工作小时', '2个工作日', '河长办组织打捞，查明来源并督促整改。'],
    ['污水直排', 'BL-HW', 'BL-CJ', '较大', '10分钟', '30分钟', '2小时', '5个工作日', '现场取证，责令停止排放，移交生态环境部门。'],
    ['焚烧秸秆', 'BL-HW', 'BL-NY', '一般', '5分钟', '15分钟', '30分钟', '1个工作日', '立即劝阻并扑灭明火，宣传秸秆综合利用。', '烟火'],
    ['噪声扰民', 'BL-HW', 'BL-PCS', '一般', '15分钟', '1小时', '2小时', '3个工作日', '现场核实噪声来源，劝导整改，夜间施工查验审批。'],
  ],
  'BL-CX': [
    ['违章搭建', 'BL-CJ', 'BL-V-LH', '一般', '30分钟', '2工作小时', '1个工作日', '15个工作日', '现场核查，下达责令整改通知，逾期依法拆除。'],
    ['道路破损', 'BL-CJ', '', '一般', '30分钟', '2工作小时', '1个工作日', '7个工作日', '设置警示标志，通知养护单位修复。'],
    ['路灯损坏', 'BL-CJ', '', '一般', '30分钟', '4工作小时', '2个工作日', '5个工作日', '登记位置和编号，通知路灯维护单位修复。'],
    ['危房隐患', 'BL-CJ', 'BL-YJ', '较大', '10分钟', '30分钟', '2小时', '5个工作日', '组织鉴定，必要时转移住户，落实加固或拆除。'],
    ['占道经营', 'BL-CJ', 'BL-PCS', '一般', '15分钟', '1工作小时', '2工作小时', '2个工作日', '劝导进入规定区域经营，屡教不改依法处理。'],
  ],
  'BL-MS': [
    ['低保救助申请', 'BL-SW', 'BL-V-BL', '一般', '30分钟', '2工作小时', '2个工作日', '15个工作日', '一次性告知材料，入户核查家庭经济状况。'],
    ['独居老人探访', 'BL-SW', 'BL-V-LH', '一般', '30分钟', '2工作小时', '1个工作日', '3个工作日', '村（社区）网格员上门探访，记录健康和生活状况。'],
    ['残疾人服务', 'BL-SW', '', '一般', '30分钟', '2工作小时', '2个工作日', '10个工作日', '核实残疾等级，落实补贴和辅具适配。'],
    ['医保社保咨询', 'BL-SW', '', '一般', '30分钟', '4工作小时', '1个工作日', '3个工作日', '当场或电话解答，需办理的指引到便民服务中心。'],
    ['就业帮扶', 'BL-SW', 'BL-JF', '一般', '30分钟', '4工作小时', '2个工作日', '10个工作日', '登记就业意向，推送岗位信息，组织技能培训。'],
  ],
  'BL-FX': [
    ['河道水位超警', 'BL-YJ', 'BL-NY', '较大', '3分钟', '5分钟', '30分钟', '24小时', '加密巡查，转移低洼地带群众，报告区防指。', '水位'],
    ['山塘水库险情', 'BL-YJ', 'BL-NY', '重大', '3分钟', '5分钟', '30分钟', '12小时', '立即组织抢险，下游群众转移，报告区防指。'],
    ['道路积水', 'BL-CJ', 'BL-YJ', '一般', '10分钟', '30分钟', '1小时', '24小时', '设置警示，排水抢通，必要时交通管制。', '雨量'],
    ['森林火情', 'BL-YJ', 'BL-PCS', '重大', '3分钟', '5分钟', '30分钟', '12小时', '启动森林防灭火预案，扑火队伍集结，封控入山路口。'],
    ['地质灾害隐患', 'BL-YJ', 'BL-CJ', '较大', '5分钟', '10分钟', '1小时', '3个工作日', '设置警示，转移受威胁群众，报请专业监测。', '位移'],
  ],
};

/** A closed ring from points (counter-clockwise, RFC 7946). */
const ring = (points) => [...points.map(([x, y]) => [round(x), round(y)]), [round(points[0][0]), round(points[0][1])]];

function sampleShapes() {
  const [cx, cy] = SAMPLE_TOWN.center;
  const dx = 0.0124; // ~1.2 km of longitude here
  const dy = 0.0108; // ~1.2 km of latitude
  const random = prng(20261123);
  // A 5 × 3 lattice of points; inner points jittered so the cells are not squares.
  const point = [];
  for (let i = 0; i <= 4; i++) {
    point.push([]);
    for (let j = 0; j <= 2; j++) {
      const inner = i > 0 && i < 4 && j > 0 && j < 2;
      point[i].push([cx + (i - 2) * dx + (inner ? (random() - 0.5) * dx * 0.3 : 0), cy + (j - 1) * dy + (inner ? (random() - 0.5) * dy * 0.3 : 0)]);
    }
  }
  const cell = (i, j) => ring([point[i][j], point[i + 1][j], point[i + 1][j + 1], point[i][j + 1]]);
  // 鹭鸶岛, the island of 石桥村's second grid, in the reservoir to the north-east.
  const island = ring([
    [cx + 2.15 * dx, cy + 1.25 * dy],
    [cx + 2.45 * dx, cy + 1.2 * dy],
    [cx + 2.55 * dx, cy + 1.45 * dy],
    [cx + 2.3 * dx, cy + 1.6 * dy],
    [cx + 2.1 * dx, cy + 1.45 * dy],
  ]);
  const features = GRIDS.map(([code, name, , i, j]) => ({
    type: 'Feature',
    properties: { code, name },
    geometry: code === 'BL-G08' ? { type: 'MultiPolygon', coordinates: [[cell(i, j)], [island]] } : { type: 'Polygon', coordinates: [cell(i, j)] },
  }));
  // The villages' outlines: the boundary of their cells (lattice points along it).
  const outline = (i0, i1) => {
    const pts = [];
    for (let i = i0; i <= i1; i++) pts.push(point[i][0]);
    pts.push(point[i1][1]);
    for (let i = i1; i >= i0; i--) pts.push(point[i][2]);
    pts.push(point[i0][1]);
    return ring(pts);
  };
  features.push(
    { type: 'Feature', properties: { code: '330110108001', name: '白鹭社区' }, geometry: { type: 'Polygon', coordinates: [outline(0, 2)] } },
    { type: 'Feature', properties: { code: '330110108201', name: '芦花村' }, geometry: { type: 'Polygon', coordinates: [outline(2, 3)] } },
    { type: 'Feature', properties: { code: '330110108202', name: '石桥村' }, geometry: { type: 'MultiPolygon', coordinates: [[outline(3, 4)], [island]] } },
  );
  return { type: 'FeatureCollection', features };
}

/** The sample town's rows, sheet by sheet (strings, as the sheets hold them), and its shapes. */
export function sampleTown() {
  const phone = (i) => `139${String(57120000 + i * 7919).padStart(8, '0')}`;
  return {
    town: SAMPLE_TOWN,
    sheets: {
      人员: PEOPLE.map(([code, name, roles, board], i) => [code, name, phone(i + 1), roles, board, '是']),
      账号: PEOPLE.filter((p) => p[4]).map(([code, name, , , username]) => [code, name, username, '是']),
      岗位: POSTS.map((p) => [...p, '是']),
      村社区: VILLAGES.map((v) => [...v, '是']),
      网格: GRIDS.map(([code, name, village, , , households, worker]) => [code, name, village, String(households), worker, '是']),
      分类: CATEGORIES.map((c) => [...c]),
      事项: CATEGORIES.flatMap(([category]) =>
        ITEMS[category].map(([name, lead, coop, level, accept, ack, onScene, resolve, standard, sensor], k) => [
          `${category}-${String(k + 1).padStart(3, '0')}`,
          name,
          category,
          lead,
          coop,
          level,
          accept,
          ack,
          onScene,
          resolve,
          standard,
          `您好！您反映的{address}${name}事项已由白鹭镇受理，{result}。如有疑问请拨打 0571-86120000，感谢您的支持！`,
          sensor ?? '',
          '是',
        ]),
      ),
    },
    shapes: sampleShapes(),
  };
}

// ---- a larger town of the same shape (the benchmark's) --------------------------------------------------

const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳';
const GIVEN = ['建国', '丽华', '志强', '秀英', '海燕', '国庆', '晓梅', '立新', '文斌', '素芬', '永康', '婷婷', '德明', '雪琴', '俊杰', '丽萍', '晓东', '红英', '伟强', '玉兰'];
const BOARDS = ['党的建设', '经济发展', '民生服务', '平安法治'];
const UNITS = [
  ['3分钟', '5分钟', '30分钟', '12小时'],
  ['10分钟', '30分钟', '2小时', '3个工作日'],
  ['30分钟', '2工作小时', '1个工作日', '15个工作日'],
  ['15分钟', '1工作小时', '4工作小时', '5个工作日'],
];

/** A town of the given size: people, posts (A and B), villages and grids with shapes of `vertices` points, a catalogue. */
export function syntheticTown({ people = 200, posts = 60, grids = 30, items = 512, vertices = 400, seed = 141 } = {}) {
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const personCode = (i) => `P${String(i + 1).padStart(4, '0')}`;
  const postCode = (i) => `GW${String(i + 1).padStart(3, '0')}`;
  const 人员 = Array.from({ length: people }, (_, i) => [
    personCode(i),
    `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}${i >= SURNAMES.length * GIVEN.length ? i : ''}`,
    `138${String(10000000 + i * 3571).slice(-8)}`,
    i === 0 ? '管理员' : i < 6 ? '带班领导' : i < 20 ? '值班员' : '板块人员',
    i < 20 ? '' : BOARDS[i % 4],
    '是',
  ]);
  const 岗位 = Array.from({ length: posts }, (_, i) => {
    const a = 20 + ((i * 2) % (people - 20));
    const b = 20 + ((i * 2 + 1) % (people - 20));
    return [postCode(i), `岗位${i + 1}`, BOARDS[i % 4], i % 10 === 9 ? '联勤岗' : '板块岗位', `0571-8${String(6000000 + i).slice(-7)}`, personCode(a), personCode(b), '是'];
  });
  const villageCount = Math.max(1, Math.ceil(grids / 4));
  const 村社区 = Array.from({ length: villageCount }, (_, v) => [`3301101090${String(v + 1).padStart(2, '0')}`, `第${v + 1}村`, '是']);
  const cols = Math.ceil(Math.sqrt(grids));
  const [cx, cy] = [118.5, 31.2];
  const features = [];
  const 网格 = Array.from({ length: grids }, (_, g) => {
    const code = `WG${String(g + 1).padStart(3, '0')}`;
    const col = g % cols;
    const row = Math.floor(g / cols);
    const x0 = cx + col * 0.01;
    const y0 = cy + row * 0.009;
    const points = [];
    for (let k = 0; k < vertices; k++) {
      const angle = (2 * Math.PI * k) / vertices;
      const r = 0.85 + random() * 0.1;
      points.push([x0 + 0.005 * r * Math.cos(angle), y0 + 0.0045 * r * Math.sin(angle)]);
    }
    features.push({ type: 'Feature', properties: { code }, geometry: { type: 'Polygon', coordinates: [ring(points)] } });
    return [code, `网格${g + 1}`, 村社区[g % villageCount][0], String(100 + Math.floor(random() * 400)), personCode(20 + (g % (people - 20))), '是'];
  });
  const categoryCount = 16;
  const 分类 = Array.from({ length: categoryCount }, (_, c) => [`FL${String(c + 1).padStart(2, '0')}`, `分类${c + 1}`, BOARDS[c % 4]]);
  const 事项 = Array.from({ length: items }, (_, i) => {
    const lead = i % posts;
    const coop = [(i + 7) % posts, (i + 13) % posts].filter((p) => p !== lead);
    const limits = pick(UNITS);
    return [
      `SX${String(i + 1).padStart(4, '0')}`,
      `事项${i + 1}`,
      分类[i % categoryCount][0],
      postCode(lead),
      [...new Set(coop)].map(postCode).join('、'),
      pick(['一般', '一般', '较大', '重大']),
      ...limits,
      `第${i + 1}项事项的处置标准：按职责受理、核查、处置并回复。`,
      '您好！您反映的{address}问题已处理，{result}。',
      '',
      '是',
    ];
  });
  return { town: { ...SAMPLE_TOWN, townCode: '330110109000', name: '基准镇' }, sheets: { 人员, 岗位, 村社区, 网格, 分类, 事项 }, shapes: { type: 'FeatureCollection', features } };
}

// ---- the writer ----------------------------------------------------------------------------------

async function workbook(sheets) {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Duty Desk sample town';
  // A fixed date keeps the files byte-stable across runs (exceljs writes it into docProps).
  wb.created = new Date('2026-01-01T00:00:00Z');
  wb.modified = wb.created;
  for (const [name, rows] of sheets) {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    const headers = HEADERS[name];
    ws.addRow(headers).font = { bold: true };
    for (const row of rows) {
      const r = ws.addRow(row);
      r.eachCell((cell) => {
        cell.numFmt = '@';
      });
    }
    headers.forEach((h, i) => {
      ws.getColumn(i + 1).width = Math.min(40, Math.max(8, h.length * 2 + 4));
    });
  }
  return fixedZipDates(Buffer.from(await wb.xlsx.writeBuffer()));
}

/** The zip parts' times set to 2026-01-01 00:00 (the zip writer stamps the time of writing), so the files are byte-stable. */
function fixedZipDates(buf) {
  const time = 0;
  const date = ((2026 - 1980) << 9) | (1 << 5) | 1;
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  let offset = buf.readUInt32LE(eocd + 16);
  for (let n = buf.readUInt16LE(eocd + 10); n > 0; n--) {
    buf.writeUInt16LE(time, offset + 12);
    buf.writeUInt16LE(date, offset + 14);
    const local = buf.readUInt32LE(offset + 42);
    buf.writeUInt16LE(time, local + 10);
    buf.writeUInt16LE(date, local + 12);
    offset += 46 + buf.readUInt16LE(offset + 28) + buf.readUInt16LE(offset + 30) + buf.readUInt16LE(offset + 32);
  }
  return buf;
}

/** The town's files by name: people.xlsx, accounts.xlsx, posts.xlsx, villages-grids.xlsx, grids.geojson, catalogue.xlsx. */
export async function townFiles(data) {
  const s = data.sheets;
  const files = {};
  files['people.xlsx'] = await workbook([['人员', s.人员]]);
  if (s.账号) files['accounts.xlsx'] = await workbook([['账号', s.账号]]);
  files['posts.xlsx'] = await workbook([['岗位', s.岗位]]);
  files['villages-grids.xlsx'] = await workbook([
    ['村社区', s.村社区],
    ['网格', s.网格],
  ]);
  files['grids.geojson'] = Buffer.from(`${JSON.stringify(data.shapes, null, 1)}\n`, 'utf8');
  files['catalogue.xlsx'] = await workbook([
    ['分类', s.分类],
    ['事项', s.事项],
  ]);
  return files;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const here = dirname(fileURLToPath(import.meta.url));
  const data = sampleTown();
  const files = await townFiles(data);
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(here, name), bytes);
  writeFileSync(join(here, 'town.json'), `${JSON.stringify(SAMPLE_TOWN, null, 2)}\n`);
  console.log(`wrote ${Object.keys(files).length + 1} files to ${here}`);
}
