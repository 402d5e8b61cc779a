/**
 * Every string of 系统设置 → 摄像头 (the camera register, issue #18), in Simplified Chinese (the default)
 * and English (typed against the Chinese), beside the section like town-admin-locales.ts; and the
 * camera's refusals as sentences that say what to do.
 */
import type { ApiError } from '../../../../preload/contract';
import { fill, MESSAGES, useMessages } from '../../locales';

export const cameraZhCN = {
  tab: '摄像头',
  title: '摄像头',
  intro:
    '本镇的视频监控点位：编号、名称、位置（经纬度，联动时按位置找附近的摄像头）、所在网格和播放地址（HLS 或 HTTP-FLV 至少一个，可加 WebRTC 和截图地址）。地址中的账号、密码或令牌会保存，但不会写入日志、审计或导出。停用的摄像头保留，不再播放。每次修改都会记录审计并同步到区中心。',
  search: '编号、名称或网格',
  add: '新增摄像头',
  addTitle: '新增摄像头',
  editTitle: '编辑摄像头：{name}',
  deactivateConfirm: '停用摄像头“{name}”？',
  deactivateBody: '停用后保留记录，不再在地图、大屏和联动中播放；可随时重新启用。',
  reactivateConfirm: '重新启用摄像头“{name}”？',
  deactivated: '已停用摄像头“{name}”',
  reactivated: '已启用摄像头“{name}”',
  added: '已新增摄像头“{name}”',
  edited: '已保存摄像头“{name}”',
  columns: { code: '编号', name: '名称', grid: '所在网格', place: '经度、纬度', streams: '播放地址', state: '状态' },
  fields: {
    code: '编号',
    name: '名称',
    lng: '经度',
    lat: '纬度',
    gridCode: '所在网格',
    hlsUrl: 'HLS 地址（.m3u8）',
    flvUrl: 'HTTP-FLV 地址',
    whepUrl: 'WebRTC（WHEP）地址',
    snapshotUrl: '截图地址',
  },
  codeHint: '字母、数字、- 或 _，不能与已有摄像头重复；保存后不能修改',
  codeRequired: '请填写编号：1–32 个字母、数字、- 或 _。',
  nameRequired: '请填写名称。',
  lngRequired: '请填写经度：73 到 136 之间的数字（WGS 84）。',
  latRequired: '请填写纬度：3 到 54 之间的数字（WGS 84）。',
  gridRequired: '请选择摄像头所在的网格。',
  streamHint: 'HLS 与 HTTP-FLV 至少填一个；只能是 http:// 或 https:// 地址',
  noStream: '无',
  gridGone: '（网格已不存在）',
  importButton: '从表格导入…',
  importHint: '表格（.xlsx）中名为“摄像头”的工作表，列：摄像头编号、名称、经度、纬度、所在网格编号、HLS地址、FLV地址、WebRTC地址、截图地址、是否启用。有任何问题则整表不导入。',
  importTooLarge: '文件太大（超过 160 KB）：请只保留“摄像头”工作表后再导入。',
  imported: '已导入：新增 {added} 个，修改 {changed} 个，未变 {unchanged} 个。',
  importFaults: '表格有 {count} 处问题，未导入任何摄像头。请按下列位置修改后重新导入：',
  faultAt: '{sheet} 第 {row} 行 {column} 列',
  faultFile: '文件',
  refusals: {
    lng: '经度不在 73 到 136 之间：请填写 WGS 84 经度（如 120.1234），注意不要与纬度填反。',
    lat: '纬度不在 3 到 54 之间：请填写 WGS 84 纬度（如 30.1234），注意不要与经度填反。',
    stream: '没有可播放的地址：HLS 地址（.m3u8）和 HTTP-FLV 地址至少填一个。',
    not_url: '“{field}”不是完整的网址：请填写以 http:// 或 https:// 开头的地址，或清空。',
    not_http: '“{field}”只能是 http:// 或 https:// 开头的地址（不支持 rtsp、rtmp 等）：请改用平台提供的 HLS 或 FLV 地址。',
    not_m3u8: '“{field}”不是 HLS 地址：HLS 地址应以 .m3u8 结尾；FLV 地址请填在“HTTP-FLV 地址”中。',
    too_long: '“{field}”太长（最多 1000 个字符）。',
    duplicate: '编号“{code}”已被另一个摄像头使用（不区分大小写）：请换一个编号。',
    unknownGrid: '没有编号为“{code}”的网格：请从列表中选择本镇的网格。',
    gridInactive: '网格“{name}”已停用：请选择在用的网格，或先在“网格”中启用它。',
  },
  /** 联动 (linkage): the event panel's section and the settings beside the register. */
  linkage: {
    title: '联动摄像头',
    closesAt: '联动将于 {at} 结束',
    none: '无联动摄像头（半径 {radius} 米内没有在用的摄像头）',
    metres: '约 {n} 米',
    kilometres: '约 {n} 公里',
    listLabel: '联动摄像头，由近到远',
    settingsTitle: '联动',
    settingsIntro:
      '物联感知告警（任何等级）或较大及以上等级的事件带有位置时，事件详情中列出附近在用的摄像头（按直线距离由近到远）。事件接单后，或事件上报后超过联动时长，联动结束。',
    count: '联动数量',
    radiusM: '联动半径（米）',
    closeAfterMinutes: '联动时长（分钟）',
    save: '保存联动设置',
    saved: '已保存联动设置',
    adminOnly: '联动设置由系统管理员修改。',
    refusals: {
      count: '联动数量须为 {min} 到 {max} 之间的整数，未保存。请修改后再保存。',
      radiusM: '联动半径须为 {min} 到 {max} 米之间的整数，未保存。请修改后再保存。',
      closeAfterMinutes: '联动时长须为 {min} 到 {max} 分钟之间的整数，未保存。请修改后再保存。',
    },
  },
  pin: {
    button: '推送到大屏',
    buttonLabel: '把“{name}”推送到大屏',
    title: '推送“{name}”到大屏',
    intro: '选择一块大屏屏幕：有“联动画面”的屏幕在该画面中播放，没有的在屏幕右下角叠加播放，直到取消推送或被另一路替换。',
    screen: '{layout} · {screen}',
    screenName: '屏幕 {col}-{row}',
    hasTile: '有联动画面',
    overlay: '叠加播放',
    pinnedNow: '正在播放：{name}',
    send: '推送',
    unpin: '取消推送',
    unpinLabel: '取消推送 {screen} 上的“{name}”',
    noScreens: '还没有大屏布局：请先在“大屏布局”中保存一个布局。',
    pinned: '已推送到 {screen}',
    unpinned: '已取消推送 {screen}',
    refusals: {
      unknown_camera: '没有编号为 {camera} 的摄像头，未推送。',
      camera_disabled: '摄像头 {camera} 已停用，未推送。请先在“系统设置 → 摄像头”中启用。',
      unknown_screen: '该大屏屏幕已不存在（布局已修改或删除），未推送。请重新选择。',
      not_pinned: '该屏幕上没有推送的摄像头。',
      forbidden: '只有带班领导可以推送摄像头到大屏，未推送。',
    },
  },
};

