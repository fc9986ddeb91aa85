// A real <button> that opens a hidden file (or directory) input: a <label> around a hidden input is never reached
// by Tab, so keyboard users could not pick files at all. The input keeps its test id for setInputFiles.
import { type ReactNode, useRef } from 'react';

export interface FilePickButtonProps {
  children: ReactNode;
  onFiles: (files: File[]) => void;
  accept?: string;
  multiple?: boolean;
  /** Pick a whole folder (webkitdirectory); the files come with their webkitRelativePath. */
  directory?: boolean;
  disabled?: boolean;
  className?: string;
  testId?: string;
}

export function FilePickButton(p: FilePickButtonProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className={p.className ?? 'button'}
        disabled={p.disabled}
        onClick={() => input.current?.click()}
      >
        {p.children}
      </button>
      <input
        ref={(el) => {
          input.current = el;
          if (el && p.directory) el.webkitdirectory = true;
        }}
        type="file"
        hidden
        tabIndex={-1}
        aria-hidden="true"
        accept={p.accept}
        multiple={p.multiple}
        disabled={p.disabled}
        data-testid={p.testId}
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          if (files.length > 0) p.onFiles(files);
          // Cleared so that picking the same files again fires `change` again.
          e.currentTarget.value = '';
        }}
      />
    </>
  );
}
