/**
 * Every string of 附件 (attachments on an event, issue #15): the picker on intake, note and report-back,
 * and the event detail's list, in Simplified Chinese (the default) and English (typed against the Chinese).
 */
import { MESSAGES, useMessages } from '../../locales';

export const attachmentZhCN = {
  title: '附件',
  add: '添加附件',
  addMore: '继续添加',
  hint: '照片（JPG、PNG、GIF、WebP）、PDF、纯文本、Word/Excel/PowerPoint 文档（.docx/.xlsx/.pptx），单个不超过 20 MB；按文件内容识别类型，可执行程序不能添加。',
  remove: '移除 {name}',
  none: '暂无附件',
  download: '下载',
  open: '打开',
  loading: '正在读取…',
  uploading: '正在上传附件 {name}（{done}/{total}）…',
  attached: '已添加附件 {n} 个',
  /** A blob this console cannot have now: 附件暂不可用（reason）. */
  missing: '附件暂不可用（{reason}）',
  reasons: {
    not_found: '区级平台上也没有这个文件，请联系添加附件的人重新上传',
    not_linked: '本机未连接区级平台，连接后可查看',
    unreachable: '暂时连不上区级平台，稍后再试',
    corrupt: '文件已损坏，请联系添加附件的人重新上传',
    too_large: '文件超过 20 MB，无法取回',
  } as Record<string, string>,
  by: '{name} 于 {at} 添加',
  tooLarge: '{name} 超过 20 MB，未选入。请压缩或拆分后再添加。',
  empty: '{name} 是空文件，未选入。',
  failed: '事件已保存，但附件未能添加：{reason}',
  thumbAlt: '附件图片：{name}',
};

export type AttachmentMessages = typeof attachmentZhCN;

export const attachmentEnUS: AttachmentMessages = {
  title: 'Attachments',
  add: 'Add attachment',
  addMore: 'Add more',
  hint: 'Photos (JPG, PNG, GIF, WebP), PDF, plain text, Word/Excel/PowerPoint documents (.docx/.xlsx/.pptx), at most 20 MB each; the type is read from the content, and programs are refused.',
  remove: 'Remove {name}',
  none: 'No attachments',
  download: 'Download',
  open: 'Open',
  loading: 'Loading…',
  uploading: 'Uploading {name} ({done}/{total})…',
  attached: '{n} attachment(s) added',
  missing: 'Attachment not available now ({reason})',
  reasons: {
    not_found: 'the district does not hold it either; ask whoever added it to upload it again',
    not_linked: 'this console is not linked to the district; link it to see it',
    unreachable: 'the district cannot be reached now; try again later',
    corrupt: 'the file is damaged; ask whoever added it to upload it again',
    too_large: 'the file is over 20 MB and cannot be fetched',
  },
  by: 'added by {name} at {at}',
  tooLarge: '{name} is over 20 MB and was not chosen. Compress or split it first.',
  empty: '{name} is empty and was not chosen.',
  failed: 'The event was saved, but the attachment was not added: {reason}',
  thumbAlt: 'Attached picture: {name}',
};

export function useAttachmentMessages(): AttachmentMessages {
  const m = useMessages();
  return m === MESSAGES['en-US'] ? attachmentEnUS : attachmentZhCN;
}
