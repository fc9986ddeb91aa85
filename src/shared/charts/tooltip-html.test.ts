// tooltipHtml: each line escaped, lines joined by <br/>, the only markup in the result.
import { describe, expect, it } from 'vitest';
import { tooltipHtml } from './tooltip-html.ts';

describe('tooltipHtml', () => {
  it('joins escaped lines with <br/> and writes no other tag', () => {
    const html = tooltipHtml('<img src=x onerror=alert(1)>', 'a<br/>b', 42);
    expect(html).toBe('&#60;img src=x onerror=alert(1)&#62;<br/>a&#60;br/&#62;b<br/>42');
    expect(html.replace(/<br\/>/g, '')).not.toMatch(/[<>]/);
  });
});
