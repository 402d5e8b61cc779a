/**
 * Every string of the town kept by hand (系统设置 → 人员 / 岗位 / 网格), in Simplified Chinese (the
 * default) and English (typed against the Chinese), beside the sections like settings-locales.ts. Also
 * the sentences of the refusals that need more than their template (a shape's fault and where it is,
 * which holder is inactive).
 */
import type { ApiError } from '../../../../preload/contract';
import { fill, MESSAGES, useMessages } from '../../locales';

export const townAdminZhCN = {
  tabs: { system: '系统', people: '人员', posts: '岗位', grids: '网格' },
  common: {
    search: '搜索',
    add: '新增',
    edit: '编辑',
    save: '保存',
    cancel: '取消',
    close: '关闭',
    deactivate: '停用',
    reactivate: '启用',
    active: '在用',
    inactive: '已停用',
    showInactive: '显示已停用',
    actions: '操作',
    count: '共 {count} 条',
    none: '无',
    saved: '已保存',
  },
  people: {
    title: '人员',
    intro:
      '本镇的值班员、带班领导、岗位人员和管理员。新增人员时填写登录账号，会生成一次性密码，本人首次登录时必须修改。停用的人员不能登录、不会再被派单，但其处理过的事件、值班日志和审计记录仍保留姓名。每次修改都会记录审计并同步到区中心（不含密码）。',
    search: '姓名、电话或账号',
    add: '新增人员',
    editTitle: '编辑人员：{name}',
    addTitle: '新增人员',
    columns: { name: '姓名', username: '登录账号', roles: '角色', board: '板块', phone: '电话', posts: '所任岗位', state: '状态' },
    noAccount: '无账号',
    postAs: '{post}（{as}岗）',
    fields: {
      name: '姓名',
      phone: '电话',
      roles: '角色',
      board: '所属板块',
      username: '登录账号',
    },
    usernameHint: '3～32 位字母、数字或 _ . -，以字母开头。不填则此人不能登录值班台。',
    usernameKeep: '已有账号；改名后用新账号登录，密码不变。',
    usernameNew: '此人还没有账号：填写后生成一次性密码。',
    nameRequired: '请填写姓名',
    rolesRequired: '请至少选择一个角色',
    usernameBad: '账号须为 3～32 位字母、数字或 _ . -，以字母开头',
    phoneBad: '电话只能包含数字、空格和 + - ( )',
    added: '已新增人员：{name}',
    edited: '已保存：{name}',
    oneTimeTitle: '{name} 的一次性密码',
    oneTimeShown: '请把这个一次性密码交给本人：只显示这一次。本人用它登录后必须立即设置新密码。',
    deactivateConfirm: '停用 {name}？',
    deactivateBody: '停用后此人不能登录，也不会再被派单或排班；其处理过的事件、值班日志和审计记录仍保留姓名。可以随时重新启用。',
    reactivateConfirm: '重新启用 {name}？',
    deactivated: '已停用：{name}',
    reactivated: '已启用：{name}',
  },
  posts: {
    title: '岗位',
    intro:
      '岗位及其 A 岗、B 岗人员：派单先送 A 岗，A 岗不在时送 B 岗。每个在用岗位必须有一名在用的 A 岗人员；要停用某人，先为其担任 A 岗的岗位另设 A 岗。还有未办结事件的岗位不能停用。',
    search: '编号、名称或人员',
    add: '新增岗位',
    addTitle: '新增岗位',
    editTitle: '编辑岗位：{name}',
    columns: { code: '编号', name: '名称', board: '板块', kind: '类型', phone: '电话', a: 'A 岗', b: 'B 岗', state: '状态' },
    kinds: { board_post: '板块岗位', joint: '联勤岗', village: '村（社区）' } as Record<string, string>,
    fields: { code: '编号', name: '名称', board: '板块', kind: '类型', phone: '岗位电话', a: 'A 岗人员', b: 'B 岗人员' },
    codeHint: '字母、数字、_ 或 -，最多 32 位；同一编号只能有一个岗位。',
    codeRequired: '请填写编号（字母、数字、_ 或 -）',
    nameRequired: '请填写名称',
    boardRequired: '请选择板块',
    aRequired: '请选择 A 岗人员：每个岗位都必须有 A 岗',
    bNone: '（不设 B 岗）',
    added: '已新增岗位：{name}',
    edited: '已保存：{name}',
    deactivateConfirm: '停用岗位 {name}？',
    deactivateBody: '停用后不能再向此岗位派单；已办结的事件仍显示此岗位。可以随时重新启用（需要在用的 A 岗人员）。',
    reactivateConfirm: '重新启用岗位 {name}？',
    deactivated: '已停用岗位：{name}',
    reactivated: '已启用岗位：{name}',
    inactivePerson: '{name}（已停用）',
  },
  grids: {
    title: '网格',
    intro:
      '网格及其边界形状（大屏地图按此绘制）。形状为 GeoJSON 格式的面（Polygon 或 MultiPolygon，WGS 84 经纬度），可从地图软件导出 .geojson 文件后上传，或直接粘贴。网格编号保存后不能修改（事件按编号记录网格）。',
    search: '编号、名称或村（社区）',
    add: '新增网格',
    addTitle: '新增网格',
    editTitle: '编辑网格：{name}',
    columns: { code: '编号', name: '名称', village: '村（社区）', villageCode: '村（社区）代码', households: '户数', worker: '网格员', shape: '形状', state: '状态' },
    shape: '{type} · {points} 个点',
    shapeTypes: { Polygon: '面', MultiPolygon: '多面' } as Record<string, string>,
    noShape: '无形状',
    fields: {
      code: '编号',
      name: '名称',
      village: '所属村（社区）',
      villageCode: '村（社区）代码',
      households: '户数',
      worker: '网格员',
      geometry: '边界形状（GeoJSON）',
    },
    codeRequired: '请填写编号（字母、数字、_ 或 -）',
    nameRequired: '请填写名称',
    villageRequired: '请填写所属村（社区）',
    geometryRequired: '请上传或粘贴网格的边界形状',
    geometryKeep: '当前形状：{shape}。不上传新文件则保持不变。',
    upload: '选择 .geojson 文件',
    geometryPlaceholder: '粘贴 GeoJSON，例如 {"type":"Polygon","coordinates":[[[经度,纬度],…]]}',
    tooBig: '形状文件太大（{size} KB，最多 {max} KB）。请在地图软件中简化边界后再上传。',
    readFailed: '读取文件失败，请重新选择。',
    workerNone: '（暂无网格员）',
    added: '已新增网格：{name}',
    edited: '已保存：{name}',
    deactivateConfirm: '停用网格 {name}？',
    deactivateBody: '停用后不能再向此网格上报新事件，大屏地图也不再显示它；已有事件仍显示此网格。有未办结事件的网格不能停用。可以随时重新启用。',
    reactivateConfirm: '重新启用网格 {name}？',
    deactivated: '已停用网格：{name}',
    reactivated: '已启用网格：{name}',
  },
  /** Where in a shape a fault is. */
  where: {
    polygon: '第 {n} 个面的',
    outer: '外边界',
    hole: '第 {n} 个内洞',
    point: '第 {n} 个点',
  },
  geometry: {
    not_json: '形状不是有效的 GeoJSON（格式有误）。请用地图软件重新导出 .geojson 文件。',
    not_polygon: '形状是“{type}”，不是面（Polygon 或 MultiPolygon）。请导出网格边界的面图层。',
    no_rings: '形状没有边界坐标。请重新导出网格边界。',
    bad_position: '{where}的坐标不是“经度, 纬度”两个数字。请检查后重新导出。',
    out_of_range: '{where}超出经纬度范围（经度 -180～180，纬度 -90～90）。请确认导出的是 WGS 84 经纬度坐标。',
    not_closed: '{where}没有闭合：最后一个点必须与第一个点相同。请在地图软件中闭合边界。',
    too_few_points: '{where}不足 3 个不同的点，围不成面。',
    zero_area: '{where}的点在一条线上，面积为零。',
    self_intersection: '{where}的边相互交叉。请在地图软件中修正边界后重新导出。',
    too_many_points: '形状的点太多（每圈最多 5000 个、共 20000 个）。请在地图软件中简化边界后再上传。',
  } as Record<string, string>,
  holderWhich: { A: 'A 岗人员', B: 'B 岗人员', gridWorker: '网格员' } as Record<string, string>,
  holderInactive: '{name}已停用，不能担任{which}。请选择在用的人员，或先在“人员”中重新启用此人。',
  unknownPerson: '所选的{which}不存在（可能已被其他值班台修改）。请刷新后重新选择。',
  invalidGeometry: '边界形状有误，未保存：{reason}',
};

