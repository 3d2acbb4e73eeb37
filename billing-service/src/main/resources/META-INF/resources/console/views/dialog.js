// A modal confirmation (<dialog>): focus moves into it, Escape or Cancel answers false.
import { el } from '../ui.js';

export function confirmDialog(title, text, confirmLabel) {
  return new Promise(resolve => {
    const titleId = 'dialog-title-' + Date.now();
    const cancel = el('button', { type: 'button', value: 'cancel' }, 'Cancel');
    const confirm = el('button', { type: 'button', value: 'confirm', class: 'primary' }, confirmLabel);
    const dialog = el('dialog', { 'aria-labelledby': titleId, class: 'confirm' },
      el('h2', { id: titleId }, title), el('p', {}, text), el('div', { class: 'actions' }, cancel, confirm));
    const answer = ok => {
      dialog.close();
      dialog.remove();
      resolve(ok);
    };
    cancel.addEventListener('click', () => answer(false));
    confirm.addEventListener('click', () => answer(true));
    dialog.addEventListener('cancel', event => { event.preventDefault(); answer(false); });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
