// `webclas bench [name…]` / `npm run bench`: runs benchmark tasks, prints a table on stderr, writes JSON results.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelsBenchPayload } from '../engine/bench/models/models-task.ts';
import { PAYLOAD_ARG } from '../engine/nn/loop/task-payload.ts';
import type { TaskArgs } from '../engine/tasks/task-types.ts';
import { emitJson, progress } from './output.ts';
import { type Runtime, runTask } from './runtime/run-task.ts';

export const benchNames = ['matmul', 'augment', 'models', 'classify', 'import', 'train'];

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** `bench train` gets the model's bytes from here (the task runs where files cannot be read): --model or MobileNetV2. */
export function trainBenchArgs(args: TaskArgs): TaskArgs {
  const model =
    typeof args.model === 'string'
      ? resolve(args.model)
      : resolve(repoRoot, process.env.WEBCLAS_SHARED ?? '../shared', 'models/mobilenetv2-12-float.onnx');
  if (!existsSync(model))
    throw new Error(`bench train: model ${model} not found (pass --model FILE.onnx or set WEBCLAS_SHARED)`);
  const payload = { modelName: basename(model), modelBase64: readFileSync(model).toString('base64') };
  return { ...args, [PAYLOAD_ARG]: JSON.stringify(payload) };
}

/**
 * `bench models --models a.onnx,…`: an entry that is a file on this machine is read here and travels as bytes, as
 * for `classify` and `eval` (the page can only fetch from the mirror, and mirror paths must stay inside it);
 * anything else stays a zoo id or a mirror path.
 */
export function modelsBenchArgs(args: TaskArgs): TaskArgs {
  if (typeof args.models !== 'string') return args;
  const files: Record<string, string> = {};
  for (const id of args.models.split(',').map((s) => s.trim())) {
    if (id && existsSync(id) && statSync(id).isFile()) files[id] = readFileSync(id).toString('base64');
  }
  if (Object.keys(files).length === 0) return args;
  return { ...args, [PAYLOAD_ARG]: JSON.stringify({ files } satisfies ModelsBenchPayload) };
}

interface ComparisonLine {
  bench: string;
  case: string;
  unit: string;
  ours: number;
  baseline: string;
  baseline_value: number;
  ratio: number;
}

function isComparison(x: unknown): x is ComparisonLine {
  return typeof x === 'object' && x !== null && 'bench' in x && 'baseline' in x && 'ratio' in x;
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

export function formatTable(rows: ComparisonLine[]): string {
  const head = ['bench', 'case', 'unit', 'ours', 'baseline', 'baseline value', 'ratio'];
  const body = rows.map((r) => [
    r.bench,
    r.case,
    r.unit,
    fmt(r.ours),
    r.baseline,
    fmt(r.baseline_value),
    `${r.ratio.toFixed(2)}×`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

export async function runBenches(runtime: Runtime, names: string[], args: TaskArgs): Promise<void> {
  const selected = names.length > 0 ? names : benchNames;
  for (const name of selected) {
    if (!benchNames.includes(name))
      throw new Error(`unknown benchmark '${name}' (known: ${benchNames.join(', ')})`);
    const results: unknown[] = [];
    const io = {
      emit: (r: unknown) => {
        results.push(r);
        emitJson(r);
      },
      progress,
    };
    const started = new Date();
    const taskArgs =
      name === 'train' ? trainBenchArgs(args) : name === 'models' ? modelsBenchArgs(args) : args;
    await runTask(runtime, `bench-${name}`, taskArgs, io);
    const rows = results.filter(isComparison);
    progress(`\n${formatTable(rows)}\n`);
    const dir = typeof args.out === 'string' ? args.out : 'bench-results';
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name}-${runtime}-${started.toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      `${JSON.stringify({ bench: name, runtime, started: started.toISOString(), results }, null, 2)}\n`,
    );
    progress(`wrote ${file}`);
  }
}