export type CameraMessages = typeof cameraZhCN;

export const cameraEnUS: CameraMessages = {
  tab: 'Cameras',
  title: 'Cameras',
  intro:
    "The town's cameras: code, name, place (longitude and latitude; linkage finds the cameras near an event by it), grid and stream addresses (HLS or HTTP-FLV at least, optionally WebRTC and a snapshot). Credentials in an address are kept but never logged, audited or exported. A disabled camera is kept and not played. Every change is audited and sent to the district.",
  search: 'Code, name or grid',
  add: 'Add camera',
  addTitle: 'Add camera',
  editTitle: 'Edit camera: {name}',
  deactivateConfirm: 'Disable camera "{name}"?',
  deactivateBody: 'It is kept and no longer played on the map, the wall or in linkage; it can be enabled again.',
  reactivateConfirm: 'Enable camera "{name}" again?',
  deactivated: 'Camera "{name}" disabled',
  reactivated: 'Camera "{name}" enabled',
  added: 'Camera "{name}" added',
  edited: 'Camera "{name}" saved',
  columns: { code: 'Code', name: 'Name', grid: 'Grid', place: 'Longitude, latitude', streams: 'Streams', state: 'State' },
  fields: {
    code: 'Code',
    name: 'Name',
    lng: 'Longitude',
    lat: 'Latitude',
    gridCode: 'Grid',
    hlsUrl: 'HLS address (.m3u8)',
    flvUrl: 'HTTP-FLV address',
    whepUrl: 'WebRTC (WHEP) address',
    snapshotUrl: 'Snapshot address',
  },
  codeHint: 'Letters, digits, - or _, unique; it cannot change once saved',
  codeRequired: 'Enter a code: 1–32 letters, digits, - or _.',
  nameRequired: 'Enter a name.',
  lngRequired: 'Enter a longitude from 73 to 136 (WGS 84).',
  latRequired: 'Enter a latitude from 3 to 54 (WGS 84).',
  gridRequired: 'Choose the grid the camera stands in.',
  streamHint: 'HLS or HTTP-FLV at least; http:// or https:// addresses only',
  noStream: 'None',
  gridGone: '(grid no longer exists)',
  importButton: 'Import from a sheet…',
  importHint:
    'A .xlsx workbook with a sheet named 摄像头, columns: 摄像头编号, 名称, 经度, 纬度, 所在网格编号, HLS地址, FLV地址, WebRTC地址, 截图地址, 是否启用. With any fault, nothing is imported.',
  importTooLarge: 'The file is too large (over 160 KB): keep only the 摄像头 sheet and import again.',
  imported: 'Imported: {added} added, {changed} changed, {unchanged} unchanged.',
  importFaults: 'The workbook has {count} faults; no camera was imported. Fix them at these places and import again:',
  faultAt: '{sheet} row {row} column {column}',
  faultFile: 'File',
  refusals: {
    lng: 'The longitude is not between 73 and 136: enter a WGS 84 longitude (e.g. 120.1234), not the latitude.',
    lat: 'The latitude is not between 3 and 54: enter a WGS 84 latitude (e.g. 30.1234), not the longitude.',
    stream: 'No address to play: enter an HLS (.m3u8) or an HTTP-FLV address at least.',
    not_url: '"{field}" is not a full address: enter one starting with http:// or https://, or clear it.',
    not_http: '"{field}" must start with http:// or https:// (rtsp, rtmp are not played): use the HLS or FLV address the platform gives.',
    not_m3u8: '"{field}" is not an HLS address: it ends in .m3u8; put an FLV address under HTTP-FLV.',
    too_long: '"{field}" is too long (at most 1000 characters).',
    duplicate: 'The code "{code}" is used by another camera (case ignored): choose another.',
    unknownGrid: 'There is no grid "{code}": choose one of the town\'s grids.',
    gridInactive: 'The grid "{name}" is deactivated: choose a grid in use, or enable it under Grids first.',
  },
  linkage: {
    title: 'Linked cameras',
    closesAt: 'Linkage ends at {at}',
    none: 'No linked camera (no camera in use within {radius} m)',
    metres: 'about {n} m',
    kilometres: 'about {n} km',
    listLabel: 'Linked cameras, nearest first',
    settingsTitle: 'Linkage',
    settingsIntro:
      'When a sensor alert (any level) or an event of level major or above has a location, its detail lists the cameras in use nearby, nearest first. Linkage ends when the event is acknowledged, or when the set time after it was reported has passed.',
    count: 'Cameras linked',
    radiusM: 'Radius (metres)',
    closeAfterMinutes: 'Duration (minutes)',
    save: 'Save linkage settings',
    saved: 'Linkage settings saved',
    adminOnly: 'The administrator changes the linkage settings.',
    refusals: {
      count: 'The number of cameras must be a whole number from {min} to {max}; nothing was saved.',
      radiusM: 'The radius must be whole metres from {min} to {max}; nothing was saved.',
      closeAfterMinutes: 'The duration must be whole minutes from {min} to {max}; nothing was saved.',
    },
  },
  pin: {
    button: 'Pin to the wall',
    buttonLabel: 'Pin “{name}” to a wall screen',
    title: 'Pin “{name}” to a wall screen',
    intro: 'Choose a wall screen: one with a Linked cameras tile plays it there, another over its lower right corner, until unpinned or replaced.',
    screen: '{layout} · {screen}',
    screenName: 'Screen {col}-{row}',
    hasTile: 'Linked cameras tile',
    overlay: 'Over the screen',
    pinnedNow: 'Playing: {name}',
    send: 'Pin',
    unpin: 'Unpin',
    unpinLabel: 'Unpin “{name}” from {screen}',
    noScreens: 'No wall layout yet: save one under Wall layouts first.',
    pinned: 'Pinned to {screen}',
    unpinned: 'Unpinned from {screen}',
    refusals: {
      unknown_camera: 'There is no camera {camera}; nothing was pinned.',
      camera_disabled: 'Camera {camera} is disabled; nothing was pinned. Enable it under Settings → Cameras first.',
      unknown_screen: 'That wall screen no longer exists (its layout changed or was removed); nothing was pinned.',
      not_pinned: 'Nothing is pinned to that screen.',
      forbidden: 'Only a duty leader may pin a camera to the wall; nothing was pinned.',
    },
  },
};

