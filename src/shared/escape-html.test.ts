// escapeHtml: markup characters become character references, everything else passes through, and decoding the
// references gives the input back (on hostile strings and on random ones).
import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escape-html.ts';

const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));

describe('escapeHtml', () => {
  it('turns markup into text', () => {
    expect(escapeHtml('<img src=x onerror="window.__xss=1">')).toBe(
      '&#60;img src=x onerror=&#34;window.__xss=1&#34;&#62;',
    );
    expect(escapeHtml(`a & b's "c"`)).toBe('a &#38; b&#39;s &#34;c&#34;');
    expect(escapeHtml("'><script>alert(1)</script>")).toBe(
      '&#39;&#62;&#60;script&#62;alert(1)&#60;/script&#62;',
    );
    expect(escapeHtml('&lt;')).toBe('&#38;lt;');
  });

  it('leaves plain text alone and converts non-strings', () => {
    expect(escapeHtml('mobilenetv2-12-float · 3.5 M')).toBe('mobilenetv2-12-float · 3.5 M');
    expect(escapeHtml(12.5)).toBe('12.5');
    expect(escapeHtml(null)).toBe('null');
  });

  it('round-trips random strings with no raw markup left', () => {
    const alphabet = `<>&"'=/ ab\n;#é😀`;
    for (let i = 0; i < 200; i++) {
      const s = Array.from(
        { length: Math.floor(Math.random() * 30) },
        () => alphabet[Math.floor(Math.random() * alphabet.length)],
      ).join('');
      const e = escapeHtml(s);
      expect(e).not.toMatch(/[<>"']/);
      // Every & starts one of the references this function writes.
      expect(e.replace(/&#(38|60|62|34|39);/g, '')).not.toContain('&');
      expect(decode(e)).toBe(s);
    }
  });
});
