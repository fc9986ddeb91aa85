// A modal yes/no question on the native <dialog> (showModal): focus moves into it and stays there, Escape cancels,
// Tab moves between the two buttons, and the safe choice (cancel) has the focus first.
import { type ReactNode, useEffect, useRef } from 'react';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}

export function ConfirmDialog(p: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    cancelRef.current?.focus();
  }, []);
  return (
    <dialog
      ref={ref}
      className="card confirm-dialog"
      aria-labelledby="confirm-dialog-title"
      data-testid={p.testId}
      // Escape fires `cancel`: answer it as "no" and let React unmount the dialog.
      onCancel={(e) => {
        e.preventDefault();
        // React carries `cancel` up its own tree: a dialog opened from inside another (the image detail) must not
        // close that one too.
        e.stopPropagation();
        p.onCancel();
      }}
    >
      <h2 id="confirm-dialog-title">{p.title}</h2>
      {p.children}
      <p className="confirm-dialog-buttons">
        <button
          type="button"
          className="button"
          ref={cancelRef}
          onClick={p.onCancel}
          data-testid="confirm-cancel"
        >
          {p.cancelLabel ?? 'Cancel'}
        </button>{' '}
        <button type="button" className="button" onClick={p.onConfirm} data-testid="confirm-ok">
          {p.confirmLabel}
        </button>
      </p>
    </dialog>
  );
}
