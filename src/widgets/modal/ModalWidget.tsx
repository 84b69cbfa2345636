import { useEffect, useId, useRef } from 'react';
import type { WidgetRenderProps } from '../widgetRenderProps';
import { WidgetFrame } from '../WidgetFrame';
import { displayText, truthyProp } from '../displayText';

/**
 * In view mode, a modal dialog on the native `<dialog>` element (`showModal()`: the browser
 * provides the focus trap, the top layer and the backdrop), labelled by its title. Escape and
 * the close button set `isOpen` to false, then fire `onClose`. In edit mode, a visible
 * placeholder on the canvas, so builders can select and edit it.
 */
export function ModalWidget(props: WidgetRenderProps) {
  const title = displayText(props.values.title);
  if (props.mode === 'edit') {
    return (
      <WidgetFrame name={props.name} kind="modal" errors={props.errors} className="cw-modal--placeholder">
        <div className="cw-modal__placeholder-title">{title || props.name}</div>
        <div className="cw-modal__placeholder-hint">Modal · opens with showModal('{props.name}')</div>
      </WidgetFrame>
    );
  }
  return <ModalDialog {...props} title={title} />;
}

/** What closing does, in this order: the state first (so `onClose` reads `isOpen === false`), then the handler. */
export function closeModalWidget(setMeta: WidgetRenderProps['setMeta'], trigger: WidgetRenderProps['trigger']): void {
  setMeta({ isOpen: false });
  trigger('onClose');
}

function ModalDialog(props: WidgetRenderProps & { title: string }) {
  const { setMeta, trigger } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const open = truthyProp(props.values.isOpen);
  const closeLabel = displayText(props.values.closeLabel) || 'Close';

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // jsdom and old browsers lack showModal; the `open` attribute still shows the content.
    if (open && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const close = () => closeModalWidget(setMeta, trigger);

  return (
    <WidgetFrame name={props.name} kind="modal" errors={props.errors} className="cw-modal--view">
      <dialog
        ref={ref}
        className="ui-modal cw-modal__dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onCancel={(event) => {
          // Escape: keep the dialog under React's control; the state change closes it.
          event.preventDefault();
          close();
        }}
      >
        {open ? (
          <div className="ui-modal__panel">
            <h2 id={titleId} className="ui-modal__title">{props.title}</h2>
            <div className="ui-modal__message">{displayText(props.values.text)}</div>
            <div className="ui-modal__footer">
              <button type="button" className="cw-button__control cw-modal__close" onClick={close}>{closeLabel}</button>
            </div>
          </div>
        ) : null}
      </dialog>
    </WidgetFrame>
  );
}