export type TownAdminMessages = typeof townAdminZhCN;

export const townAdminEnUS: TownAdminMessages = {
  tabs: { system: 'System', people: 'People', posts: 'Posts', grids: 'Grids' },
  common: {
    search: 'Search',
    add: 'Add',
    edit: 'Edit',
    save: 'Save',
    cancel: 'Cancel',
    close: 'Close',
    deactivate: 'Deactivate',
    reactivate: 'Reactivate',
    active: 'Active',
    inactive: 'Deactivated',
    showInactive: 'Show deactivated',
    actions: 'Actions',
    count: '{count} in all',
    none: 'None',
    saved: 'Saved',
  },
  people: {
    title: 'People',
    intro:
      "The town's officers, leaders, post staff and administrators. A username gives a new person an account with a one-time password they must change at the first sign-in. A deactivated person cannot sign in and is never dispatched to; their events, duty log and audit rows keep their name. Every change is audited and sent to the district (never a password).",
    search: 'Name, phone or username',
    add: 'Add person',
    editTitle: 'Edit {name}',
    addTitle: 'Add person',
    columns: { name: 'Name', username: 'Username', roles: 'Roles', board: 'Board', phone: 'Phone', posts: 'Posts held', state: 'State' },
    noAccount: 'No account',
    postAs: '{post} ({as})',
    fields: { name: 'Name', phone: 'Phone', roles: 'Roles', board: 'Board', username: 'Username' },
    usernameHint: '3–32 letters, digits, _ . -, starting with a letter. Empty: this person cannot sign in.',
    usernameKeep: 'Has an account; after a rename they sign in with the new name, same password.',
    usernameNew: 'No account yet: a username gives them one with a one-time password.',
    nameRequired: 'Enter a name',
    rolesRequired: 'Choose at least one role',
    usernameBad: '3–32 letters, digits, _ . -, starting with a letter',
    phoneBad: 'Digits, spaces and + - ( ) only',
    added: 'Added {name}',
    edited: 'Saved {name}',
    oneTimeTitle: "{name}'s one-time password",
    oneTimeShown: 'Hand this one-time password to the person: it is shown only once. They must set a new password right after signing in with it.',
    deactivateConfirm: 'Deactivate {name}?',
    deactivateBody: 'They can no longer sign in, be dispatched to or rostered; their events, duty log and audit rows keep their name. You can reactivate them at any time.',
    reactivateConfirm: 'Reactivate {name}?',
    deactivated: 'Deactivated {name}',
    reactivated: 'Reactivated {name}',
  },
  posts: {
    title: 'Posts',
    intro:
      'Posts with their A and B holders: a dispatch goes to A, to B when A is away. Every active post has an active A holder; to deactivate a person, give the posts they hold as A another A first. A post with open events cannot be deactivated.',
    search: 'Code, name or person',
    add: 'Add post',
    addTitle: 'Add post',
    editTitle: 'Edit {name}',
    columns: { code: 'Code', name: 'Name', board: 'Board', kind: 'Kind', phone: 'Phone', a: 'A', b: 'B', state: 'State' },
    kinds: { board_post: 'Board post', joint: 'Joint post', village: 'Village' },
    fields: { code: 'Code', name: 'Name', board: 'Board', kind: 'Kind', phone: 'Phone', a: 'A holder', b: 'B holder' },
    codeHint: 'Letters, digits, _ or -, at most 32; one post per code.',
    codeRequired: 'Enter a code (letters, digits, _ or -)',
    nameRequired: 'Enter a name',
    boardRequired: 'Choose a board',
    aRequired: 'Choose the A holder: every post has one',
    bNone: '(no B holder)',
    added: 'Added post {name}',
    edited: 'Saved {name}',
    deactivateConfirm: 'Deactivate the post {name}?',
    deactivateBody: 'Nothing new can be dispatched to it; closed events still show it. You can reactivate it at any time (with an active A holder).',
    reactivateConfirm: 'Reactivate the post {name}?',
    deactivated: 'Deactivated post {name}',
    reactivated: 'Reactivated post {name}',
    inactivePerson: '{name} (deactivated)',
  },
  grids: {
    title: 'Grids',
    intro:
      "Grids and their shapes (the wall's map draws them): a GeoJSON Polygon or MultiPolygon in WGS 84, uploaded as a .geojson file a map tool exported, or pasted. A grid's code cannot change once saved (events name grids by code).",
    search: 'Code, name or village',
    add: 'Add grid',
    addTitle: 'Add grid',
    editTitle: 'Edit {name}',
    columns: { code: 'Code', name: 'Name', village: 'Village', villageCode: 'Village code', households: 'Households', worker: 'Grid worker', shape: 'Shape', state: 'State' },
    shape: '{type} · {points} points',
    shapeTypes: { Polygon: 'Polygon', MultiPolygon: 'MultiPolygon' } as Record<string, string>,
    noShape: 'No shape',
    fields: {
      code: 'Code',
      name: 'Name',
      village: 'Village',
      villageCode: 'Village code',
      households: 'Households',
      worker: 'Grid worker',
      geometry: 'Shape (GeoJSON)',
    },
    codeRequired: 'Enter a code (letters, digits, _ or -)',
    nameRequired: 'Enter a name',
    villageRequired: 'Enter the village',
    geometryRequired: "Upload or paste the grid's shape",
    geometryKeep: 'Current shape: {shape}. It stays unless you upload a new one.',
    upload: 'Choose a .geojson file',
    geometryPlaceholder: 'Paste GeoJSON, e.g. {"type":"Polygon","coordinates":[[[lng,lat],…]]}',
    tooBig: 'The shape is too big ({size} KB, at most {max} KB). Simplify it in the map tool first.',
    readFailed: 'The file could not be read; choose it again.',
    workerNone: '(no grid worker yet)',
    added: 'Added grid {name}',
    edited: 'Saved {name}',
    deactivateConfirm: 'Deactivate the grid {name}?',
    deactivateBody:
      "Nothing new can be reported into it and the wall's map leaves it out; its events still show it. A grid with open events cannot be deactivated. You can reactivate it at any time.",
    reactivateConfirm: 'Reactivate the grid {name}?',
    deactivated: 'Deactivated grid {name}',
    reactivated: 'Reactivated grid {name}',
  },
  where: { polygon: 'polygon {n}, ', outer: 'the outer boundary', hole: 'hole {n}', point: ', point {n}' },
  geometry: {
    not_json: 'The shape is not valid GeoJSON. Export the .geojson file again from the map tool.',
    not_polygon: 'The shape is a "{type}", not a Polygon or MultiPolygon. Export the grid boundary layer.',
    no_rings: 'The shape has no boundary. Export it again.',
    bad_position: 'In {where} a position is not two numbers (longitude, latitude).',
    out_of_range: 'In {where} a position is out of range (longitude -180…180, latitude -90…90). Make sure it is WGS 84.',
    not_closed: '{where} is not closed: its last point must equal its first.',
    too_few_points: '{where} has fewer than 3 distinct points.',
    zero_area: "{where}'s points lie on one line: it encloses nothing.",
    self_intersection: "{where}'s edges cross. Fix the boundary in the map tool.",
    too_many_points: 'The shape has too many points (5,000 a ring, 20,000 in all). Simplify it first.',
  },
  holderWhich: { A: 'A holder', B: 'B holder', gridWorker: 'grid worker' },
  holderInactive: '{name} is deactivated and cannot be the {which}. Choose an active person, or reactivate them under People first.',
  unknownPerson: 'The chosen {which} does not exist (another console may have changed it). Refresh and choose again.',
  invalidGeometry: 'The shape was not saved: {reason}',
};

