/**
 * Every string of 上级联网 (LinkSection), in Simplified Chinese (the default) and English (typed
 * against the Chinese).
 */
import { MESSAGES, useMessages } from '../../locales';

export const linkZhCN = {
  tab: '上级联网',
  title: '上级联网（区社会治理中心）',
  intro: '填写区社会治理中心同步服务的地址、本镇区划代码和区里发给本值班台的令牌。保存后立即开始同步，无需重启；未联网时所有操作仍保存在本机，联网后自动补发。',
  upstream: '同步服务地址',
  upstreamPlaceholder: '例如 https://10.12.0.8/sync',
  upstreamHint: '以 http:// 或 https:// 开头，不含用户名、密码、查询参数或 #。',
  townCode: '本镇区划代码',
  townCodeHint: '12 位数字，须与本镇的区划代码一致。',
  token: '令牌',
  tokenPlaceholderNew: '区里发给本值班台的令牌',
  tokenPlaceholderKept: '已保存（留空则保持不变）',
  tokenHint: '令牌不写入数据库，也不会再显示。',
  protection: { safeStorage: '令牌用系统密钥库加密保存', file: '令牌保存在仅本账户可读的文件中（权限 0600）' },
  test: '测试连接',
  testing: '正在测试…',
  save: '保存并开始同步',
  saved: '已保存，同步已开始',
  remove: '停止同步并清除',
  removeConfirm: '停止与区中心同步并清除地址和令牌吗？本机的操作会保留，重新联网后补发。',
  removed: '已停止同步，地址和令牌已清除',
  state: '当前状态',
  running: '同步运行中',
  notRunning: '未同步',
  notConfigured: '未配置：所有操作仅保存在本机',
  testOk: '连接正常：区中心已答复（{ms} 毫秒）。',
  faults: {
    unreachable: '连不上该地址：请检查地址、端口和网络（本机能否访问区中心内网）。',
    timeout: '区中心在 5 秒内没有答复：请检查网络，或稍后再试。',
    certificate: '区中心的证书不受信任（自签名、过期或与地址不符）：请联系区中心核对证书，或改用区中心提供的地址。',
    unauthorized: '令牌无效（401）：请核对区里发给本值班台的令牌。',
    wrong_town: '令牌不属于这个区划代码（403）：请核对本镇区划代码和令牌是否配套。',
    wrong_node: '令牌不是发给本机的（节点编号不符，403）：请把下方的本机节点编号报给区中心，按它重新申请令牌。',
    not_district: '该地址答复了，但不是区中心同步服务：请核对地址（通常以 /sync 或 /api 结尾）。',
    server_error: '区中心出错（5xx）：请稍后再试，仍不行请联系区中心。',
    no_token: '请先填写令牌。',
  },
  detail: '详情：{detail}',
  fieldErrors: {
    upstream: '同步服务地址无效：须以 http:// 或 https:// 开头，不含用户名、密码、查询参数或 #。未保存。',
    townCode: '区划代码应为 12 位数字。未保存。',
    token: '请填写令牌（首次保存时必填）。未保存。',
  } as Record<string, string>,
  townMismatch: '本镇区划代码是 {expected}，只能连接本镇：请改为 {expected}。未保存。',
  openSettings: '上级联网设置',
  nodeId: '本机节点编号',
  nodeIdHint: '区中心按此编号为本值班台发放令牌。',
};

export type LinkMessages = typeof linkZhCN;

export const linkEnUS: LinkMessages = {
  tab: 'District link',
  title: 'District link (district governance centre)',
  intro:
    "The address of the district centre's sync service, the town's division code and the token the district issued to this console. Saving starts syncing at once, without a restart; while unlinked every action is kept on this machine and sent once linked.",
  upstream: 'Sync service address',
  upstreamPlaceholder: 'e.g. https://10.12.0.8/sync',
  upstreamHint: 'Starts with http:// or https://; no user, password, query or #.',
  townCode: "Town's division code",
  townCodeHint: "12 digits, the town's own code.",
  token: 'Token',
  tokenPlaceholderNew: 'The token the district issued to this console',
  tokenPlaceholderKept: 'Saved (leave empty to keep it)',
  tokenHint: 'The token is not written to the database and is never shown again.',
  protection: { safeStorage: "The token is encrypted with the system's key store", file: 'The token is kept in a file only this account can read (mode 0600)' },
  test: 'Test connection',
  testing: 'Testing…',
  save: 'Save and start syncing',
  saved: 'Saved; syncing has started',
  remove: 'Stop syncing and clear',
  removeConfirm: "Stop syncing with the district and clear the address and token? This console's actions are kept and sent once linked again.",
  removed: 'Syncing stopped; address and token cleared',
  state: 'State',
  running: 'Syncing',
  notRunning: 'Not syncing',
  notConfigured: 'Not set: every action is kept on this machine only',
  testOk: 'The connection works: the district answered ({ms} ms).',
  faults: {
    unreachable: "The address cannot be reached: check the address, the port and the network (can this machine reach the district's intranet?).",
    timeout: 'The district did not answer within 5 seconds: check the network or try again later.',
    certificate: "The district's certificate is not trusted (self-signed, expired or for another name): ask the district to check it, or use the address they gave.",
    unauthorized: 'The token is not valid (401): check the token the district issued to this console.',
    wrong_town: 'The token is not for this division code (403): check that the code and the token belong together.',
    wrong_node: "The token was not issued to this console (node id differs, 403): give the district this console's node id below and ask for a token for it.",
    not_district: 'Something answered, but not the district sync service: check the address (it usually ends in /sync or /api).',
    server_error: 'The district had an error (5xx): try again later; if it persists, call the district centre.',
    no_token: 'Enter the token first.',
  },
  detail: 'Details: {detail}',
  fieldErrors: {
    upstream: 'The sync service address is not valid: it starts with http:// or https:// and has no user, password, query or #. Not saved.',
    townCode: 'A division code is 12 digits. Not saved.',
    token: 'Enter the token (needed the first time). Not saved.',
  },
  townMismatch: "This town's division code is {expected}; only it can be linked: change it to {expected}. Not saved.",
  openSettings: 'District link settings',
  nodeId: "This console's node id",
  nodeIdHint: 'The district issues the token for this id.',
};

export function useLinkMessages(): LinkMessages {
  return useMessages() === MESSAGES['en-US'] ? linkEnUS : linkZhCN;
}
