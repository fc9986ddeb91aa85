// Types shared by the header readers: what a file's header says, and findings about it.

export type ImageKind = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp';

export interface ImageFacts {
  kind: ImageKind;
  mime: string;
  width: number;
  height: number;
  /** Bits per channel sample (8 for almost everything; 16 for some PNGs, 12 for rare JPEGs). */
  bitDepth: number;
  grayscale: boolean;
  alpha: boolean;
  /** 4-component JPEG: 'cmyk' or 'ycck' (Adobe transform 2). */
  inkColour: 'cmyk' | 'ycck' | null;
  /** EXIF orientation 1..8; 1 when absent. */
  orientation: number;
  animated: boolean;
}

export interface Finding {
  severity: 'error' | 'warning';
  code: string;
  reason: string;
}

/** A header reader hit something that makes the file unusable. */
export class HeaderError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HeaderError';
  }
}

export function baseFacts(kind: ImageKind, mime: string): ImageFacts {
  return {
    kind,
    mime,
    width: 0,
    height: 0,
    bitDepth: 8,
    grayscale: false,
    alpha: false,
    inkColour: null,
    orientation: 1,
    animated: false,
  };
}
