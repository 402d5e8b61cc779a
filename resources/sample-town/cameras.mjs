// Writes resources/sample-town/cameras.xlsx: 白鹭镇's camera workbook (its 摄像头 sheet), as the video
// platform's list would come. Run: node resources/sample-town/cameras.mjs
import ExcelJS from 'exceljs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HEADERS = ['摄像头编号', '名称', '经度', '纬度', '所在网格编号', 'HLS地址', 'FLV地址', 'WebRTC地址', '截图地址', '是否启用'];
const BASE = 'https://video.bailu.example';
export const SAMPLE_CAMERAS = [
  ['BL-CAM01', '白鹭桥东', 120.1661, 29.9262, 'BL-G01', `${BASE}/live/cam01.m3u8`, '', '', `${BASE}/snap/cam01.jpg`, '是'],
  ['BL-CAM02', '社区服务中心门口', 120.1789, 29.9255, 'BL-G02', `${BASE}/live/cam02.m3u8`, `${BASE}/flv/cam02.flv`, `${BASE}/whep/cam02`, '', '是'],
  ['BL-CAM03', '白鹭小学南门', 120.1665, 29.9375, 'BL-G03', '', `${BASE}/flv/cam03.flv`, '', '', '是'],
  ['BL-CAM04', '滨江路口', 120.1792, 29.9371, 'BL-G04', `${BASE}/live/cam04.m3u8?token=bailu-demo-token`, '', '', '', '是'],
  ['BL-CAM05', '芦花村村委', 120.1913, 29.9264, 'BL-G05', `https://viewer:cam05-pass@video.bailu.example/live/cam05.m3u8`, '', '', '', '是'],
  ['BL-CAM06', '芦花村渡口', 120.1911, 29.9369, 'BL-G06', `${BASE}/live/cam06.m3u8`, '', '', '', '否'],
];

const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet('摄像头');
ws.addRow(HEADERS);
for (const row of SAMPLE_CAMERAS) ws.addRow(row);
ws.columns.forEach((c, i) => (c.width = i >= 5 && i <= 8 ? 40 : 14));
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cameras.xlsx');
await wb.xlsx.writeFile(out);
console.log(`wrote ${out}`);
