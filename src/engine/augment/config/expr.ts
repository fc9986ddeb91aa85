// PaddleClas YAML writes some numbers as expressions ("1.0/255.0") and evals them; this reads exactly
// + − × ÷, parentheses and decimal numbers, nothing else.

export function evalArithmetic(src: string): number {
  let pos = 0;
  const fail = (why: string): never => {
    throw new Error(`cannot read "${src}" as a number: ${why} at character ${pos + 1}`);
  };
  const skip = () => {
    while (src[pos] === ' ') pos++;
  };
  const atom = (): number => {
    skip();
    if (src[pos] === '(') {
      pos++;
      const v = sum();
      skip();
      if (src[pos] !== ')') fail("expected ')'");
      pos++;
      return v;
    }
    if (src[pos] === '-' || src[pos] === '+') {
      const neg = src[pos] === '-';
      pos++;
      const v = atom();
      return neg ? -v : v;
    }
    const m = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(src.slice(pos));
    if (!m) return fail('expected a number');
    pos += m[0].length;
    return Number(m[0]);
  };
  const product = (): number => {
    let v = atom();
    for (;;) {
      skip();
      if (src[pos] === '*') {
        pos++;
        v *= atom();
      } else if (src[pos] === '/') {
        pos++;
        v /= atom();
      } else return v;
    }
  };
  const sum = (): number => {
    let v = product();
    for (;;) {
      skip();
      if (src[pos] === '+') {
        pos++;
        v += product();
      } else if (src[pos] === '-') {
        pos++;
        v -= product();
      } else return v;
    }
  };
  const v = sum();
  skip();
  if (pos !== src.length) fail('unexpected text');
  return v;
}