export function useTownAdminMessages(): TownAdminMessages {
  return useMessages() === MESSAGES['en-US'] ? townAdminEnUS : townAdminZhCN;
}

/** Where in a shape a fault lies, in words. */
function whereText(t: TownAdminMessages, p: Readonly<Record<string, string | number>>): string {
  const ring = Number(p.ring ?? 1);
  let text = p.polygon !== undefined ? fill(t.where.polygon, { n: p.polygon }) : '';
  text += ring <= 1 ? t.where.outer : fill(t.where.hole, { n: ring - 1 });
  if (p.point !== undefined) text += fill(t.where.point, { n: p.point });
  return text;
}

/**
 * A refusal of the admin pages as a sentence: the shape's fault and the holder's role in words; every
 * other one as the console says it (locales/index.tsx errorText, through the desk).
 */
export function townAdminErrorText(t: TownAdminMessages, error: ApiError, describe: (error: ApiError) => string): string {
  const p = error.params ?? {};
  if (error.code === 'invalid_geometry') {
    const reason = fill(t.geometry[String(p.reason)] ?? t.geometry.not_json!, { ...p, where: whereText(t, p) });
    return fill(t.invalidGeometry, { reason });
  }
  if (error.code === 'holder_inactive') return fill(t.holderInactive, { name: p.name, which: t.holderWhich[String(p.which)] ?? '' });
  if (error.code === 'unknown_person') return fill(t.unknownPerson, { which: t.holderWhich[String(p.which)] ?? '' });
  return describe(error);
}
