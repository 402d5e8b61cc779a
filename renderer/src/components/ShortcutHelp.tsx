/** The keyboard shortcuts: listed in the footer bar, and in full in the `?` dialog. */
import { Modal } from 'antd';
import { useMessages, type Messages } from '../locales';

export function shortcutList(m: Messages): [string, string][] {
  const s = m.shortcuts;
  return [
    ['J / ↓', s.next],
    ['K / ↑', s.prev],
    ['Enter', s.open],
    ['D', s.dispatch],
    ['N', s.intake],
    ['/', s.search],
    ['A', s.ack],
    ['?', s.help],
    ['Esc', s.close],
  ];
}

export function ShortcutBar() {
  const m = useMessages();
  return (
    <div className="shortcut-bar" data-testid="shortcut-bar">
      {shortcutList(m).map(([key, what]) => (
        <span key={key} className="shortcut">
          <kbd>{key}</kbd>
          <span>{what}</span>
        </span>
      ))}
    </div>
  );
}

export function ShortcutHelp({ onClose }: { onClose(): void }) {
  const m = useMessages();
  return (
    <Modal open title={m.shortcuts.title} onCancel={onClose} footer={null} width={520}>
      <table className="shortcut-table" data-testid="shortcut-help">
        <tbody>
          {shortcutList(m).map(([key, what]) => (
            <tr key={key}>
              <td>
                <kbd>{key}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