export function useCameraMessages(): CameraMessages {
  return useMessages() === MESSAGES['en-US'] ? cameraEnUS : cameraZhCN;
}

/** A camera refusal as a sentence that says what to do; null: the console's own sentence. */
export function cameraErrorText(t: CameraMessages, error: ApiError): string | null {
  const p = error.params ?? {};
  const r = t.refusals;
  if (error.code === 'invalid' && typeof p.linkage === 'string') {
    const template = t.linkage.refusals[p.linkage as keyof CameraMessages['linkage']['refusals']];
    if (template) return fill(template, { min: p.min, max: p.max });
  }
  if (error.code === 'invalid' && typeof p.camera === 'string') {
    if (p.camera === 'lng' || p.camera === 'lat' || p.camera === 'stream') return r[p.camera];
    const field = t.fields[p.camera as keyof CameraMessages['fields']] ?? p.camera;
    const template = r[String(p.reason) as 'not_url' | 'not_http' | 'not_m3u8' | 'too_long'] ?? r.not_url;
    return fill(template, { field });
  }
  if (error.code === 'duplicate_code') return fill(r.duplicate, { code: p.code });
  if (error.code === 'unknown_grid') return fill(r.unknownGrid, { code: p.code });
  if (error.code === 'grid_inactive') return fill(r.gridInactive, { name: p.name });
  return null;
}
