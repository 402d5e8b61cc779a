/**
 * The camera player's strings (issue #18), Simplified Chinese and English (typed against the Chinese),
 * beside the player like camera-locales.ts is beside its section. No address is ever part of a text.
 */
import { MESSAGES, useMessages } from '../../locales';

export const playerZhCN = {
  connecting: '正在连接',
  interrupted: '信号中断',
  droppedAt: '中断于 {time}',
  retrying: '正在自动重连',
  waiting: '等待解码资源',
  waitingHint: '同时播放的画面已达上限，有画面停止后自动播放',
  stopped: '不在可视范围，已停止播放',
  noStream: '未配置播放地址',
  unsupported: '此浏览器无法播放该视频流',
  video: '摄像头画面：{name}',
};

export type PlayerMessages = typeof playerZhCN;

export const playerEnUS: PlayerMessages = {
  connecting: 'Connecting',
  interrupted: 'Signal lost',
  droppedAt: 'Lost at {time}',
  retrying: 'Reconnecting automatically',
  waiting: 'Waiting for a decoder',
  waitingHint: 'As many streams as allowed are playing; this one starts when one stops',
  stopped: 'Off screen, stopped',
  noStream: 'No stream address',
  unsupported: 'This browser cannot play this stream',
  video: 'Camera picture: {name}',
};

export function usePlayerMessages(): PlayerMessages {
  return useMessages() === MESSAGES['en-US'] ? playerEnUS : playerZhCN;
}
